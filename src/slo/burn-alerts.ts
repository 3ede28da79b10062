import { invalid } from "../core/errors.js";
import type { AlertConditionSpec, BurnRateAlertsSpec, BurnRateTierSpec } from "./model.js";
import { fixedMinutes, MINUTE_MS } from "./windows.js";

/**
 * Multiwindow, multi-burn-rate alerts (SRE Workbook, chapter 5): a tier fires when the burn rate
 * over its long window and over its short window both exceed its threshold, and has held for
 * `alertAfterMinutes`. The short window makes the alert resolve soon after the burn stops.
 */

export type BurnOperator = "gt" | "gte" | "lt" | "lte";

export interface BurnTier {
  name: string;
  severity: string;
  longWindow: string;
  shortWindow: string | null;
  threshold: number;
  op: BurnOperator;
  alertAfterMinutes: number;
}

/** The workbook's four tiers, as shares of the budget; `scaleTiers` turns them into burn rates. */
export const WORKBOOK_TIERS: readonly BurnRateTierSpec[] = [
  { name: "page-fast", severity: "page", longWindow: "1h", shortWindow: "5m", budgetShare: 0.02 },
  { name: "page-slow", severity: "page", longWindow: "6h", shortWindow: "30m", budgetShare: 0.05 },
  { name: "ticket-fast", severity: "ticket", longWindow: "1d", shortWindow: "2h", budgetShare: 0.1 },
  { name: "ticket-slow", severity: "ticket", longWindow: "3d", shortWindow: "6h", budgetShare: 0.1 },
];

function minutesOf(duration: string, where: string): number {
  const minutes = fixedMinutes(duration);
  if (minutes === undefined) {
    throw invalid(`${where}: "${duration}" has no fixed length; use minutes, hours, days or weeks such as 30d or 4w`);
  }
  return minutes;
}

/**
 * The tiers of an SLO whose window is `windowMinutes` long: spending `budgetShare` of the budget
 * within the long window is a burn rate of share x window / long window (2% of 30 days in 1h is
 * 14.4). `overrides` (spec.burnRateAlerts) replace the default list; `[]` means no tiers.
 */
export function scaleTiers(windowMinutes: number, overrides?: BurnRateAlertsSpec): BurnTier[] {
  return (overrides ?? WORKBOOK_TIERS).map((tier) => {
    const longMinutes = minutesOf(tier.longWindow, `burn-rate tier "${tier.name}"`);
    const threshold = tier.factor ?? ((tier.budgetShare ?? 0) * windowMinutes) / longMinutes;
    return {
      name: tier.name,
      severity: tier.severity,
      longWindow: tier.longWindow,
      shortWindow: tier.shortWindow ?? null,
      threshold,
      op: "gt",
      alertAfterMinutes: minutesOf(tier.alertAfter ?? "0m", `burn-rate tier "${tier.name}"`),
    };
  });
}

export interface NamedCondition {
  /** The AlertCondition's name (or the inline condition's metadata.name). */
  name: string;
  spec: AlertConditionSpec;
}

/**
 * OpenSLO AlertConditions are single-window tiers. Throws Invalid for a lookbackWindow or
 * alertAfter in months, quarters or years, which have no fixed length to keep a running sum of.
 */
export function tiersFromConditions(conditions: readonly NamedCondition[]): BurnTier[] {
  return conditions.map(({ name, spec }) => {
    const { op, threshold, lookbackWindow, alertAfter } = spec.condition;
    minutesOf(lookbackWindow, `AlertCondition "${name}" lookbackWindow`);
    return {
      name,
      severity: spec.severity,
      longWindow: lookbackWindow,
      shortWindow: null,
      threshold,
      op,
      alertAfterMinutes: minutesOf(alertAfter, `AlertCondition "${name}" alertAfter`),
    };
  });
}

/** Every window the tiers read, shortest first, each once; the engine keeps a running sum per window. */
export function windowsNeeded(tiers: readonly BurnTier[]): string[] {
  const byMinutes = new Map<number, string>();
  for (const tier of tiers) {
    for (const window of [tier.longWindow, tier.shortWindow]) {
      if (window === null) continue;
      const minutes = fixedMinutes(window);
      if (minutes !== undefined && !byMinutes.has(minutes)) byMinutes.set(minutes, window);
    }
  }
  return [...byMinutes.entries()].sort(([a], [b]) => a - b).map(([, window]) => window);
}

export function compareBurn(op: BurnOperator, value: number, threshold: number): boolean {
  switch (op) {
    case "gt":
      return value > threshold;
    case "gte":
      return value >= threshold;
    case "lt":
      return value < threshold;
    case "lte":
      return value <= threshold;
  }
}

/**
 * Whether the tier breaches now. `null` when the long window has no data: nothing can be said.
 * A short window without data has seen no errors lately, so the tier does not breach.
 */
export function evaluateTier(tier: BurnTier, burnOf: (window: string) => number | null): boolean | null {
  const long = burnOf(tier.longWindow);
  if (long === null) return null;
  if (!compareBurn(tier.op, long, tier.threshold)) return false;
  if (tier.shortWindow === null) return true;
  const short = burnOf(tier.shortWindow);
  return short !== null && compareBurn(tier.op, short, tier.threshold);
}

export interface AlertState {
  /** Since when the condition has held, while it has not fired yet or while it fires. */
  pendingSince: number | null;
  firingSince: number | null;
  noData: boolean;
}

export const QUIET_ALERT: AlertState = { pendingSince: null, firingSince: null, noData: false };

export type AlertTransition = "fired" | "resolved" | "no-data" | "data-back" | null;

/**
 * One evaluation of a tier. Going without data keeps a firing alert firing (missing data is not
 * good news) and reports "no-data"; when data comes back, "fired" or "resolved" in the same step
 * take precedence over "data-back", since they carry that news too.
 */
export function stepAlert(
  state: AlertState,
  breaching: boolean | null,
  now: number,
  tier: Pick<BurnTier, "alertAfterMinutes">,
): { state: AlertState; transition: AlertTransition } {
  if (breaching === null) {
    return {
      state: {
        pendingSince: state.firingSince === null ? null : state.pendingSince,
        firingSince: state.firingSince,
        noData: true,
      },
      transition: state.noData ? null : "no-data",
    };
  }
  const back: AlertTransition = state.noData ? "data-back" : null;
  if (!breaching) {
    if (state.firingSince !== null) return { state: QUIET_ALERT, transition: "resolved" };
    return { state: QUIET_ALERT, transition: back };
  }
  const pendingSince = state.pendingSince ?? now;
  if (state.firingSince === null && now - pendingSince >= tier.alertAfterMinutes * MINUTE_MS) {
    return { state: { pendingSince, firingSince: now, noData: false }, transition: "fired" };
  }
  return { state: { pendingSince, firingSince: state.firingSince, noData: false }, transition: back };
}
