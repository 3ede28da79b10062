import { invalid } from "../core/errors.js";
import {
  computeBurnRate,
  computeBurnRates,
  computeExhaustsAt,
  computeObjective,
  type ObjectiveNumbers,
  type Sums,
} from "./budget.js";
import type { BudgetingMethod } from "./model.js";
import type { SliceMethod } from "./timeslices.js";
import { BURN_WINDOWS, type BurnRates, type BurnWindow } from "./views.js";

/**
 * Composite SLOs (OpenSLO "Notes (Composite SLO)"): one budget for a journey of objectives.
 * - Occurrences: the composite burns at the sum of weight x each objective's burn rate, over every
 *   window; the share of the composite budget spent is that sum over the SLO window.
 * - Timeslices: a slice is bad when it is bad in any objective (weights don't apply).
 * - RatioTimeslices: the missing parts of the objectives' slice ratios add up, each times its weight.
 * The composite's target is the weighted mean of the objectives' targets, which makes its SLI
 * read as "1 - the weighted missing parts" (two objectives at 95% of 99% make a composite at 90%).
 */

export interface CompositeSeries {
  window: Sums;
  now5m: Sums;
  burn: Record<BurnWindow, Sums>;
}

export interface CompositePart extends CompositeSeries {
  weight: number;
  target: number;
}

export interface CompositeContext {
  windowMinutes: number;
  now: number;
  /**
   * Timeslices and RatioTimeslices only: the sums of the composite's own slices, each made with
   * `combineSliceOutcomes` from the objectives' outcomes of the same slice.
   */
  slices?: CompositeSeries;
}

export interface CompositeNumbers extends ObjectiveNumbers {
  target: number;
  /** Occurrences: the objectives' units together, good scaled by the composite SLI; slices: slices. */
  good: number;
  total: number;
}

export function compositeTarget(parts: readonly { weight: number; target: number }[]): number {
  const weights = parts.reduce((sum, part) => sum + part.weight, 0);
  if (parts.length === 0 || !(weights > 0)) throw invalid("a composite SLO needs objectives with positive weights");
  return parts.reduce((sum, part) => sum + part.weight * part.target, 0) / weights;
}

/** One slice of the composite from the objectives' outcomes of that slice; no data anywhere is no slice. */
export function combineSliceOutcomes(
  method: SliceMethod,
  outcomes: readonly { weight: number; outcome: Sums | undefined }[],
): Sums | undefined {
  const present = outcomes.filter((part): part is { weight: number; outcome: Sums } => part.outcome !== undefined);
  if (present.length === 0) return undefined;
  if (method === "Timeslices") {
    return { good: present.every(({ outcome }) => outcome.good >= outcome.total) ? 1 : 0, total: 1 };
  }
  const missing = present.reduce((sum, { weight, outcome }) => sum + weight * (1 - outcome.good / outcome.total), 0);
  return { good: Math.max(0, 1 - missing), total: 1 };
}

/** Sum of weight x burn; objectives without data in a window add nothing, all without data is null. */
function sumWeightedBurn(rates: readonly { weight: number; rate: number | null }[]): number | null {
  const present = rates.filter((entry): entry is { weight: number; rate: number } => entry.rate !== null);
  return present.length === 0 ? null : present.reduce((sum, { weight, rate }) => sum + weight * rate, 0);
}

export function combineObjectives(
  method: BudgetingMethod,
  parts: readonly CompositePart[],
  context: CompositeContext,
): CompositeNumbers {
  const target = compositeTarget(parts);
  if (method !== "Occurrences") {
    if (!context.slices) throw invalid(`a composite SLO with ${method} needs the sums of its combined slices`);
    const { window, now5m, burn } = context.slices;
    const numbers = computeObjective({
      target,
      unit: "slices",
      windowMinutes: context.windowMinutes,
      window,
      now5m,
      burn,
      now: context.now,
    });
    return { ...numbers, target, good: window.good, total: window.total };
  }
  const rates = parts.map((part) => ({
    weight: part.weight,
    // The share of an objective's budget spent over the window is its burn rate over the window.
    window: computeBurnRate(part.window, part.target),
    now5m: computeBurnRate(part.now5m, part.target),
    burn: computeBurnRates(part.burn, part.target),
  }));
  const burnRates = Object.fromEntries(
    BURN_WINDOWS.map((window) => [
      window,
      sumWeightedBurn(rates.map((part) => ({ weight: part.weight, rate: part.burn[window] }))),
    ]),
  ) as BurnRates;
  const spent = sumWeightedBurn(rates.map((part) => ({ weight: part.weight, rate: part.window })));
  const burnNow = sumWeightedBurn(rates.map((part) => ({ weight: part.weight, rate: part.now5m })));
  const allowed = 1 - target;
  const total = parts.reduce((sum, part) => sum + part.window.total, 0);
  const sliOf = (burn: number | null) => (burn === null || total === 0 ? null : clampRatio(1 - allowed * burn));
  const sliWindow = spent === null ? null : sliOf(spent);
  const budgetTotal = allowed * total;
  const remainingRatio = spent === null ? null : 1 - spent;
  const totalMinutes = allowed * context.windowMinutes;
  return {
    target,
    good: sliWindow === null ? 0 : sliWindow * total,
    total,
    sli: { window: sliWindow, now: burnNow === null ? null : sliOf(burnNow) },
    budget: {
      total: remainingRatio === null ? null : budgetTotal,
      consumed: spent === null ? null : spent * budgetTotal,
      remaining: remainingRatio === null ? null : remainingRatio * budgetTotal,
      remainingRatio,
      unit: "events",
      totalMinutes,
      remainingMinutes: remainingRatio === null ? null : remainingRatio * totalMinutes,
    },
    burnRates,
    exhaustsAt: computeExhaustsAt(remainingRatio, burnRates["1h"], context.windowMinutes, context.now),
    exhausted: remainingRatio !== null && remainingRatio <= 0,
  };
}

const clampRatio = (value: number) => Math.min(1, Math.max(0, value));
