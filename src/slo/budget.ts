import { BURN_WINDOWS, type BudgetView, type BurnRates, type BurnWindow } from "./views.js";

/**
 * An objective's numbers from sums of good and total units (events, or slices with Timeslices):
 * SLI, error budget, burn rates and when the budget runs out. A sum with a total of zero is no
 * data, and every number that would divide by it is `null`, never NaN or infinity.
 */

export interface Sums {
  good: number;
  total: number;
}

export const NO_SUMS: Sums = { good: 0, total: 0 };

export const addSums = (a: Sums, b: Sums): Sums => ({ good: a.good + b.good, total: a.total + b.total });
export const subtractSums = (a: Sums, b: Sums): Sums => ({ good: a.good - b.good, total: a.total - b.total });

const MINUTE_MS = 60_000;

/** A ratio that is `null` instead of NaN or infinity. */
const ratioOrNull = (numerator: number, denominator: number): number | null => {
  if (denominator === 0) return null;
  const value = numerator / denominator;
  return Number.isFinite(value) ? value : null;
};

export function computeSli(sums: Sums): number | null {
  return sums.total > 0 ? ratioOrNull(sums.good, sums.total) : null;
}

/** The error ratio divided by the allowed one: 1 spends the budget exactly over the window. */
export function computeBurnRate(sums: Sums, target: number): number | null {
  const allowed = 1 - target;
  if (sums.total <= 0 || allowed <= 0) return null;
  return ratioOrNull((sums.total - sums.good) / sums.total, allowed);
}

export function computeBurnRates(burn: Record<BurnWindow, Sums>, target: number): BurnRates {
  return Object.fromEntries(BURN_WINDOWS.map((window) => [window, computeBurnRate(burn[window], target)])) as BurnRates;
}

export interface ObjectiveInput {
  target: number;
  unit: "events" | "slices";
  /** The SLO window's full length in minutes. */
  windowMinutes: number;
  /** Sums over the SLO window. */
  window: Sums;
  /** Sums over the last 5 minutes. */
  now5m: Sums;
  burn: Record<BurnWindow, Sums>;
  now: number;
}

export interface ObjectiveNumbers {
  sli: { window: number | null; now: number | null };
  budget: BudgetView;
  burnRates: BurnRates;
  exhaustsAt: number | null;
  exhausted: boolean;
}

export function computeBudget(
  target: number,
  unit: "events" | "slices",
  windowMinutes: number,
  window: Sums,
): BudgetView {
  const allowed = Math.max(0, 1 - target);
  const totalMinutes = allowed * windowMinutes;
  if (window.total <= 0) {
    return {
      total: null,
      consumed: null,
      remaining: null,
      remainingRatio: null,
      unit,
      totalMinutes,
      remainingMinutes: null,
    };
  }
  const total = allowed * window.total;
  const consumed = window.total - window.good;
  const remaining = total - consumed;
  // A target of 1 leaves no budget: any ratio of it would divide by zero.
  const remainingRatio = ratioOrNull(remaining, total);
  return {
    total,
    consumed,
    remaining,
    remainingRatio,
    unit,
    totalMinutes,
    remainingMinutes: remainingRatio === null ? null : remainingRatio * totalMinutes,
  };
}

/**
 * When the budget runs out if the last hour's burn goes on: a burn of 1 spends the whole budget
 * in one window, so the remaining share lasts `remainingRatio x windowMinutes / burn` minutes.
 * `null` when nothing is burning (burn 0 or no data in the last hour: it would never run out) and
 * when nothing is left (it already has). With a rolling window this is the pessimistic reading:
 * old errors leaving the window give budget back, which the estimate ignores.
 */
export function computeExhaustsAt(
  remainingRatio: number | null,
  burn1h: number | null,
  windowMinutes: number,
  now: number,
): number | null {
  if (remainingRatio === null || remainingRatio <= 0 || burn1h === null || burn1h <= 0) return null;
  const minutes = (remainingRatio * windowMinutes) / burn1h;
  const at = now + Math.round(minutes * MINUTE_MS);
  return Number.isFinite(at) ? at : null;
}

/** Out of budget; with no budget at all (a target of 1) a single bad unit is already too many. */
function isExhausted(budget: BudgetView): boolean {
  if (budget.remainingRatio !== null) return budget.remainingRatio <= 0;
  return budget.remaining !== null && budget.remaining < 0;
}

export function computeObjective(input: ObjectiveInput): ObjectiveNumbers {
  const budget = computeBudget(input.target, input.unit, input.windowMinutes, input.window);
  const burnRates = computeBurnRates(input.burn, input.target);
  return {
    sli: { window: computeSli(input.window), now: computeSli(input.now5m) },
    budget,
    burnRates,
    exhaustsAt: computeExhaustsAt(budget.remainingRatio, burnRates["1h"], input.windowMinutes, input.now),
    exhausted: isExhausted(budget),
  };
}
