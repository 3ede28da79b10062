import { describe, expect, it } from "vitest";
import { burningDetail, NOW, objectiveView, sloView } from "../../test/support/slo-views.js";
import type { SloHistoryPoint } from "./api.js";
import {
  budgetBarPercent,
  budgetColor,
  chooseHistoryRange,
  describeExhaustion,
  findBreachedTier,
  SLO_STATUS,
  severityColor,
  sliRange,
  sloStatusStyle,
  toBudgetColumns,
  toSliColumns,
} from "./slo-view.js";

const HOUR = 3_600_000;
const budget = objectiveView().budget;

describe("an SLO's status and budget colours", () => {
  it("follows STYLE.md's palette and gives every status a word", () => {
    expect(SLO_STATUS.ok.color).toBe("green");
    expect(SLO_STATUS.warning.color).toBe("yellow");
    expect(SLO_STATUS.burning.color).toBe("red");
    expect(SLO_STATUS["no-data"]).toMatchObject({ color: "gray", label: "No data" });
    const labels = Object.values(SLO_STATUS).map((style) => style.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(sloStatusStyle("frozen")).toMatchObject({ color: "gray", label: "frozen" });
  });

  it("colours a budget by its risk", () => {
    expect(budgetColor({ status: "ok", budget })).toBe("green");
    expect(budgetColor({ status: "ok", budget: { ...budget, remainingRatio: 0.2 } })).toBe("yellow");
    expect(budgetColor({ status: "warning", budget })).toBe("yellow");
    expect(budgetColor({ status: "burning", budget })).toBe("red");
    expect(budgetColor({ status: "ok", budget: { ...budget, remainingRatio: -0.3 } })).toBe("red");
    expect(budgetColor({ status: "no-data", budget: { ...budget, remainingRatio: null } })).toBe("gray");
  });

  it("draws an overspent budget as an empty bar and never past full", () => {
    expect(budgetBarPercent(0.98)).toBeCloseTo(98);
    expect(budgetBarPercent(-0.3)).toBe(0);
    expect(budgetBarPercent(1.2)).toBe(100);
    expect(budgetBarPercent(null)).toBe(0);
  });

  it("says when the budget runs out at the current burn", () => {
    expect(describeExhaustion(burningDetail().objectives[0]!, NOW)).toBe("in 25h 30m at the 1h burn rate");
    expect(describeExhaustion(objectiveView(), NOW)).toBeUndefined();
    expect(describeExhaustion(objectiveView({ budget: { ...budget, remainingRatio: 0 } }), NOW)).toBe("exhausted");
  });
});

describe("the history charts", () => {
  const point = (hoursAgo: number, values: Partial<SloHistoryPoint>): SloHistoryPoint => ({
    t: NOW - hoursAgo * HOUR,
    sli: null,
    windowSli: null,
    budgetRemaining: null,
    ideal: null,
    ...values,
  });

  it("picks hourly buckets, daily ones for windows longer than a quarter", () => {
    const window = sloView().window;
    expect(chooseHistoryRange(window, NOW)).toEqual({ from: window.start, to: NOW, step: "1h" });
    expect(chooseHistoryRange({ ...window, minutes: 1440 }, NOW).step).toBe("1h");
    expect(chooseHistoryRange({ ...window, kind: "calendar", minutes: 92 * 1440 }, NOW).step).toBe("1h");
    expect(chooseHistoryRange({ ...window, kind: "calendar", minutes: 525_600 }, NOW).step).toBe("1d");
    // A calendar window ends later than now: the chart stops at now.
    expect(chooseHistoryRange({ ...window, end: NOW + 10 * HOUR }, NOW).to).toBe(NOW);
  });

  it("turns the budget left into percentages, with the even-spend line only when there is one", () => {
    const rolling = [
      point(2, { budgetRemaining: 1 }),
      point(1, { budgetRemaining: null }),
      point(0, { budgetRemaining: -0.1 }),
    ];
    expect(toBudgetColumns(rolling)).toEqual([
      [(NOW - 2 * HOUR) / 1000, (NOW - HOUR) / 1000, NOW / 1000],
      [100, null, -10],
    ]);
    const calendar = [point(1, { budgetRemaining: 0.9, ideal: 0.95 }), point(0, { budgetRemaining: 0.8, ideal: 0.9 })];
    expect(toBudgetColumns(calendar)[2]).toEqual([95, 90]);
  });

  it("plots the SLI against its target and keeps the target in view", () => {
    const points = [point(1, { sli: 0.998, windowSli: 0.9995 }), point(0, { sli: null, windowSli: 0.9994 })];
    const columns = toSliColumns(points, 0.999);
    expect(columns.slice(1)).toEqual([
      [99.8, null],
      [99.95, 99.94],
      [99.9, 99.9],
    ]);
    const [low, high] = sliRange(columns, 0.999);
    expect(high).toBe(100);
    expect(low).toBeLessThan(99.8);
    expect(low).toBeGreaterThan(99.7);
    // Without data, the range still shows the target.
    expect(sliRange(toSliColumns([point(0, {})], 0.99), 0.99)[0]).toBeLessThan(99);
  });
});

describe("the burn-rate table", () => {
  const tiers = burningDetail().alertTiers;

  it("marks the windows whose burn breaches an alert tier, pages first", () => {
    expect(findBreachedTier("1h", 14.5, tiers)?.name).toBe("page-fast");
    // At exactly the threshold, a `gt` tier holds.
    expect(findBreachedTier("1h", 14.4, tiers)).toBeUndefined();
    expect(findBreachedTier("6h", 7, tiers)?.name).toBe("page-slow");
    expect(findBreachedTier("6h", 1.5, tiers)?.name).toBe("ticket-slow");
    expect(findBreachedTier("2h", 100, tiers)).toBeUndefined();
    expect(findBreachedTier("1h", null, tiers)).toBeUndefined();
    expect(severityColor("page")).toBe("red");
    expect(severityColor("ticket")).toBe("yellow");
  });
});
