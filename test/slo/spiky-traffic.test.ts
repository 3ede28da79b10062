import { describe, expect, it } from "vitest";
import { addSums, computeObjective, NO_SUMS, type Sums } from "../../src/slo/budget.js";
import { BURN_WINDOWS, type BurnWindow } from "../../src/slo/views.js";

/**
 * Why Nines sums counts instead of averaging ratios. Thirty days of a quiet service (about ten
 * requests a minute, almost no errors) with short bursts of 10-100x traffic that carry most errors.
 * Sloth's SLI is `avg_over_time(ratio_rate5m[30d])`: every 5-minute ratio weighs the same, so a
 * burst of thousands of requests counts no more than a quiet stretch of fifty, and the errors
 * mostly vanish. Nines' SLI is the exact ratio of all good to all requests.
 */

const MONTH = 30 * 1440;
const TARGET = 0.999;

/** mulberry32: a small seeded generator, so the month is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function spikyMonth(seed: number): { minutes: Sums[]; bad: number; total: number } {
  const random = seeded(seed);
  const minutes: Sums[] = [];
  let burstLeft = 0;
  let multiplier = 1;
  let burstErrorRatio = 0;
  let bad = 0;
  let total = 0;
  for (let minute = 0; minute < MONTH; minute += 1) {
    // About one burst every six hours, 3 to 15 minutes long.
    if (burstLeft === 0 && random() < 1 / 360) {
      burstLeft = 3 + Math.floor(random() * 13);
      multiplier = 10 + Math.floor(random() * 91);
      burstErrorRatio = 0.002 + random() * 0.008;
    }
    const baseline = 8 + Math.floor(random() * 5);
    const requests = burstLeft > 0 ? baseline * multiplier : baseline;
    const errors = burstLeft > 0 ? Math.round(requests * burstErrorRatio) : random() < 0.002 ? 1 : 0;
    if (burstLeft > 0) burstLeft -= 1;
    minutes.push({ good: requests - errors, total: requests });
    bad += errors;
    total += requests;
  }
  return { minutes, bad, total };
}

/** Sloth: the mean, over every minute's evaluation, of the 5-minute error ratio; SLI = 1 - that. */
function slothSli(minutes: Sums[]): number {
  let sum = 0;
  let samples = 0;
  for (let end = 5; end <= minutes.length; end += 1) {
    const window = minutes.slice(end - 5, end).reduce(addSums, NO_SUMS);
    sum += (window.total - window.good) / window.total;
    samples += 1;
  }
  return 1 - sum / samples;
}

const { minutes, bad, total } = spikyMonth(20_260_601);
const window = minutes.reduce(addSums, NO_SUMS);
const nines = computeObjective({
  target: TARGET,
  unit: "events",
  windowMinutes: MONTH,
  window,
  now5m: minutes.slice(-5).reduce(addSums, NO_SUMS),
  burn: Object.fromEntries(BURN_WINDOWS.map((name) => [name, window])) as Record<BurnWindow, Sums>,
  now: 0,
});
const exact = (total - bad) / total;
const sloth = slothSli(minutes);
const exactErrors = 1 - exact;
const slothErrors = 1 - sloth;
const understated = exactErrors / slothErrors;

describe("spiky traffic over 30 days", () => {
  it("is spiky: bursts carry most of the errors", () => {
    const burstMinutes = minutes.filter((minute) => minute.total >= 80);
    const burstErrors = burstMinutes.reduce((sum, minute) => sum + minute.total - minute.good, 0);
    const burstRequests = burstMinutes.reduce((sum, minute) => sum + minute.total, 0);
    expect(burstMinutes.length / MONTH).toBeLessThan(0.05);
    expect(burstRequests / total).toBeGreaterThan(0.5);
    expect(burstErrors / bad).toBeGreaterThan(0.9);
  });

  it("Nines' SLI is the exact ratio of good to all requests", () => {
    expect(nines.sli.window).toBe(exact);
    expect(window).toEqual({ good: total - bad, total });
  });

  it(`Sloth-style averaging reads ${(sloth * 100).toFixed(4)}% where the truth is ${(exact * 100).toFixed(4)}%: it understates the errors ${understated.toFixed(1)}x`, () => {
    console.log(
      `spiky traffic: exact SLI ${exact.toFixed(6)} (budget left ${nines.budget.remainingRatio?.toFixed(3)}), ` +
        `Sloth-style ${sloth.toFixed(6)} (budget left ${(1 - slothErrors / (1 - TARGET)).toFixed(3)}), ` +
        `errors understated ${understated.toFixed(1)}x`,
    );
    expect(sloth).toBeGreaterThan(exact);
    // Bursts are a few percent of the 5-minute ratios but hold most requests and errors.
    expect(understated).toBeGreaterThan(3);
    // The month breaches a 99.9% SLO; averaged ratios say it has budget to spare.
    expect(nines.exhausted).toBe(true);
    expect(1 - slothErrors / (1 - TARGET)).toBeGreaterThan(0);
  });
});
