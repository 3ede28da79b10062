import { z } from "zod";

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
export { pageSchema } from "../http/page.js";
export { issueSchema, problemSchema } from "../http/problem-schema.js";
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

export const demoControlSchema = z.object({
  failureRate: z.number().min(0).max(1).describe("share of demo requests that fail, 0..1"),
  latencyMs: z.number().min(0).max(10_000).describe("added latency of demo requests"),
});

export const serverInfoSchema = z.object({
  version: z.string(),
  demo: z.boolean(),
  database: z.enum(["sqlite", "postgres"]),
});
