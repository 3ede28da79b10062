import { z } from "zod";
import type { Clock } from "../core/clock.js";
import { invalid, notFound } from "../core/errors.js";
import { defineRoute, type RouteDefinition } from "../http/route.js";
import type { Store } from "../store/database.js";
import { listAlerts } from "./alert-store.js";
import type { SloEngine } from "./engine.js";
import { checkGate } from "./gate.js";
import { readSloHistory } from "./history.js";
import { labelsKey } from "./store.js";
import { currentSloViews, toSloDetail } from "./view-builder.js";
import { sloAlertSchema, sloDetailSchema, sloGateSchema, sloHistorySchema, sloViewSchema } from "./views.js";
import { HOUR_MS } from "./windows.js";

const historyQuery = z.strictObject({
  objective: z.coerce.number().int().min(0).max(100).default(0),
  group: z
    .string()
    .max(2000)
    .optional()
    .describe('the group\'s labels as JSON, e.g. {"route":"/pay"}; default the group most at risk'),
  from: z.coerce.number().int().min(0).optional().describe("epoch ms; default one SLO window before `to`"),
  to: z.coerce.number().int().min(0).optional().describe("epoch ms; default now"),
  step: z
    .string()
    .regex(/^[1-9]\d*[hd]$/, { error: 'expected whole hours or days such as "1h", "6h" or "1d"' })
    .default("1h")
    .describe("bucket length: whole hours or days"),
});

const alertsQuery = z.strictObject({
  state: z.enum(["firing", "resolved"]).optional(),
  slo: z.string().max(253).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const gateQuery = z.strictObject({
  service: z.string().min(1).max(253),
  maxBurn: z.coerce
    .number()
    .positive()
    .optional()
    .describe("also close the gate when any SLO burns faster than this over 1h"),
});

const count = z.number().finite().min(0, { error: "expected a count of at least 0" });
const eventSchema = z.strictObject({
  good: count,
  total: count,
  time: z.number().int().min(0).optional().describe("epoch ms the events happened; default now"),
  labels: z.record(z.string().max(128), z.string().max(1024)).optional().describe("values of the SLO's groupBy labels"),
});
const eventsBody = z.union([eventSchema, z.strictObject({ events: z.array(eventSchema).min(1).max(10_000) })], {
  error: "expected {good, total[, time, labels]} or {events: [...]}",
});

/** The SLO engine's HTTP surface: numbers, history, alerts, the release gate and the events endpoint. */
export function sloRoutes(store: Store, clock: Clock, engine: SloEngine): RouteDefinition[] {
  const find = (name: string) => {
    const snapshot = engine.snapshot().find((item) => item.runtime.name === name);
    if (!snapshot) throw notFound(`SLO "${name}" does not exist`);
    return snapshot;
  };
  return [
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/slos",
      tag: "slos",
      summary: "Every SLO with its SLI, error budget and burn rates, most at risk first",
      response: z.object({ items: z.array(sloViewSchema) }),
      handler: () => ({
        items: currentSloViews(engine, clock.now()),
      }),
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/slos/:name",
      tag: "slos",
      summary: "One SLO: objectives, every group, burn-rate tiers and recent alerts",
      response: sloDetailSchema,
      handler: async ({ params }) => {
        const snapshot = find(params.name as string);
        const alerts = (await listAlerts(store, { slo: snapshot.runtime.name, limit: 50 })).map(
          ({ groupKey: _group, ...alert }) => alert,
        );
        return toSloDetail(snapshot, engine.alerting, clock.now(), alerts);
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/slos/:name/history",
      tag: "slos",
      summary: "An objective's SLI and remaining budget over time, in buckets of whole hours",
      query: historyQuery,
      response: sloHistorySchema,
      handler: async ({ params, query }) => {
        const snapshot = find(params.name as string);
        let key = snapshot.evaluated?.groups[0]?.key ?? labelsKey({});
        if (query.group !== undefined) {
          let labels: unknown;
          try {
            labels = JSON.parse(query.group);
          } catch {
            throw invalid("invalid group", [
              { path: "/group", message: 'expected the labels as JSON, e.g. {"route":"/pay"}' },
            ]);
          }
          if (typeof labels !== "object" || labels === null || Array.isArray(labels))
            throw invalid("invalid group", [{ path: "/group", message: "expected a JSON object of label values" }]);
          key = labelsKey(labels as Record<string, string>);
        }
        if (query.objective >= snapshot.runtime.objectives.length)
          throw notFound(`SLO "${snapshot.runtime.name}" has no objective ${query.objective}`);
        const now = clock.now();
        const to = query.to ?? now;
        const from = query.from ?? to - Math.max(snapshot.runtime.windowMinutes * 60_000, HOUR_MS);
        if (from >= to) throw invalid("invalid range", [{ path: "/from", message: "expected from before to" }]);
        const stepMs = Number.parseInt(query.step, 10) * (query.step.endsWith("d") ? 24 * HOUR_MS : HOUR_MS);
        if ((to - from) / stepMs > 5000)
          throw invalid("too many points", [
            { path: "/step", message: "expected at most 5000 buckets; choose a longer step" },
          ]);
        const entryOf = (stream: string) => snapshot.entries.get(`${stream}\u0000${key}`);
        // The hour still open is in the engine's ring, not yet in the stored hours.
        const openHourOf = (stream: string) =>
          entryOf(stream)?.state.ringSum(Math.floor(now / HOUR_MS) * 60, Math.floor(now / 60_000));
        return readSloHistory(
          store,
          snapshot.runtime,
          (stream) => entryOf(stream)?.row?.id,
          { objective: query.objective, from, to, stepMs, now },
          openHourOf,
        );
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/slo-alerts",
      tag: "slos",
      summary: "Burn-rate alerts of SLOs, newest first",
      query: alertsQuery,
      response: z.object({ items: z.array(sloAlertSchema) }),
      handler: async ({ query }) => ({
        items: (await listAlerts(store, query)).map(({ groupKey: _group, ...alert }) => alert),
      }),
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/slo-gate",
      tag: "slos",
      summary:
        "The error budget policy: whether a service may release (closed when a budget is spent or burns too fast)",
      query: gateQuery,
      response: sloGateSchema,
      handler: ({ query }) => checkGate(currentSloViews(engine, clock.now()), query.service, query.maxBurn),
    }),
    defineRoute({
      method: "POST",
      access: "responder",
      url: "/api/v1/slis/:name/events",
      tag: "slos",
      summary: "Good and total event counts of an SLI, from applications and batch jobs",
      body: eventsBody,
      status: 202,
      response: z.object({ accepted: z.number().int(), slos: z.array(z.string()) }),
      handler: ({ params, body }) => {
        const events = "events" in body ? body.events : [body];
        return engine.recordEvents(params.name as string, events);
      },
    }),
  ];
}
