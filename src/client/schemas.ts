import { z } from "zod";
import { AUDIT_ACTIONS } from "../audit/model.js";
import { ROLES } from "../core/access.js";

/**
 * Shapes of the HTTP API's answers, as zod schemas: the source of the TypeScript types in
 * `types.ts` and of the response schemas in `/api/v1/openapi.json`. Each module owns the shapes of
 * its part of the API; this file gathers them.
 */
export {
  applyRequestSchema,
  changeActionSchema,
  documentSchema,
  fieldChangeSchema,
  kindInfoSchema,
  plannedChangeSchema,
  planSchema,
  planSummarySchema,
} from "../config/views.js";

import { pageSchema } from "../http/page.js";

export { issueSchema, problemSchema } from "../http/problem-schema.js";
export {
  pageDetailSchema,
  pageEventViewSchema,
  pageListSchema,
  pageStateSchema,
  pageViewSchema,
} from "../oncall/page-views.js";
export { checkStatusSchema, monitorStateSchema, phaseTimingsSchema } from "../probes/model.js";
export {
  checkResultSchema,
  latencySchema,
  monitorEventSchema,
  monitorPageSchema,
  monitorViewSchema,
  uptimeBucketSchema,
  uptimeReportSchema,
} from "../probes/views.js";
export {
  budgetSchema,
  burnRatesSchema,
  groupViewSchema,
  objectiveViewSchema,
  sloAlertSchema,
  sloDetailSchema,
  sloGateSchema,
  sloHistoryPointSchema,
  sloHistorySchema,
  sloStatusSchema,
  sloViewSchema,
  windowViewSchema,
} from "../slo/views.js";
export { pageSchema };

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

export const auditActionSchema = z.enum(AUDIT_ACTIONS);

export const auditRecordSchema = z.object({
  seq: z.number().int().describe("1, 2, 3 ... without gaps"),
  at: z.number().describe("epoch ms"),
  actorName: z.string().describe("token name, `system` for Nines itself, `cli:<user>` for the CLI on the database"),
  actorRole: z.string().nullable(),
  actorAddress: z.string().nullable().describe("client address of the request, or the CLI's host"),
  action: z.string().describe(`one of ${auditActionSchema.options.join(", ")}`),
  kind: z.string().nullable(),
  name: z.string().nullable(),
  versionBefore: z.number().int().nullable().describe("the object's generation before the change"),
  versionAfter: z.number().int().nullable().describe("the object's generation after the change"),
  detail: z.record(z.string(), z.unknown()).nullable(),
  prevHash: z.string().describe("SHA-256 of the record before, hex"),
  hash: z.string().describe("SHA-256 of this record's canonical form, hex"),
});

export const auditPageSchema = pageSchema(auditRecordSchema);

export const chainAnchorSchema = z.object({ seq: z.number().int(), hash: z.string() });

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  count: z.number().int().describe("records read"),
  head: chainAnchorSchema.nullable().describe("the last record: write it down and pass it as the anchor later"),
  problem: z
    .object({
      position: z.number().int().describe("0-based, in seq order"),
      seq: z.number().int(),
      reason: z.enum(["edited", "deleted", "inserted", "reordered", "truncated"]),
      message: z.string(),
    })
    .nullable(),
});
