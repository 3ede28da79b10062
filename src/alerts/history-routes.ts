import { z } from "zod";
import type { Clock } from "../core/clock.js";
import { notFound } from "../core/errors.js";
import { pageSchema } from "../http/page.js";
import { defineRoute, type RouteDefinition } from "../http/route.js";
import type { Store } from "../store/database.js";
import { parseAlertFilter } from "./alert-filters.js";
import { matchesAll } from "./matchers.js";
import { findAlert, listAlerts, readAlertHistory } from "./store.js";
import { alertDetailSchema, alertViewSchema, toAlertView } from "./views.js";

const listQuery = z.strictObject({
  state: z.enum(["firing", "resolved"]).optional(),
  source: z.enum(["alertmanager", "pagerduty", "webhook", "slo", "monitor"]).optional(),
  filter: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (value === undefined ? [] : [value].flat()))
    .describe('label matchers such as {service="checkout"}; repeat for more'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const detailQuery = z.strictObject({
  historyLimit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Nines' own view of alerts: every alert it holds, firing or resolved, and what happened to each. */
export function alertHistoryRoutes(deps: { store: Store; clock: Clock }): RouteDefinition[] {
  const { store, clock } = deps;
  const every = { active: true, silenced: true, inhibited: true, unprocessed: true };
  return [
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/alerts",
      tag: "alerts",
      summary: "Alerts, firing and resolved, most recently updated first",
      query: listQuery,
      response: pageSchema(alertViewSchema),
      handler: async ({ query }) => {
        const now = clock.now();
        const filter = parseAlertFilter(every, query.filter, undefined);
        const matching = (await listAlerts(store.db, { state: query.state, source: query.source, now })).filter(
          (alert) => matchesAll(filter.matchers, alert.labels),
        );
        return {
          items: matching.slice(query.offset, query.offset + query.limit).map((alert) => toAlertView(alert, now)),
          total: matching.length,
          limit: query.limit,
          offset: query.offset,
        };
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/alerts/:fingerprint",
      tag: "alerts",
      summary: "One alert with its history, newest event first",
      query: detailQuery,
      response: alertDetailSchema,
      handler: async ({ params, query }) => {
        const fingerprint = params.fingerprint as string;
        const alert = await findAlert(store.db, fingerprint);
        if (!alert) throw notFound(`no alert with fingerprint ${fingerprint}`);
        const history = await readAlertHistory(store.db, fingerprint, query.historyLimit);
        return { ...toAlertView(alert, clock.now()), history };
      },
    }),
  ];
}
