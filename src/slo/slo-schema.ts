import { z } from "zod";
import { describeValue, isRecord, listChoices } from "../config/describe-value.js";
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
import { fixedMinutes, parseShorthand } from "./windows.js";

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

// Nines extensions to OpenSLO: groupBy and burnRateAlerts (documented in docs/slo.md).

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MAX_GROUP_LABELS = 5;

export const groupBy = z
  .array(
    z
      .string({ error: (issue) => `expected a label name, got ${describeValue(issue.input)}` })
      .regex(LABEL_NAME, {
        error: (issue) =>
          `expected a Prometheus label name (a letter or "_", then letters, digits or "_"), got ${describeValue(issue.input)}`,
      })
      .refine((name) => !name.startsWith("__"), {
        error: (issue) => `expected a label name not starting with "__" (reserved), got ${describeValue(issue.input)}`,
      }),
    { error: "expected a list of label names" },
  )
  .max(MAX_GROUP_LABELS, { error: `expected at most ${MAX_GROUP_LABELS} label names` })
  .superRefine((names, ctx) => {
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index)
        ctx.addIssue({ code: "custom", path: [index], message: `duplicate label name "${name}"` });
    });
  });

/** A duration of fixed length (m, h, d, w): months, quarters and years have none. */
function fixedDuration(options: { allowZero?: boolean } = {}) {
  const message = (issue: { input?: unknown }) =>
    `expected a fixed duration such as "${options.allowZero ? "0m" : "5m"}", "1h", "3d" or "1w" (months, quarters and years have no fixed length), got ${describeValue(issue.input)}`;
  return z.string({ error: message }).regex(options.allowZero ? /^\d+[mhdw]$/ : /^[1-9]\d*[mhdw]$/, { error: message });
}

export const burnRateTier = withRule(
  z.strictObject({
    name: z.string().min(1, { error: "expected a tier name" }).max(63).describe("Names the alert, e.g. page-fast."),
    severity: z
      .string()
      .min(1, { error: 'expected a severity such as "page" or "ticket"' })
      .describe('How urgent: "page" tiers make the SLO burning, "ticket" tiers a warning.'),
    longWindow: fixedDuration().describe("The window the burn rate must exceed the threshold over, e.g. 1h."),
    shortWindow: fixedDuration()
      .optional()
      .describe("A shorter window that must breach too, so the alert resolves soon after the burn stops."),
    budgetShare: boundedNumber({ value: 0, inclusive: false }, { value: 1, inclusive: true })
      .optional()
      .describe("Share of the budget spent over longWindow that fires, in (0, 1]; the threshold follows from it."),
    factor: boundedNumber({ value: 0, inclusive: false }, undefined)
      .optional()
      .describe("The burn rate threshold itself. Exactly one of budgetShare or factor."),
    alertAfter: fixedDuration({ allowZero: true })
      .optional()
      .describe("How long the condition must hold before the alert fires (default 0m)."),
  }),
  (tier, report) => {
    requireExactlyOne(tier, "budgetShare", "factor", report);
    const long = typeof tier.longWindow === "string" ? fixedMinutes(tier.longWindow) : undefined;
    const short = typeof tier.shortWindow === "string" ? fixedMinutes(tier.shortWindow) : undefined;
    if (long !== undefined && short !== undefined && short >= long) {
      report(
        ["shortWindow"],
        `expected a shortWindow shorter than longWindow ${String(tier.longWindow)}, got ${String(tier.shortWindow)}`,
      );
    }
  },
);

export const burnRateAlerts = z
  .array(burnRateTier, { error: "expected a list of burn-rate tiers (an empty list turns default alerts off)" })
  .superRefine((tiers, ctx) => {
    const names = tiers.map((tier) => tier.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) {
        ctx.addIssue({ code: "custom", path: [index, "name"], message: `duplicate tier name "${name}"` });
      }
    });
  });

export type BurnRateTierSpec = z.infer<typeof burnRateTier>;
export type BurnRateAlertsSpec = z.infer<typeof burnRateAlerts>;

/** The fewest minutes a window can have: a month is at least 28 days, a quarter 89, a year 365. */
export function shortestWindowMinutes(duration: string): number | undefined {
  const fixed = fixedMinutes(duration);
  if (fixed !== undefined) return fixed;
  const parsed = parseShorthand(duration);
  if (!parsed) return undefined;
  const days = { M: 28, Q: 89, Y: 365 }[parsed.unit as "M" | "Q" | "Y"];
  return parsed.amount * days * 1440;
}

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
    groupBy: groupBy
      .optional()
      .describe("Nines extension: label names (at most 5) whose values each get their own SLO numbers and alerts."),
    burnRateAlerts: burnRateAlerts
      .optional()
      .describe(
        "Nines extension: burn-rate alert tiers replacing the SRE Workbook default (page-fast, page-slow, ticket-fast, ticket-slow); [] turns them off.",
      ),
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
  checkBurnWindows(spec, report);
}

/** A burn over longer than the SLO window would count events the budget no longer holds. */
function checkBurnWindows(spec: Record<string, unknown>, report: Report): void {
  const window = Array.isArray(spec.timeWindow) && isRecord(spec.timeWindow[0]) ? spec.timeWindow[0] : undefined;
  const windowMinutes =
    window && typeof window.duration === "string" ? shortestWindowMinutes(window.duration) : undefined;
  if (windowMinutes === undefined || !Array.isArray(spec.burnRateAlerts)) return;
  spec.burnRateAlerts.forEach((tier, index) => {
    if (!isRecord(tier) || typeof tier.longWindow !== "string") return;
    const long = fixedMinutes(tier.longWindow);
    if (long !== undefined && long > windowMinutes) {
      report(
        ["burnRateAlerts", index, "longWindow"],
        `expected a longWindow no longer than the SLO window ${String(window?.duration)}, got ${tier.longWindow}`,
      );
    }
  });
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
