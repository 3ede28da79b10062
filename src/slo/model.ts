import { z } from "zod";
import { description, documentSchema, metadataSchema, objectName } from "../config/document.js";
import { isRecord, listChoices } from "../config/describe-value.js";
import {
  boundedNumber,
  calendarStartTime,
  durationShorthand,
  ianaTimeZone,
  isPresent,
  OPERATORS,
  operator,
  type Report,
  requireExactlyOne,
  withRule,
} from "./fields.js";

export * from "./examples.js";

const optionalDescription = description.optional().describe("Free text, at most 1050 characters.");

/** OpenSLO objects may be written inline inside another, without `apiVersion` (and usually `kind`). */
function inlineDocument<const Kind extends string, Spec extends z.ZodType>(kind: Kind, spec: Spec) {
  return z.strictObject({
    apiVersion: z.literal("openslo/v1").optional(),
    kind: z.literal(kind).optional(),
    metadata: metadataSchema,
    spec,
  });
}

// --- DataSource, Service, AlertNotificationTarget ---------------------------------------------------------

export const dataSourceSpec = z.strictObject({
  description: optionalDescription,
  type: z.string().min(1).describe('The kind of metric source, such as "Prometheus", "Datadog" or "CloudWatch".'),
  connectionDetails: z
    .unknown()
    .refine((value) => value !== undefined, { error: 'missing required field "connectionDetails"' })
    .describe("How to connect: any YAML, interpreted by the data source type (URL, credentials ...)."),
});

export const serviceSpec = z.strictObject({ description: optionalDescription }).default({});

export const alertNotificationTargetSpec = z.strictObject({
  target: z.string().min(1).describe('Where notifications go, such as "email", "slack" or a webhook name.'),
  description: optionalDescription,
});

// --- SLI ---------------------------------------------------------------------------------------------------

export const metricSource = withRule(
  z.strictObject({
    metricSourceRef: objectName.optional().describe("Name of a DataSource to read from."),
    type: z.string().min(1).optional().describe('Metric source type, such as "Prometheus"; required without metricSourceRef.'),
    spec: z
      .record(z.string(), z.unknown())
      .describe("What to read, in the data source's own terms (for Prometheus: query). Any YAML mapping."),
  }),
  (source, report) => {
    if (!isPresent(source, "metricSourceRef") && !isPresent(source, "type")) {
      report(["type"], 'missing "type": expected the metric source type (such as "Prometheus") when "metricSourceRef" is not given');
    }
  },
);

export const metric = z.strictObject({ metricSource });

export const RAW_TYPES = ["success", "failure"] as const;

export const ratioMetric = withRule(
  z.strictObject({
    counter: z.boolean().optional().describe("True when the metrics are monotonically increasing counters; ignored with raw."),
    good: metric.optional().describe('Numerator: good events. Exactly one of good or bad, together with total.'),
    bad: metric.optional().describe("Numerator: bad events. Exactly one of good or bad, together with total."),
    total: metric.optional().describe("Denominator: all events, with good or bad."),
    rawType: z.enum(RAW_TYPES).optional().describe("With raw: whether the stored ratio is of successes or failures."),
    raw: metric.optional().describe("A precomputed ratio; not together with good, bad or total."),
  }),
  checkRatioMetric,
);

function checkRatioMetric(ratio: Record<string, unknown>, report: Report): void {
  if (isPresent(ratio, "raw")) {
    for (const key of ["good", "bad", "total"]) {
      if (isPresent(ratio, key)) report([key], `unexpected "${key}": "raw" can't be used together with "good", "bad" or "total"`);
    }
    if (!isPresent(ratio, "rawType")) report(["rawType"], `missing "rawType": expected ${listChoices(RAW_TYPES)} with "raw"`);
    return;
  }
  if (isPresent(ratio, "rawType")) report(["rawType"], 'unexpected "rawType": it is only used with "raw"');
  const hasGood = isPresent(ratio, "good");
  const hasBad = isPresent(ratio, "bad");
  if (!hasGood && !hasBad && !isPresent(ratio, "total")) {
    report([], 'expected "good" or "bad" with "total", or "raw" with "rawType"');
    return;
  }
  if (hasGood && hasBad) report(["bad"], 'expected exactly one of "good" or "bad", got both');
  else if (!hasGood && !hasBad) report([], 'expected exactly one of "good" or "bad" with "total"');
  if (!isPresent(ratio, "total")) report(["total"], 'missing "total": expected the denominator query with "good" or "bad"');
}

