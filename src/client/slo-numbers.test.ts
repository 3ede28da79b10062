import { describe, expect, it } from "vitest";
import { burningDetail, NO_BURN, objectiveView, sloView } from "../../test/support/slo-views.js";
import {
  findFastestBurn,
  formatBudgetLeft,
  formatBurnRate,
  formatCount,
  formatGroup,
  formatMinutes,
  formatSli,
  formatSpan,
  formatTarget,
  orderBurnWindows,
  pickHeadlineObjective,
} from "./slo-numbers.js";

describe("the SLO numbers, as an SRE reads them", () => {
  it("writes targets as declared, without float noise", () => {
    expect(formatTarget(0.999)).toBe("99.9%");
    expect(formatTarget(0.9995)).toBe("99.95%");
    expect(formatTarget(0.99)).toBe("99%");
    expect(formatTarget(0.99999)).toBe("99.999%");
  });

  it("rounds an SLI down, one digit finer than its target, so just under never reads as met", () => {
    expect(formatSli(0.99949, 0.9995)).toBe("99.949%");
    expect(formatSli(0.9995, 0.9995)).toBe("99.950%");
    expect(formatSli(0.99996, 0.999)).toBe("99.99%");
    expect(formatSli(1, 0.999)).toBe("100.00%");
    expect(formatSli(null, 0.999)).toBe("no data");
  });

  it("writes burn rates with the precision that matters at each size", () => {
    expect(formatBurnRate(14.4)).toBe("14.4x");
    expect(formatBurnRate(0.9333)).toBe("0.93x");
    expect(formatBurnRate(120.4)).toBe("120x");
    expect(formatBurnRate(0)).toBe("0x");
    expect(formatBurnRate(null)).toBe("no data");
  });

  it("writes budget time in minutes, then hours, then days", () => {
    expect(formatMinutes(43.2)).toBe("43.2m");
    expect(formatMinutes(40)).toBe("40m");
    expect(formatMinutes(-12.34)).toBe("-12.3m");
    // 99.5% over 28 days.
    expect(formatMinutes(201.6)).toBe("3h 22m");
    expect(formatMinutes(4320)).toBe("3d 0h");
    expect(formatSpan(30_000)).toBe("<1m");
    expect(formatSpan(12.7 * 60_000)).toBe("12m");
  });

  it("counts events with separators and budgets to a tenth", () => {
    expect(formatCount(1_241_864)).toBe("1,241,864");
    expect(formatCount(6209.32)).toBe("6,209");
    expect(formatCount(4.25)).toBe("4.3");
    expect(formatCount(0.02)).toBe("0.02");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(null)).toBe("no data");
  });

  it("says how much budget is left as a share and as time", () => {
    expect(formatBudgetLeft(objectiveView())).toBe("98.0% (42.3m of 43.2m)");
    const untouched = objectiveView({
      budget: { ...objectiveView().budget, consumed: 0, remaining: 1000, remainingRatio: 1, remainingMinutes: 43.2 },
    });
    expect(formatBudgetLeft(untouched)).toBe("100.0% (43.2m of 43.2m)");
    const quiet = objectiveView({
      budget: { ...objectiveView().budget, remainingRatio: null, remainingMinutes: null },
    });
    expect(formatBudgetLeft(quiet)).toBe("no data");
  });

  it("finds the window burning fastest, ignoring windows without data", () => {
    expect(findFastestBurn(burningDetail().objectives[0]!.burnRates)).toEqual({ window: "5m", rate: 14.4 });
    expect(findFastestBurn({ ...NO_BURN, "6h": 2, "1d": 3 })).toEqual({ window: "1d", rate: 3 });
    expect(findFastestBurn(NO_BURN)).toBeUndefined();
  });

  it("orders burn windows by length, whatever order the keys came in", () => {
    const shuffled = { "3d": 1, "5m": 2, "1d": 3, "30m": 4, "6h": 5, "1h": 6, "2h": 7 } as typeof NO_BURN;
    expect(orderBurnWindows(shuffled)).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
    expect(orderBurnWindows(NO_BURN)).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
  });

  it("names a group by its label values", () => {
    expect(formatGroup({ region: "eu", tier: "gold" })).toBe("region=eu, tier=gold");
  });

  it("heads a row with the composite, else the objective most at risk", () => {
    const calm = objectiveView({ index: 0, name: "fast" });
    const hurt = objectiveView({ index: 1, name: "slow", status: "warning" });
    const lower = objectiveView({ index: 2, name: "lower", budget: { ...calm.budget, remainingRatio: 0.4 } });
    expect(pickHeadlineObjective(sloView({ objectives: [calm, lower, hurt] }))?.name).toBe("slow");
    expect(pickHeadlineObjective(sloView({ objectives: [calm, lower] }))?.name).toBe("lower");
    const composite = objectiveView({ name: "composite" });
    expect(pickHeadlineObjective(sloView({ objectives: [hurt], composite }))?.name).toBe("composite");
  });
});
