import { z } from "zod";

/** How the HTTP API shows declarative objects and plans, and what apply and plan take. */
export const documentSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({
    name: z.string(),
    displayName: z.string().optional(),
    labels: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    generation: z
      .number()
      .int()
      .optional()
      .describe("the stored version; send it back with apply or delete to refuse overwriting a newer one"),
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

export type ApiDocument = z.infer<typeof documentSchema>;
export type KindInfo = z.infer<typeof kindInfoSchema>;
export type ChangeAction = z.infer<typeof changeActionSchema>;
export type FieldChange = z.infer<typeof fieldChangeSchema>;
export type PlannedChange = z.infer<typeof plannedChangeSchema>;
export type PlanSummary = z.infer<typeof planSummarySchema>;
export type Plan = z.infer<typeof planSchema>;
export type ApplyRequest = z.infer<typeof applyRequestSchema>;