export const sliSpec = withRule(
  z.strictObject({
    description: optionalDescription,
    thresholdMetric: metric.optional().describe("A metric compared with each objective's op and value. Exactly one of thresholdMetric or ratioMetric."),
    ratioMetric: ratioMetric.optional().describe("Good (or bad) events over total events. Exactly one of thresholdMetric or ratioMetric."),
  }),
  (spec, report) => requireExactlyOne(spec, "thresholdMetric", "ratioMetric", report),
);

const inlineSli = inlineDocument("SLI", sliSpec);

// --- AlertCondition, AlertPolicy -------------------------------------------------------------------------

export const alertConditionSpec = z.strictObject({
  description: optionalDescription,
  severity: z.string().min(1).describe('How urgent the alert is, such as "page" or "ticket".'),
  condition: z.strictObject({
    kind: z
      .literal("burnrate", { error: 'expected "burnrate" (the only kind of alert condition)' })
      .default("burnrate")
      .describe("The kind of condition; only burnrate."),
    op: operator.describe("How to compare the burn rate with threshold."),
    threshold: z.number().describe("The burn rate to compare with, e.g. 2 for twice the sustainable rate."),
    lookbackWindow: durationShorthand().describe("The window the burn rate is computed over, e.g. 1h."),
    alertAfter: durationShorthand({ allowZero: true })
      .default("0m")
      .describe("How long the condition must hold before the alert fires."),
  }),
});

const inlineAlertCondition = inlineDocument("AlertCondition", alertConditionSpec);
const inlineAlertNotificationTarget = inlineDocument("AlertNotificationTarget", alertNotificationTargetSpec);

export const alertPolicySpec = z.strictObject({
  description: optionalDescription,
  alertWhenNoData: z.boolean().default(false).describe("Alert when the SLO has no data."),
  alertWhenResolved: z.boolean().default(false).describe("Alert when the condition stops breaching."),
  alertWhenBreaching: z.boolean().default(false).describe("Alert when the condition is breaching."),
  conditions: z
    .array(
      z.union([z.strictObject({ conditionRef: objectName.describe("Name of an AlertCondition.") }), inlineAlertCondition], {
        error: 'expected {conditionRef: <name>} or an inline AlertCondition (kind, metadata, spec)',
      }),
      { error: "expected a list with one condition" },
    )
    .length(1, { error: "expected exactly one condition (OpenSLO keeps a list for future versions)" })
    .describe("Exactly one condition: {conditionRef: <name>} or an inline AlertCondition."),
  notificationTargets: z
    .array(
      z.union([z.strictObject({ targetRef: objectName.describe("Name of an AlertNotificationTarget.") }), inlineAlertNotificationTarget], {
        error: "expected {targetRef: <name>} or an inline AlertNotificationTarget (kind, metadata, spec)",
      }),
      { error: "expected a list of notification targets" },
    )
    .min(1, { error: "expected at least one notification target" })
    .describe("Whom to notify: {targetRef: <name>} or inline AlertNotificationTargets."),
});

const inlineAlertPolicy = inlineDocument("AlertPolicy", alertPolicySpec);

// --- SLO ---------------------------------------------------------------------------------------------------

export const BUDGETING_METHODS = ["Occurrences", "Timeslices", "RatioTimeslices"] as const;

export const timeWindow = withRule(
  z.strictObject({
    duration: durationShorthand().describe("Length of the window, e.g. 28d (rolling) or 1M (calendar)."),
    isRolling: z.boolean().default(false).describe("True for a rolling window; false (the default) needs calendar."),
    calendar: z
      .strictObject({
        startTime: calendarStartTime.describe('Start of the first window, "YYYY-MM-DD HH:MM:SS" in timeZone.'),
        timeZone: ianaTimeZone.describe('IANA time zone name, such as "Europe/Berlin".'),
      })
      .optional()
      .describe("Where calendar-aligned windows start."),
  }),
  (window, report) => {
    if (window.isRolling === true && isPresent(window, "calendar")) {
      report(["calendar"], 'unexpected "calendar" in a rolling window; set "isRolling: false" for a calendar-aligned window');
    } else if (window.isRolling === false && !isPresent(window, "calendar")) {
      report([], 'expected "isRolling: true" for a rolling window, or "calendar" for a calendar-aligned one');
    }
  },
);

