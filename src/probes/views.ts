import { z } from "zod";
import { pageSchema } from "../http/page.js";
import { checkStatusSchema, monitorStateSchema, phaseTimingsSchema } from "./model.js";

/**
 * How the HTTP API shows monitors, their results, events and uptime. The client re-exports these
 * (its types only, for the browser), and the OpenAPI document is built from them.
 */
export const checkResultSchema = z.object({
  startedAt: z.number().describe("epoch milliseconds"),
  status: checkStatusSchema,
  durationMs: z.number(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  timings: phaseTimingsSchema.nullable(),
});

export const monitorViewSchema = z.object({
  name: z.string(),
  displayName: z.string().nullable(),
  type: z.string(),
  target: z.string().describe("what is checked, for people: a URL, host:port ..."),
  intervalMs: z.number(),
  state: monitorStateSchema,
  since: z.number().describe("when the monitor entered its state, epoch ms"),
  lastCheckAt: z.number().nullable(),
  lastError: z.string().nullable(),
  uptime24h: z
    .number()
    .nullable()
    .describe("share of results that were not down (up or degraded) in the last 24 hours, 0..1"),
  uptime30d: z
    .number()
    .nullable()
    .describe("share of results that were not down (up or degraded) in the last 30 days, 0..1"),
  pushed: z
    .boolean()
    .describe("true when the monitored job reports in (a heartbeat) instead of Nines running the check"),
  heartbeatUrl: z
    .string()
    .nullable()
    .describe("for heartbeat monitors: the path that jobs ping, /api/v1/heartbeat/<token>"),
  recent: z.array(checkResultSchema).describe("newest first"),
});

export const monitorPageSchema = pageSchema(monitorViewSchema).extend({
  counts: z.record(monitorStateSchema, z.number().int()).describe("monitors in each state, across all pages"),
});

export const monitorEventSchema = z.object({
  at: z.number().describe("epoch ms"),
  from: monitorStateSchema,
  to: monitorStateSchema,
  reason: z.string().nullable().describe("why: the failing assertion, the error, a maintenance window"),
});

export const latencySchema = z.object({ p50: z.number(), p95: z.number(), p99: z.number() }).describe("milliseconds");

export const uptimeBucketSchema = z.object({
  start: z.number().describe("epoch ms, inclusive"),
  end: z.number().describe("epoch ms, exclusive"),
  checks: z.number().int(),
  failures: z.number().int().describe("down results"),
  degraded: z.number().int(),
  uptime: z.number().nullable().describe("share of results that were not down, 0..1; null without results"),
  latency: latencySchema.nullable(),
});

export const uptimeReportSchema = z.object({
  from: z.number(),
  to: z.number(),
  uptime: z.number().nullable(),
  checks: z.number().int(),
  buckets: z.array(uptimeBucketSchema),
});

export type CheckResultView = z.infer<typeof checkResultSchema>;
export type MonitorView = z.infer<typeof monitorViewSchema>;
export type MonitorPage = z.infer<typeof monitorPageSchema>;
export type MonitorEvent = z.infer<typeof monitorEventSchema>;
export type UptimeBucket = z.infer<typeof uptimeBucketSchema>;
export type UptimeReport = z.infer<typeof uptimeReportSchema>;
