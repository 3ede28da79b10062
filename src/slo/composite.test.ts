import { describe, expect, it } from "vitest";
import { computeObjective, NO_SUMS, type Sums } from "./budget.js";
import { type CompositePart, combineObjectives, combineSliceOutcomes, compositeTarget } from "./composite.js";
import { BURN_WINDOWS, type BurnWindow } from "./views.js";

const NOW = Date.parse("2026-06-01T00:00:00Z");
const WINDOW_MINUTES = 30 * 1440;
const context = { windowMinutes: WINDOW_MINUTES, now: NOW };

const everywhere = (sums: Sums): Record<BurnWindow, Sums> =>
  Object.fromEntries(BURN_WINDOWS.map((window) => [window, sums])) as Record<BurnWindow, Sums>;

const part = (weight: number, target: number, sums: Sums): CompositePart => ({
  weight,
  target,
  window: sums,
  now5m: sums,
  burn: everywhere(sums),
});

describe("Occurrences composites", () => {
  it("add the objectives' burn rates: two at 95% of 99% make 90%", () => {
    const result = combineObjectives(
      "Occurrences",
      [part(1, 0.99, { good: 95, total: 100 }), part(1, 0.99, { good: 950, total: 1000 })],
      context,
    );
    expect(result.target).toBeCloseTo(0.99, 12);
    for (const window of BURN_WINDOWS) expect(result.burnRates[window]).toBeCloseTo(10, 9);
    expect(result.sli.window).toBeCloseTo(0.9, 12);
    expect(result.sli.now).toBeCloseTo(0.9, 12);
    expect(result.budget.remainingRatio).toBeCloseTo(-9, 9);
    expect(result.exhausted).toBe(true);
    expect(result.exhaustsAt).toBeNull();
    expect(result.total).toBe(1100);
  });

  it("multiply each burn by its weight", () => {
    const result = combineObjectives(
      "Occurrences",
      [part(0.5, 0.999, { good: 998, total: 1000 }), part(2, 0.999, { good: 10_000, total: 10_000 })],
      context,
    );
    // 0.2% errors against 0.1% allowed is a burn of 2; half of it burns the composite at 1.
    expect(result.burnRates["1h"]).toBeCloseTo(1, 9);
    expect(result.budget.remainingRatio).toBeCloseTo(0, 9);
    expect(result.target).toBeCloseTo(0.999, 12);
  });

  it("a single objective of weight 1 reads like the objective itself", () => {
    const sums = { good: 99_950, total: 100_000 };
    const single = combineObjectives("Occurrences", [part(1, 0.999, sums)], context);
    const plain = computeObjective({
      target: 0.999,
      unit: "events",
      windowMinutes: WINDOW_MINUTES,
      window: sums,
      now5m: sums,
      burn: everywhere(sums),
      now: NOW,
    });
    expect(single.sli.window).toBeCloseTo(plain.sli.window as number, 12);
    expect(single.budget.remainingRatio).toBeCloseTo(plain.budget.remainingRatio as number, 12);
    expect(single.budget.remaining).toBeCloseTo(plain.budget.remaining as number, 9);
    expect(single.budget.totalMinutes).toBeCloseTo(plain.budget.totalMinutes, 12);
    expect(single.burnRates["6h"]).toBeCloseTo(plain.burnRates["6h"] as number, 12);
    expect(single.exhaustsAt).toBe(plain.exhaustsAt);
    expect(single.good).toBeCloseTo(99_950, 6);
  });

  it("an objective without data adds nothing; none with data is null", () => {
    const quiet = { ...part(1, 0.99, { good: 90, total: 100 }), now5m: NO_SUMS };
    const result = combineObjectives("Occurrences", [quiet, part(1, 0.99, NO_SUMS)], context);
    expect(result.burnRates["1h"]).toBeCloseTo(10, 9);
    expect(result.sli.now).toBeNull();
    const empty = combineObjectives("Occurrences", [part(1, 0.99, NO_SUMS)], context);
    expect(empty.sli).toEqual({ window: null, now: null });
    expect(empty.budget.remainingRatio).toBeNull();
    expect(empty.burnRates["5m"]).toBeNull();
    expect(empty.exhausted).toBe(false);
  });
});

describe("slice composites", () => {
  it("Timeslices: bad in any objective is bad", () => {
    const good = { good: 1, total: 1 };
    const bad = { good: 0, total: 1 };
    expect(
      combineSliceOutcomes("Timeslices", [
        { weight: 1, outcome: good },
        { weight: 1, outcome: bad },
      ]),
    ).toEqual(bad);
    expect(
      combineSliceOutcomes("Timeslices", [
        { weight: 1, outcome: good },
        { weight: 1, outcome: undefined },
      ]),
    ).toEqual(good);
    expect(combineSliceOutcomes("Timeslices", [{ weight: 1, outcome: undefined }])).toBeUndefined();
  });

  it("RatioTimeslices: weighted missing parts add up", () => {
    const slice = (ratio: number) => ({ good: ratio, total: 1 });
    const two = combineSliceOutcomes("RatioTimeslices", [
      { weight: 1, outcome: slice(0.95) },
      { weight: 1, outcome: slice(0.95) },
    ]);
    expect(two?.good).toBeCloseTo(0.9, 12);
    const weighted = combineSliceOutcomes("RatioTimeslices", [
      { weight: 2, outcome: slice(0.9) },
      { weight: 1, outcome: slice(0.95) },
    ]);
    expect(weighted?.good).toBeCloseTo(0.75, 12);
    expect(combineSliceOutcomes("RatioTimeslices", [{ weight: 20, outcome: slice(0.9) }])).toEqual({
      good: 0,
      total: 1,
    });
  });

  it("budgets the combined slices against the weighted mean target", () => {
    const slices = {
      window: { good: 90, total: 100 },
      now5m: { good: 1, total: 1 },
      burn: everywhere({ good: 9, total: 10 }),
    };
    const result = combineObjectives("Timeslices", [{ ...part(1, 0.99, NO_SUMS) }, { ...part(3, 0.95, NO_SUMS) }], {
      ...context,
      slices,
    });
    expect(result.target).toBeCloseTo(0.96, 12);
    expect(result.budget.unit).toBe("slices");
    expect(result.budget.total).toBeCloseTo(4, 9);
    expect(result.budget.remainingRatio).toBeCloseTo(-1.5, 9);
    expect(result.burnRates["1h"]).toBeCloseTo(2.5, 9);
    expect(result.sli).toEqual({ window: 0.9, now: 1 });
    expect([result.good, result.total]).toEqual([90, 100]);
  });

  it("refuses a slice composite without its slices, and a composite without objectives", () => {
    expect(() => combineObjectives("RatioTimeslices", [part(1, 0.99, NO_SUMS)], context)).toThrow(/combined slices/);
    expect(() => compositeTarget([])).toThrow(/positive weights/);
  });
});