export const objective = withRule(
  z.strictObject({
    displayName: z.string().optional(),
    op: operator.optional().describe("With a threshold metric: how to compare the SLI with value."),
    value: z.number().optional().describe("With a threshold metric: the value the SLI is compared with."),
    target: boundedNumber({ value: 0, inclusive: true }, { value: 1, inclusive: false }, " (0.995 means 99.5%)")
      .optional()
      .describe("Share of good events or slices, in [0, 1). Exactly one of target or targetPercent."),
    targetPercent: boundedNumber({ value: 0, inclusive: true }, { value: 100, inclusive: false })
      .optional()
      .describe("The target as a percentage, in [0, 100). Exactly one of target or targetPercent."),
    timeSliceTarget: boundedNumber({ value: 0, inclusive: false }, { value: 1, inclusive: true })
      .optional()
      .describe("With Timeslices (required): share of good events that makes a slice good, in (0, 1]."),
    timeSliceWindow: z
      .union([z.number().positive(), durationShorthand()], {
        error: 'expected a number of minutes or a duration such as "1m" or "5m"',
      })
      .optional()
      .describe("With Timeslices or RatioTimeslices (required): slice length, minutes or a duration."),
    indicator: inlineSli.optional().describe("Composite SLOs only: this objective's inline SLI."),
    indicatorRef: objectName.optional().describe("Composite SLOs only: name of this objective's SLI."),
    compositeWeight: boundedNumber({ value: 0, inclusive: false }, undefined)
      .optional()
      .describe("Composite SLOs: the objective's weight (default 1)."),
  }),
  (item, report) => {
    requireExactlyOne(item, "target", "targetPercent", report);
    if (isPresent(item, "op") && !isPresent(item, "value")) report(["value"], 'missing "value": expected a number to compare with "op"');
    if (isPresent(item, "value") && !isPresent(item, "op")) report(["op"], `missing "op": expected ${listChoices(OPERATORS)} to compare with "value"`);
    if (isPresent(item, "indicator") && isPresent(item, "indicatorRef")) {
      report(["indicatorRef"], 'expected exactly one of "indicator" or "indicatorRef", got both');
    }
  },
);

const alertPolicyItem = z.union([z.strictObject({ alertPolicyRef: objectName.describe("Name of an AlertPolicy.") }), inlineAlertPolicy], {
  error: "expected {alertPolicyRef: <name>} or an inline AlertPolicy (kind, metadata, spec)",
});

export const sloSpec = withRule(
  z.strictObject({
    description: optionalDescription,
    service: objectName.describe("Name of the Service this SLO belongs to."),
    indicator: inlineSli.optional().describe("The SLI, inline. Exactly one of indicator or indicatorRef, except in composite SLOs."),
    indicatorRef: objectName.optional().describe("Name of the SLI. Exactly one of indicator or indicatorRef, except in composite SLOs."),
    timeWindow: z
      .array(timeWindow, { error: "expected a list with one time window" })
      .length(1, { error: "expected exactly one time window" })
      .optional()
      .describe("Exactly one window, rolling (isRolling: true) or calendar-aligned (calendar)."),
    // The spec calls this required, yet its own SLO example omits it; Occurrences is the plain reading.
    budgetingMethod: z
      .enum(BUDGETING_METHODS)
      .default("Occurrences")
      .describe("How the budget is counted: good events over all events, good time slices, or the mean slice ratio."),
    objectives: z
      .array(objective, { error: "expected a list of objectives" })
      .min(1, { error: "expected at least one objective" })
      .describe("Targets for the SLI; one with a threshold metric, any number with a ratio metric."),
    alertPolicies: z
      .array(alertPolicyItem, { error: "expected a list of alert policies" })
      .optional()
      .describe("{alertPolicyRef: <name>} or inline AlertPolicies."),
  }),
  checkSloSpec,
);

const usesThresholdMetric = (indicator: unknown) =>
  isRecord(indicator) && isRecord(indicator.spec) && indicator.spec.thresholdMetric !== undefined;

