import { z } from "zod";

/**
 * How the HTTP API shows SLOs, their objectives, budgets, burn rates, history and alerts. The
 * client re-exports these (types only, for the browser) and the OpenAPI document is built from them.
 * Every ratio is 0..1; `null` means "no data" (a window without any event), never NaN or infinity.
 */

/** The windows burn rates are shown over, shortest first. */
export const BURN_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

export const SLO_STATUSES = ["ok", "warning", "burning", "exhausted", "no-data", "error"] as const;
export const sloStatusSchema = z
  .enum(SLO_STATUSES)
  .describe(
    "ok: within budget; warning: a ticket-severity burn alert fires; burning: a page-severity alert fires; exhausted: no budget left; no-data: no event in the window; error: the indicator can't be evaluated (see error)",
  );
export type SloStatus = z.infer<typeof sloStatusSchema>;

const nullableRatio = z.number().nullable();

export const burnRatesSchema = z
  .object(
    Object.fromEntries(BURN_WINDOWS.map((window) => [window, z.number().nullable()])) as {
      [Window in BurnWindow]: z.ZodNullable<z.ZodNumber>;
    },
  )
  .describe("burn rate per window: the error ratio over the window divided by the allowed one (1 - target)");
export type BurnRates = z.infer<typeof burnRatesSchema>;

export const budgetSchema = z.object({
  total: z.number().nullable().describe("the budget in units: events (Occurrences) or slices (Timeslices)"),
  consumed: z.number().nullable().describe("units of budget spent in the window"),
  remaining: z.number().nullable().describe("units left (negative when overspent)"),
  remainingRatio: nullableRatio.describe("remaining / total; 1 untouched, 0 exhausted, below 0 overspent"),
  unit: z.enum(["events", "slices"]),
  totalMinutes: z
    .number()
    .describe("the budget as time: (1 - target) x the window's length in minutes (43.2 for 99.9% over 30 days)"),
  remainingMinutes: z.number().nullable().describe("remainingRatio x totalMinutes"),
});
export type BudgetView = z.infer<typeof budgetSchema>;

export const objectiveViewSchema = z.object({
  index: z.number().int().describe("position in spec.objectives"),
  name: z.string().describe("the objective's displayName, or objective-<index>"),
  target: z.number(),
  op: z.enum(["lte", "gte", "lt", "gt"]).nullable().describe("threshold objectives: how a value is compared"),
  value: z.number().nullable(),
  compositeWeight: z.number().nullable(),
  sli: z.object({
    window: nullableRatio.describe("good / total over the whole SLO window"),
    now: nullableRatio.describe("good / total over the last 5 minutes"),
  }),
  good: z.number().describe("good units in the window"),
  total: z.number().describe("all units in the window"),
  budget: budgetSchema,
  burnRates: burnRatesSchema,
  exhaustsAt: z
    .number()
    .nullable()
    .describe("epoch ms when the budget runs out at the current (1h) burn; null when not burning or no data"),
  status: sloStatusSchema,
});
export type ObjectiveView = z.infer<typeof objectiveViewSchema>;

export const windowViewSchema = z.object({
  kind: z.enum(["rolling", "calendar"]),
  duration: z.string().describe("as declared: 28d, 1M ..."),
  timeZone: z.string().nullable(),
  start: z.number().describe("epoch ms of the window's first minute now"),
  end: z.number().describe("epoch ms the window ends (now for rolling windows)"),
  minutes: z.number().describe("the window's full length in minutes"),
});
export type WindowView = z.infer<typeof windowViewSchema>;

export const groupViewSchema = z.object({
  labels: z.record(z.string(), z.string()).describe("the values of the SLO's groupBy labels"),
  status: sloStatusSchema,
  objectives: z.array(objectiveViewSchema),
});
export type GroupView = z.infer<typeof groupViewSchema>;

export const sloViewSchema = z.object({
  name: z.string(),
  displayName: z.string().nullable(),
  service: z.string(),
  description: z.string().nullable(),
  budgetingMethod: z.enum(["Occurrences", "Timeslices", "RatioTimeslices"]),
  window: windowViewSchema,
  source: z.string().describe("where the SLI is read: Monitor, Prometheus, RemoteWrite, Events"),
  status: sloStatusSchema,
  error: z.string().nullable().describe("why the SLO can't be evaluated, when status is error"),
  stale: z.boolean().describe("true when the source has not answered recently; the numbers are from before"),
  lastDataAt: z.number().nullable().describe("epoch ms of the newest minute with data"),
  groupBy: z.array(z.string()),
  objectives: z
    .array(objectiveViewSchema)
    .describe("for a grouped SLO: the group at most at risk; all groups are in `groups`"),
  composite: objectiveViewSchema.nullable().describe("the composite objective of a composite SLO"),
  groupCount: z.number().int(),
  activeAlerts: z.number().int(),
});
export type SloView = z.infer<typeof sloViewSchema>;

export const SLO_ALERT_STATES = ["firing", "resolved"] as const;

export const sloAlertSchema = z.object({
  id: z.number().int(),
  slo: z.string(),
  objective: z.string(),
  name: z.string().describe("the tier (page-fast, page-slow, ticket-fast, ticket-slow) or AlertCondition name"),
  severity: z.string(),
  state: z.enum(SLO_ALERT_STATES),
  startsAt: z.number(),
  endsAt: z.number().nullable(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
});
export type SloAlertView = z.infer<typeof sloAlertSchema>;

export const sloDetailSchema = sloViewSchema.extend({
  groups: z.array(groupViewSchema).describe("every group of a grouped SLO, most at risk first"),
  alerts: z.array(sloAlertSchema).describe("recent alerts, newest first"),
  alertTiers: z
    .array(
      z.object({
        name: z.string(),
        severity: z.string(),
        windows: z.array(z.string()),
        threshold: z.number(),
        op: z.enum(["lte", "gte", "lt", "gt"]),
        firing: z.boolean(),
      }),
    )
    .describe("the burn-rate conditions this SLO is alerted on, with the scaled factors"),
});
export type SloDetailView = z.infer<typeof sloDetailSchema>;

export const sloHistoryPointSchema = z.object({
  t: z.number().describe("epoch ms, the end of the bucket"),
  sli: nullableRatio.describe("good / total within the bucket"),
  windowSli: nullableRatio.describe("good / total over the SLO window ending at t"),
  budgetRemaining: nullableRatio.describe("remaining budget ratio over the SLO window ending at t"),
  ideal: z.number().nullable().describe("calendar windows: the budget left if spent evenly; rolling: null"),
});
export const sloHistorySchema = z.object({
  slo: z.string(),
  objective: z.number().int(),
  stepMs: z.number(),
  points: z.array(sloHistoryPointSchema),
});
export type SloHistoryView = z.infer<typeof sloHistorySchema>;

export const sloGateSchema = z.object({
  service: z.string(),
  pass: z.boolean(),
  checked: z.array(z.string()).describe("the SLOs of the service"),
  reasons: z.array(
    z.object({ slo: z.string(), objective: z.string(), reason: z.string() }).describe("why the gate is closed"),
  ),
});
export type SloGateView = z.infer<typeof sloGateSchema>;
