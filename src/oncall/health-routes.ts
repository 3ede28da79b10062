import { z } from "zod";
import { selectObjectsOfKind } from "../config/kind-queries.js";
import type { Clock } from "../core/clock.js";
import { invalid } from "../core/errors.js";
import { defineRoute, type RouteDefinition } from "../http/route.js";
import { fromJson } from "../store/json.js";
import type { Store } from "../store/store.js";
import { computeOnCallHealth, toOnCallPeople } from "./health.js";
import type { TeamSpec, UserSpec } from "./model.js";
import { listPageRecords } from "./pages-store.js";
import { onCallHealthSchema } from "./views.js";

const DAY_MS = 86_400_000;

const healthQuery = z.strictObject({
  from: z.coerce.number().int().min(0).optional().describe("epoch ms; default 28 days before `to`"),
  to: z.coerce.number().int().min(0).optional().describe("epoch ms; default now"),
});

async function namedSpecs<Spec>(store: Store, kind: string) {
  const rows = await selectObjectsOfKind(store.db, kind).orderBy("objects.name").execute();
  return rows.map((row) => ({ name: row.name, spec: fromJson<Spec>(row.spec) }));
}

/** On-call health: who carries the pages, how many out of hours, and how fast they are answered. */
export function onCallHealthRoutes(store: Store, clock: Clock): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/oncall/health",
      tag: "oncall",
      summary: "Per person and team: pages per week, pages outside working hours, time to acknowledge and resolve",
      query: healthQuery,
      response: onCallHealthSchema,
      handler: async ({ query }) => {
        const to = query.to ?? clock.now();
        const from = query.from ?? to - 28 * DAY_MS;
        if (from >= to) throw invalid("expected `from` before `to`", [{ path: "/from", message: "after `to`" }]);
        if (to - from > 366 * DAY_MS)
          throw invalid("at most a year at once", [{ path: "/from", message: "more than 366 days before `to`" }]);
        const [pages, users, teams] = await Promise.all([
          listPageRecords(store.db, from, to),
          namedSpecs<UserSpec>(store, "User"),
          namedSpecs<TeamSpec>(store, "Team"),
        ]);
        return computeOnCallHealth(pages, toOnCallPeople(users, teams), from, to);
      },
    }),
  ];
}
