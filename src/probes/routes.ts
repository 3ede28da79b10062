import { z } from "zod";
import { checkResultSchema, monitorPageSchema, monitorViewSchema } from "../client/schemas.js";
import { getObject } from "../config/objects.js";
import type { Clock } from "../core/clock.js";
import { notFound } from "../core/errors.js";
import { defineRoute, pagingQuery, type RouteDefinition } from "../server/route.js";
import type { Store } from "../store/database.js";
import { getMonitorView, listMonitorViews, listResults } from "./store.js";

const resultsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().min(0).optional().describe("epoch ms; results strictly older than this"),
});

/** Monitors as operators see them: state, uptime and recent results, paged on the server. */
export function probeRoutes(store: Store, clock: Clock): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/v1/monitors",
      tag: "monitors",
      summary: "Monitors with their state, 24-hour uptime and recent results, worst state first, then by name",
      query: pagingQuery,
      response: monitorPageSchema,
      handler: ({ query }) => listMonitorViews(store.db, { ...query, now: clock.now() }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/monitors/:name",
      tag: "monitors",
      summary: "One monitor's state, uptime and recent results",
      response: monitorViewSchema,
      handler: async ({ params }) => {
        const view = await getMonitorView(store.db, params.name as string, clock.now());
        if (!view) throw notFound(`Monitor "${params.name}" does not exist`);
        return view;
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/monitors/:name/results",
      tag: "monitors",
      summary: "A monitor's check results, newest first",
      query: resultsQuery,
      response: z.object({ items: z.array(checkResultSchema) }),
      handler: async ({ params, query }) => {
        const monitor = await getObject(store.db, "Monitor", params.name as string);
        if (!monitor) throw notFound(`Monitor "${params.name}" does not exist`);
        return { items: await listResults(store.db, monitor.id, query) };
      },
    }),
  ];
}
