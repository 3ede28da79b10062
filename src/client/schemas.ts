import { z } from "zod";
import { ROLES } from "../core/access.js";

/**
 * Shapes of the HTTP API's answers, as zod schemas: the source of the TypeScript types in
 * `types.ts` and of the response schemas in `/api/v1/openapi.json`.
 */
export const issueSchema = z.object({
  message: z.string(),
  path: z.string().describe("JSON pointer of the field, e.g. /spec/interval"),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  document: z.number().int().optional().describe("index of the document in its file or list"),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    issues: z.array(issueSchema).optional(),
  })
  .describe("RFC 9457 problem details");

export const documentSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({
    name: z.string(),
    displayName: z.string().optional(),
    labels: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.record(z.string(), z.unknown()),
});

export const kindInfoSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  plural: z.string(),
  aliases: z.array(z.string()),
  summary: z.string(),
});

export const changeActionSchema = z.enum(["create", "change", "delete", "unchanged"]);

export const fieldChangeSchema = z.object({
  path: z.string().describe("JSON pointer of the changed field"),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

export const plannedChangeSchema = z.object({
  action: changeActionSchema,
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  fields: z.array(fieldChangeSchema).optional(),
});

export const planSummarySchema = z.object({
  create: z.number().int(),
  change: z.number().int(),
  delete: z.number().int(),
  unchanged: z.number().int(),
});

export const planSchema = z.object({
  changes: z.array(plannedChangeSchema),
  summary: planSummarySchema,
  applied: z.boolean().describe("true when the changes were carried out"),
});

export const applyRequestSchema = z.strictObject({
  documents: z.array(z.unknown()).max(10_000).describe("documents of any kind, as in YAML files"),
  prune: z
    .boolean()
    .optional()
    .describe("also delete stored objects, of the kinds in documents, that documents does not name"),
});

export const monitorStateSchema = z.enum(["pending", "up", "degraded", "down", "paused", "maintenance"]);

export const checkStatusSchema = z.enum(["up", "degraded", "down"]);

export const phaseTimingsSchema = z.object({
  dns: z.number().optional(),
  connect: z.number().optional(),
  tls: z.number().optional(),
  firstByte: z.number().optional(),
  transfer: z.number().optional(),
});

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
  heartbeatUrl: z
    .string()
    .nullable()
    .describe("for heartbeat monitors: the path that jobs ping, /api/v1/heartbeat/<token>"),
  recent: z.array(checkResultSchema).describe("newest first"),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

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

export const demoControlSchema = z.object({
  failureRate: z.number().min(0).max(1).describe("share of demo requests that fail, 0..1"),
  latencyMs: z.number().min(0).max(10_000).describe("added latency of demo requests"),
});

export const serverInfoSchema = z.object({
  version: z.string(),
  demo: z.boolean(),
  database: z.enum(["sqlite", "postgres"]),
  anonymousRead: z.boolean().describe("whether reads need no token (the demo turns this on)"),
});

export const roleSchema = z.enum(ROLES);

export const tokenInfoSchema = z.object({
  name: z.string(),
  prefix: z.string().describe("the token's first characters, to tell tokens apart"),
  role: roleSchema,
  createdAt: z.number().int(),
  expiresAt: z.number().int().nullable(),
  lastUsedAt: z.number().int().nullable().describe("to the minute"),
});

export const createTokenRequestSchema = z.strictObject({
  name: z.string(),
  role: roleSchema.default("viewer"),
  expires: z.string().optional().describe("how long the token works, e.g. 90d; never expires when left out"),
});

export const createdTokenSchema = z.object({
  token: z.string().describe("shown only in this answer; only a hash is stored"),
  info: tokenInfoSchema,
});
