import { z } from "zod";
import { getObject } from "../config/objects.js";
import { type Actor, allows } from "../core/access.js";
import type { Clock } from "../core/clock.js";
import { parseDuration } from "../core/duration.js";
import { notFound } from "../core/errors.js";
import { truncateText } from "../core/text.js";
import { defineRoute, pagingQuery, type RouteDefinition } from "../http/route.js";
import type { Store } from "../store/database.js";
import type { ProbeEngine } from "./engine.js";
import { listMonitorEvents } from "./events-store.js";
import { monitorStateSchema } from "./model.js";
import { HOUR_MS } from "./rollup-store.js";
import { getMonitorView, listMonitorViews, listResults } from "./store.js";
import { getUptimeReport } from "./uptime-store.js";
import {
  checkResultSchema,
  type MonitorView,
  monitorEventSchema,
  monitorPageSchema,
  monitorViewSchema,
  uptimeReportSchema,
} from "./views.js";

const resultsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().min(0).optional().describe("epoch ms; results strictly older than this"),
});

const monitorListQuery = pagingQuery.extend({
  search: z
    .string()
    .max(200)
    .optional()
    .describe("case-insensitive part of the name, display name or target (URL, host:port, DNS name)"),
  state: monitorStateSchema.optional(),
  type: z.string().max(64).optional().describe("check type, e.g. http"),
});

const uptimeQuery = z.strictObject({
  from: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe("epoch ms, rounded down to the hour; default 30 days before `to`"),
  to: z.coerce.number().int().min(0).optional().describe("epoch ms, exclusive; default now"),
  step: z
    .string()
    .default("1d")
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms < HOUR_MS || ms % HOUR_MS !== 0) {
        ctx.addIssue({ code: "custom", message: `expected whole hours such as "1h", "6h" or "1d", got "${text}"` });
        return z.NEVER;
      }
      return ms;
    })
    .describe("bucket length in whole hours: 1h, 6h, 1d, 7d ..."),
});

const eventsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().min(0).optional().describe("epoch ms; events strictly older than this"),
});

/** Monitors as operators see them: state, uptime and recent results, paged on the server. */
export function probeRoutes(store: Store, clock: Clock): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/monitors",
      tag: "monitors",
      summary:
        "Monitors with their state, 24-hour and 30-day uptime and recent results, worst state first, then by name; searched and filtered on the server",
      query: monitorListQuery,
      response: monitorPageSchema,
      handler: async ({ query, actor }) => {
        const page = await listMonitorViews(store.db, { ...query, now: clock.now() });
        return { ...page, items: page.items.map((view) => forReader(view, actor)) };
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/monitors/:name",
      tag: "monitors",
      summary: "One monitor's state, uptime and recent results",
      response: monitorViewSchema,
      handler: async ({ params, actor }) => {
        const view = await getMonitorView(store.db, params.name as string, clock.now());
        if (!view) throw notFound(`Monitor "${params.name}" does not exist`);
        return forReader(view, actor);
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/monitors/:name/results",
      tag: "monitors",
      summary: "A monitor's check results, newest first",
      query: resultsQuery,
      response: z.object({ items: z.array(checkResultSchema) }),
      handler: async ({ params, query }) => {
        const monitor = await requireMonitor(store, params.name as string);
        return { items: await listResults(store.db, monitor.id, query) };
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/monitors/:name/uptime",
      tag: "monitors",
      summary:
        "A monitor's uptime (results that were not down) and latency percentiles over a range, in buckets of `step`",
      query: uptimeQuery,
      response: uptimeReportSchema,
      handler: async ({ params, query }) => {
        const monitor = await requireMonitor(store, params.name as string);
        const { from, to, step } = query;
        return getUptimeReport(store.db, monitor.id, { from, to, stepMs: step, now: clock.now() });
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/monitors/:name/events",
      tag: "monitors",
      summary: "A monitor's state changes with their reasons, newest first",
      query: eventsQuery,
      response: z.object({ items: z.array(monitorEventSchema) }),
      handler: async ({ params, query }) => {
        const monitor = await requireMonitor(store, params.name as string);
        return { items: await listMonitorEvents(store.db, monitor.id, query) };
      },
    }),
  ];
}

/** The push URL holds the heartbeat's secret: whoever has it can ping, so only editors see it. */
export function forReader(view: MonitorView, actor: Actor): MonitorView {
  return allows(actor.role, "editor") || view.heartbeatUrl === null ? view : { ...view, heartbeatUrl: null };
}

async function requireMonitor(store: Store, name: string) {
  const monitor = await getObject(store.db, "Monitor", name);
  if (!monitor) throw notFound(`Monitor "${name}" does not exist`);
  return monitor;
}

const pingQuery = z.object({
  status: z
    .enum(["ok", "fail"])
    .default("ok")
    .describe("`fail` when the job reports its own failure: recorded as a down result at once"),
  msg: z
    .string()
    .max(1000)
    .optional()
    .describe("why the job failed, with status=fail; a text/plain POST body also works"),
});

// Tokens are 22 base64url characters; anything else is not worth a database query.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The push URL of heartbeat monitors, open without an API token: the heartbeat token in the path is
 * the secret, so cron jobs need only `curl -fsS -m 10 --retry 3 <url>`.
 */
export function heartbeatRoutes(engine: Pick<ProbeEngine, "recordPing">): RouteDefinition[] {
  return (["GET", "POST"] as const).map((method) =>
    defineRoute({
      method,
      access: "public",
      url: "/api/v1/heartbeat/:token",
      tag: "monitors",
      summary: "Records a ping of a heartbeat monitor; `?status=fail&msg=...` records a failure",
      query: pingQuery,
      response: z.object({ ok: z.literal(true) }),
      handler: async ({ params, query, body }) => {
        const token = params.token ?? "";
        const text = typeof body === "string" && body.trim() ? truncateText(body.trim(), 1000) : undefined;
        const recorded =
          TOKEN_PATTERN.test(token) &&
          (await engine.recordPing(token, {
            status: query.status === "fail" ? "down" : "up",
            message: query.msg ?? text,
          }));
        if (!recorded) throw notFound("no heartbeat monitor has this token; copy the URL from the monitor's page");
        return { ok: true as const };
      },
    }),
  );
}
