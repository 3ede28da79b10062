import { describe, expect, it } from "vitest";
import {
  addSums,
  computeBurnRate,
  computeExhaustsAt,
  computeObjective,
  NO_SUMS,
  type Sums,
} from "../../src/slo/budget.js";
import { type AlertState, evaluateTier, QUIET_ALERT, scaleTiers, stepAlert } from "../../src/slo/burn-alerts.js";
import { BURN_WINDOWS, type BurnWindow } from "../../src/slo/views.js";
import { fixedMinutes } from "../../src/slo/windows.js";

/**
 * The numbers of the SRE Workbook, chapter 5 ("Alerting on SLOs"), for a 99.9% SLO over 30 days,
 * worked out by hand and checked against Nines' arithmetic on per-minute counts.
 */

const TARGET = 0.999;
const MONTH = 30 * 1440;
const PER_MINUTE = 1000;
const NOW = Date.parse("2026-06-30T00:00:00Z");

/** A month of minutes, clean except for `bad` errors a minute in the last `minutes` minutes. */
function monthEndingWith(minutes: number, bad: number): Sums[] {
  return Array.from({ length: MONTH }, (_, minute) => ({
    good: minute >= MONTH - minutes ? PER_MINUTE - bad : PER_MINUTE,
    total: PER_MINUTE,
  }));
}

const sumLast = (minutes: Sums[], count: number, endIndex = minutes.length) =>
  minutes.slice(Math.max(0, endIndex - count), endIndex).reduce(addSums, NO_SUMS);

function objectiveOf(minutes: Sums[]) {
  const burn = Object.fromEntries(
    BURN_WINDOWS.map((window) => [window, sumLast(minutes, fixedMinutes(window) as number)]),
  ) as Record<BurnWindow, Sums>;
  return computeObjective({
    target: TARGET,
    unit: "events",
    windowMinutes: MONTH,
    window: sumLast(minutes, MONTH),
    now5m: burn["5m"],
    burn,
    now: NOW,
  });
}

describe("SRE Workbook, 99.9% over 30 days", () => {
  it("the budget is 43.2 minutes", () => {
    expect(objectiveOf(monthEndingWith(0, 0)).budget.totalMinutes).toBeCloseTo(43.2, 10);
  });

  // Each row of the workbook's table: the burn rate held for the long window spends the share.
  it.each([
    { window: "1h", minutes: 60, rate: 14.4, spent: 0.02 },
    { window: "6h", minutes: 360, rate: 6, spent: 0.05 },
    { window: "1d", minutes: 1440, rate: 3, spent: 0.1 },
    { window: "3d", minutes: 4320, rate: 1, spent: 0.1 },
  ])("a $rate x burn for $window spends $spent of the budget", ({ window, minutes, rate, spent }) => {
    // rate x 0.1% of 1000 requests fail each minute: 14.4 a minute for the 1h row.
    const result = objectiveOf(monthEndingWith(minutes, rate));
    expect(result.burnRates[window as BurnWindow]).toBeCloseTo(rate, 9);
    expect(result.budget.remainingRatio).toBeCloseTo(1 - spent, 9);
    expect(result.budget.remainingMinutes).toBeCloseTo((1 - spent) * 43.2, 9);
  });

  it("the scaled tiers are the table's burn rates", () => {
    const thresholds = scaleTiers(MONTH).map((tier) => tier.threshold);
    expect(thresholds.map((threshold) => Math.round(threshold * 1000) / 1000)).toEqual([14.4, 6, 3, 1]);
  });

  it("a 1000x burn (every request failing) spends the whole budget in 43.2 minutes", () => {
    expect(computeBurnRate({ good: 0, total: 5 }, TARGET)).toBeCloseTo(1000, 9);
    expect(computeExhaustsAt(1, 1000, MONTH, NOW)).toBe(NOW + 43.2 * 60_000);
  });

  it("14.4x for the rest of the budget: 98% lasts 49 hours", () => {
    const result = objectiveOf(monthEndingWith(60, 14.4));
    expect(result.exhaustsAt).toBe(NOW + 49 * 3_600_000);
  });
});

describe("the page-fast tier (14.4x over 1h and 5m)", () => {
  const tier = scaleTiers(MONTH)[0]!;

  /** Minutes of `PER_MINUTE` requests; errors at `errorRatio` from `start` for `length` minutes. */
  function timeline(total: number, start: number, length: number, errorRatio: number): Sums[] {
    return Array.from({ length: total }, (_, minute) => {
      const failing = minute >= start && minute < start + length;
      return { good: PER_MINUTE - (failing ? errorRatio * PER_MINUTE : 0), total: PER_MINUTE };
    });
  }

  /** Steps the alert every minute; the minutes (from the outage start) at which it fired and resolved. */
  function run(minutes: Sums[], start: number) {
    let state: AlertState = QUIET_ALERT;
    const transitions: Record<string, number> = {};
    minutes.forEach((_, index) => {
      const burnOf = (window: string) =>
        computeBurnRate(sumLast(minutes, fixedMinutes(window) as number, index + 1), TARGET);
      const step = stepAlert(state, evaluateTier(tier, burnOf), NOW + index * 60_000, tier);
      state = step.state;
      if (step.transition && transitions[step.transition] === undefined)
        transitions[step.transition] = index - start + 1;
    });
    return transitions;
  }

  it("detects a 10% error rate after 8.64 minutes, so in the 9th minute", () => {
    // Detection time = threshold x (1 - SLO) / error ratio x long window = 14.4 x 0.001 / 0.1 x 60 min.
    expect(run(timeline(200, 100, 60, 0.1), 100).fired).toBe(9);
  });

  it("detects a full outage within the first minute (0.864 minutes)", () => {
    expect(run(timeline(200, 100, 30, 1), 100).fired).toBe(1);
  });

  it("resolves within 5 minutes of the end thanks to the short window", () => {
    // The outage lasts 30 minutes; the 1h window still breaches for a long while, the 5m one doesn't.
    const transitions = run(timeline(200, 100, 30, 1), 100);
    expect(transitions.resolved).toBe(30 + 5);
  });

  it("never fires on a 1% error rate (a 10x burn)", () => {
    expect(run(timeline(200, 100, 100, 0.01), 100).fired).toBeUndefined();
  });
});
