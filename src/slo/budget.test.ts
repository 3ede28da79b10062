import { describe, expect, it } from "vitest";
import {
  addSums,
  computeBurnRate,
  computeExhaustsAt,
  computeObjective,
  NO_SUMS,
  type ObjectiveInput,
  type Sums,
} from "./budget.js";
import { BURN_WINDOWS, type BurnWindow } from "./views.js";

const NOW = Date.parse("2026-06-01T00:00:00Z");
const MONTH_MINUTES = 30 * 1440;

const burnOf = (sums: Sums): Record<BurnWindow, Sums> =>
  Object.fromEntries(BURN_WINDOWS.map((window) => [window, sums])) as Record<BurnWindow, Sums>;

const input = (overrides: Partial<ObjectiveInput>): ObjectiveInput => ({
  target: 0.999,
  unit: "events",
  windowMinutes: MONTH_MINUTES,
  window: NO_SUMS,
  now5m: NO_SUMS,
  burn: burnOf(NO_SUMS),
  now: NOW,
  ...overrides,
});

const isClean = (value: unknown) => typeof value !== "number" || Number.isFinite(value);

describe("computeObjective", () => {
  it("99.9% over 30 days is 43.2 budget minutes", () => {
    const result = computeObjective(input({ window: { good: 1000, total: 1000 } }));
    expect(result.budget.totalMinutes).toBeCloseTo(43.2, 10);
    expect(result.budget.remainingMinutes).toBeCloseTo(43.2, 10);
    expect(result.budget.remainingRatio).toBe(1);
    expect(result.budget.total).toBeCloseTo(1, 10);
    expect(result.exhaustsAt).toBeNull();
    expect(result.exhausted).toBe(false);
  });

  it("one hour at 14.4x in a clean month spends 2% of the budget", () => {
    // 1000 requests a minute; for one hour 1.44% of them fail (14.4 x the 0.1% allowed).
    let window = NO_SUMS;
    let lastHour = NO_SUMS;
    for (let minute = 0; minute < MONTH_MINUTES; minute += 1) {
      const failing = minute >= MONTH_MINUTES - 60;
      const sums = { good: failing ? 1000 - 14.4 : 1000, total: 1000 };
      window = addSums(window, sums);
      if (failing) lastHour = addSums(lastHour, sums);
    }
    const result = computeObjective(
      input({ window, now5m: { good: 5 * (1000 - 14.4), total: 5000 }, burn: { ...burnOf(window), "1h": lastHour } }),
    );
    expect(result.burnRates["1h"]).toBeCloseTo(14.4, 9);
    expect(result.budget.total).toBeCloseTo(43_200, 6);
    expect(result.budget.consumed).toBeCloseTo(864, 6);
    expect(result.budget.remainingRatio).toBeCloseTo(0.98, 9);
    expect(result.budget.remainingMinutes).toBeCloseTo(0.98 * 43.2, 9);
    expect(result.sli.now).toBeCloseTo(0.9856, 12);
    // 98% of a 30-day budget at 14.4x lasts 0.98 x 720h / 14.4 = 49 hours.
    expect(result.exhaustsAt).toBe(NOW + 49 * 3_600_000);
    expect(result.exhausted).toBe(false);
  });

  it("no data is null everywhere, never NaN", () => {
    const result = computeObjective(input({}));
    expect(result.sli).toEqual({ window: null, now: null });
    expect(result.budget).toEqual({
      total: null,
      consumed: null,
      remaining: null,
      remainingRatio: null,
      unit: "events",
      totalMinutes: expect.closeTo(43.2, 10),
      remainingMinutes: null,
    });
    for (const window of BURN_WINDOWS) expect(result.burnRates[window]).toBeNull();
    expect(result.exhaustsAt).toBeNull();
    expect(result.exhausted).toBe(false);
  });

  it("all bad overspends: negative remaining, exhausted, no exhaustion time", () => {
    const allBad = { good: 0, total: 2000 };
    const result = computeObjective(input({ window: allBad, now5m: allBad, burn: burnOf(allBad) }));
    expect(result.sli.window).toBe(0);
    expect(result.budget.total).toBeCloseTo(2, 10);
    expect(result.budget.consumed).toBe(2000);
    expect(result.budget.remaining).toBeCloseTo(-1998, 9);
    expect(result.budget.remainingRatio).toBeCloseTo(-999, 6);
    expect(result.burnRates["5m"]).toBeCloseTo(1000, 9);
    expect(result.exhausted).toBe(true);
    expect(result.exhaustsAt).toBeNull();
  });

  it("a quiet service keeps its budget and never runs out", () => {
    const quiet = { good: 40, total: 40 };
    const result = computeObjective(
      input({ window: quiet, now5m: NO_SUMS, burn: { ...burnOf(quiet), "5m": NO_SUMS } }),
    );
    expect(result.sli).toEqual({ window: 1, now: null });
    expect(result.burnRates["5m"]).toBeNull();
    expect(result.burnRates["1h"]).toBe(0);
    expect(result.budget.remainingRatio).toBe(1);
    expect(result.exhaustsAt).toBeNull();
  });

  it("a target of 1 yields no infinity", () => {
    const result = computeObjective(
      input({ target: 1, window: { good: 9, total: 10 }, burn: burnOf({ good: 9, total: 10 }) }),
    );
    expect(result.budget.totalMinutes).toBe(0);
    expect(result.budget.remainingRatio).toBeNull();
    expect(result.burnRates["1h"]).toBeNull();
    expect(result.exhausted).toBe(true);
    for (const value of [...Object.values(result.budget), ...Object.values(result.burnRates), result.exhaustsAt]) {
      expect(isClean(value)).toBe(true);
    }
  });

  it("slices are budgeted like events", () => {
    const result = computeObjective(input({ unit: "slices", target: 0.99, window: { good: 95, total: 100 } }));
    expect(result.budget.unit).toBe("slices");
    expect(result.budget.total).toBeCloseTo(1, 10);
    expect(result.budget.remaining).toBeCloseTo(-4, 10);
  });
});

describe("computeBurnRate and computeExhaustsAt", () => {
  it("burn rate is the error ratio over the allowed one", () => {
    expect(computeBurnRate({ good: 990, total: 1000 }, 0.99)).toBeCloseTo(1, 10);
    expect(computeBurnRate({ good: 0, total: 0 }, 0.99)).toBeNull();
  });

  it("exhaustion needs a burn and a budget left", () => {
    expect(computeExhaustsAt(0.5, 1, 1440, 0)).toBe(720 * 60_000);
    expect(computeExhaustsAt(0.5, 0, 1440, 0)).toBeNull();
    expect(computeExhaustsAt(0, 2, 1440, 0)).toBeNull();
    expect(computeExhaustsAt(0.5, null, 1440, 0)).toBeNull();
  });
});