function checkSloSpec(spec: Record<string, unknown>, report: Report): void {
  const objectives = (Array.isArray(spec.objectives) ? spec.objectives : []).map((item) => (isRecord(item) ? item : {}));
  checkSloIndicators(spec, objectives, report);
  const method = spec.budgetingMethod;
  objectives.forEach((item, index) => {
    if (method === "Timeslices" && !isPresent(item, "timeSliceTarget")) {
      report(["objectives", index, "timeSliceTarget"], 'missing "timeSliceTarget": expected a number in (0, 1] with budgetingMethod Timeslices');
    }
    if ((method === "Timeslices" || method === "RatioTimeslices") && !isPresent(item, "timeSliceWindow")) {
      report(["objectives", index, "timeSliceWindow"], `missing "timeSliceWindow": expected minutes or a duration such as "1m" with budgetingMethod ${method}`);
    }
  });
  const composite = !isPresent(spec, "indicator") && !isPresent(spec, "indicatorRef");
  if (usesThresholdMetric(spec.indicator) && objectives.length > 1) {
    report(["objectives"], `expected exactly one objective with a thresholdMetric indicator, got ${objectives.length}`);
  }
  objectives.forEach((item, index) => {
    if (!usesThresholdMetric(composite ? item.indicator : spec.indicator)) return;
    if (!isPresent(item, "op") && !isPresent(item, "value")) {
      report(["objectives", index, "op"], `missing "op": expected ${listChoices(OPERATORS)} with a thresholdMetric indicator`);
      report(["objectives", index, "value"], 'missing "value": expected a number with a thresholdMetric indicator');
    }
  });
}

/** Either the SLO names its indicator, or it is composite and every objective names one. */
function checkSloIndicators(spec: Record<string, unknown>, objectives: Record<string, unknown>[], report: Report): void {
  const hasOwn = isPresent(spec, "indicator") || isPresent(spec, "indicatorRef");
  if (isPresent(spec, "indicator") && isPresent(spec, "indicatorRef")) {
    report(["indicatorRef"], 'expected exactly one of "indicator" or "indicatorRef", got both');
  }
  const carriesIndicator = objectives.map((item) => isPresent(item, "indicator") || isPresent(item, "indicatorRef"));
  if (hasOwn) {
    objectives.forEach((item, index) => {
      for (const key of ["indicator", "indicatorRef"]) {
        if (isPresent(item, key)) {
          report(["objectives", index, key], `unexpected "${key}" in an objective of an SLO that has its own indicator; only composite SLOs put indicators in objectives`);
        }
      }
    });
  } else if (!carriesIndicator.some(Boolean)) {
    report([], 'expected exactly one of "indicator" or "indicatorRef" (or, for a composite SLO, one in every objective)');
  } else {
    carriesIndicator.forEach((carries, index) => {
      if (!carries) report(["objectives", index], 'expected exactly one of "indicator" or "indicatorRef" in every objective of a composite SLO');
    });
  }
}

// --- Documents ---------------------------------------------------------------------------------------------

export const serviceDocument = documentSchema("openslo/v1", "Service", serviceSpec);
export const sliDocument = documentSchema("openslo/v1", "SLI", sliSpec);
export const sloDocument = documentSchema("openslo/v1", "SLO", sloSpec);
export const alertPolicyDocument = documentSchema("openslo/v1", "AlertPolicy", alertPolicySpec);
export const alertConditionDocument = documentSchema("openslo/v1", "AlertCondition", alertConditionSpec);
export const alertNotificationTargetDocument = documentSchema("openslo/v1", "AlertNotificationTarget", alertNotificationTargetSpec);
export const dataSourceDocument = documentSchema("openslo/v1", "DataSource", dataSourceSpec);

export type MetricSource = z.infer<typeof metricSource>;
export type RatioMetric = z.infer<typeof ratioMetric>;
export type SliSpec = z.infer<typeof sliSpec>;
export type TimeWindow = z.infer<typeof timeWindow>;
export type Objective = z.infer<typeof objective>;
export type BudgetingMethod = (typeof BUDGETING_METHODS)[number];
export type SloSpec = z.infer<typeof sloSpec>;
export type AlertConditionSpec = z.infer<typeof alertConditionSpec>;
export type AlertPolicySpec = z.infer<typeof alertPolicySpec>;
export type AlertNotificationTargetSpec = z.infer<typeof alertNotificationTargetSpec>;
export type ServiceSpec = z.infer<typeof serviceSpec>;
export type DataSourceSpec = z.infer<typeof dataSourceSpec>;

export type ServiceDocument = z.infer<typeof serviceDocument>;
export type SliDocument = z.infer<typeof sliDocument>;
export type SloDocument = z.infer<typeof sloDocument>;
export type AlertPolicyDocument = z.infer<typeof alertPolicyDocument>;
export type AlertConditionDocument = z.infer<typeof alertConditionDocument>;
export type AlertNotificationTargetDocument = z.infer<typeof alertNotificationTargetDocument>;
export type DataSourceDocument = z.infer<typeof dataSourceDocument>;
