import { z } from "zod";
import { isRecord, listChoices } from "../config/describe-value.js";
import { objectName } from "../config/document.js";
import { inlineAlertPolicy } from "./alert-schema.js";
import {
  boundedNumber,
  calendarStartTime,
  durationShorthand,
  ianaTimeZone,
  isPresent,
  OPERATORS,
  operator,
  optionalDescription,
  type Report,
  requireExactlyOne,
  withRule,
} from "./fields.js";
import { inlineSli } from "./sli-schema.js";

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
      report(
        ["calendar"],
        'unexpected "calendar" in a rolling window; set "isRolling: false" for a calendar-aligned window',
      );
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
    indicatorRef: objectName.optional().describe("Composite SLOs only: name of this objective's SLI; it must exist."),
    compositeWeight: boundedNumber({ value: 0, inclusive: false }, undefined)
      .optional()
      .describe("Composite SLOs: the objective's weight (default 1)."),
  }),
  (item, report) => {
    requireExactlyOne(item, "target", "targetPercent", report);
    if (isPresent(item, "op") && !isPresent(item, "value"))
      report(["value"], 'missing "value": expected a number to compare with "op"');
    if (isPresent(item, "value") && !isPresent(item, "op"))
      report(["op"], `missing "op": expected ${listChoices(OPERATORS)} to compare with "value"`);
    if (isPresent(item, "indicator") && isPresent(item, "indicatorRef")) {
      report(["indicatorRef"], 'expected exactly one of "indicator" or "indicatorRef", got both');
    }
  },
);

const alertPolicyItem = z.union(
  [
    z.strictObject({ alertPolicyRef: objectName.describe("Name of an AlertPolicy; it must exist.") }),
    inlineAlertPolicy,
  ],
  {
    error: "expected {alertPolicyRef: <name>} or an inline AlertPolicy (kind, metadata, spec)",
  },
);

export const sloSpec = withRule(
  z.strictObject({
    description: optionalDescription,
    service: objectName.describe("Name of the Service this SLO belongs to; it must exist."),
    indicator: inlineSli
      .optional()
      .describe("The SLI, inline. Exactly one of indicator or indicatorRef, except in composite SLOs."),
    indicatorRef: objectName
      .optional()
      .describe(
        "Name of the SLI, which must exist. Exactly one of indicator or indicatorRef, except in composite SLOs.",
      ),
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
  const objectives = (Array.isArray(spec.objectives) ? spec.objectives : []).map((item) =>
    isRecord(item) ? item : {},
  );
  checkSloIndicators(spec, objectives, report);
  const method = spec.budgetingMethod;
  objectives.forEach((item, index) => {
    if (method === "Timeslices" && !isPresent(item, "timeSliceTarget")) {
      report(
        ["objectives", index, "timeSliceTarget"],
        'missing "timeSliceTarget": expected a number in (0, 1] with budgetingMethod Timeslices',
      );
    }
    if ((method === "Timeslices" || method === "RatioTimeslices") && !isPresent(item, "timeSliceWindow")) {
      report(
        ["objectives", index, "timeSliceWindow"],
        `missing "timeSliceWindow": expected minutes or a duration such as "1m" with budgetingMethod ${method}`,
      );
    }
  });
  checkThresholdObjectives(spec, (holder) => holder.indicator, report);
}

/**
 * The objective rules of a thresholdMetric SLI. `indicatorOf` finds the SLI of the SLO (or of a
 * composite SLO's objective): the inline one here, the referenced one in `references.ts`, so an SLI
 * reached through `indicatorRef` is held to the same rules.
 */
export function checkThresholdObjectives(
  spec: Record<string, unknown>,
  indicatorOf: (holder: Record<string, unknown>) => unknown,
  report: Report,
): void {
  const objectives = (Array.isArray(spec.objectives) ? spec.objectives : []).map((item) =>
    isRecord(item) ? item : {},
  );
  const composite = !isPresent(spec, "indicator") && !isPresent(spec, "indicatorRef");
  if (!composite && usesThresholdMetric(indicatorOf(spec)) && objectives.length > 1) {
    report(["objectives"], `expected exactly one objective with a thresholdMetric indicator, got ${objectives.length}`);
  }
  objectives.forEach((item, index) => {
    if (!usesThresholdMetric(indicatorOf(composite ? item : spec))) return;
    if (!isPresent(item, "op") && !isPresent(item, "value")) {
      report(
        ["objectives", index, "op"],
        `missing "op": expected ${listChoices(OPERATORS)} with a thresholdMetric indicator`,
      );
      report(["objectives", index, "value"], 'missing "value": expected a number with a thresholdMetric indicator');
    }
  });
}

/** Either the SLO names its indicator, or it is composite and every objective names one. */
function checkSloIndicators(
  spec: Record<string, unknown>,
  objectives: Record<string, unknown>[],
  report: Report,
): void {
  const hasOwn = isPresent(spec, "indicator") || isPresent(spec, "indicatorRef");
  if (isPresent(spec, "indicator") && isPresent(spec, "indicatorRef")) {
    report(["indicatorRef"], 'expected exactly one of "indicator" or "indicatorRef", got both');
  }
  const carriesIndicator = objectives.map((item) => isPresent(item, "indicator") || isPresent(item, "indicatorRef"));
  if (hasOwn) {
    objectives.forEach((item, index) => {
      for (const key of ["indicator", "indicatorRef"]) {
        if (isPresent(item, key)) {
          report(
            ["objectives", index, key],
            `unexpected "${key}" in an objective of an SLO that has its own indicator; only composite SLOs put indicators in objectives`,
          );
        }
      }
    });
  } else if (!carriesIndicator.some(Boolean)) {
    report(
      [],
      'expected exactly one of "indicator" or "indicatorRef" (or, for a composite SLO, one in every objective)',
    );
  } else {
    carriesIndicator.forEach((carries, index) => {
      if (!carries)
        report(
          ["objectives", index],
          'expected exactly one of "indicator" or "indicatorRef" in every objective of a composite SLO',
        );
    });
  }
}
