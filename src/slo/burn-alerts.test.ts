import { describe, expect, it } from "vitest";
import {
  type AlertState,
  type BurnTier,
  evaluateTier,
  QUIET_ALERT,
  scaleTiers,
  stepAlert,
  tiersFromConditions,
  WORKBOOK_TIERS,
  windowsNeeded,
} from "./burn-alerts.js";

const DAYS = 1440;
const MINUTE = 60_000;

describe("scaleTiers", () => {
  it("gives the workbook's rates for 30 days and scales them for 28", () => {
    const thirty = scaleTiers(30 * DAYS);
    expect(thirty.map((tier) => tier.name)).toEqual(["page-fast", "page-slow", "ticket-fast", "ticket-slow"]);
    expect(thirty.map((tier) => tier.severity)).toEqual(["page", "page", "ticket", "ticket"]);
    expect(thirty.map((tier) => [tier.longWindow, tier.shortWindow])).toEqual([
      ["1h", "5m"],
      ["6h", "30m"],
      ["1d", "2h"],
      ["3d", "6h"],
    ]);
    for (const [index, rate] of [14.4, 6, 3, 1].entries()) expect(thirty[index]?.threshold).toBeCloseTo(rate, 10);
    const twentyEight = scaleTiers(28 * DAYS);
    for (const [index, rate] of [13.44, 5.6, 2.8, 0.9333].entries()) {
      expect(twentyEight[index]?.threshold).toBeCloseTo(rate, 4);
    }
    expect(thirty.every((tier) => tier.op === "gt" && tier.alertAfterMinutes === 0)).toBe(true);
  });

  it("replaces the list with overrides, a factor taken as is", () => {
    const tiers = scaleTiers(30 * DAYS, [
      { name: "fast", severity: "page", longWindow: "15m", budgetShare: 0.01 },
      { name: "steady", severity: "ticket", longWindow: "4h", shortWindow: "20m", factor: 2.5, alertAfter: "10m" },
    ]);
    expect(tiers).toEqual([
      {
        name: "fast",
        severity: "page",
        longWindow: "15m",
        shortWindow: null,
        threshold: 28.8,
        op: "gt",
        alertAfterMinutes: 0,
      },
      {
        name: "steady",
        severity: "ticket",
        longWindow: "4h",
        shortWindow: "20m",
        threshold: 2.5,
        op: "gt",
        alertAfterMinutes: 10,
      },
    ]);
    expect(scaleTiers(30 * DAYS, [])).toEqual([]);
  });

  it("keeps the default list intact", () => {
    expect(WORKBOOK_TIERS.map((tier) => tier.budgetShare)).toEqual([0.02, 0.05, 0.1, 0.1]);
  });
});

describe("tiersFromConditions", () => {
  it("makes a single-window tier of each AlertCondition", () => {
    const tiers = tiersFromConditions([
      {
        name: "slow-burn",
        spec: {
          severity: "ticket",
          condition: { kind: "burnrate", op: "gte", threshold: 2, lookbackWindow: "4h", alertAfter: "15m" },
        },
      },
    ]);
    expect(tiers).toEqual([
      {
        name: "slow-burn",
        severity: "ticket",
        longWindow: "4h",
        shortWindow: null,
        threshold: 2,
        op: "gte",
        alertAfterMinutes: 15,
      },
    ]);
  });

  it("refuses a lookback window without a fixed length", () => {
    expect(() =>
      tiersFromConditions([
        {
          name: "monthly",
          spec: {
            severity: "ticket",
            condition: { kind: "burnrate", op: "gt", threshold: 1, lookbackWindow: "1M", alertAfter: "0m" },
          },
        },
      ]),
    ).toThrow(/AlertCondition "monthly" lookbackWindow: "1M" has no fixed length/);
  });
});

describe("windowsNeeded", () => {
  it("lists each window once, shortest first", () => {
    const tiers = [
      ...scaleTiers(30 * DAYS),
      {
        name: "x",
        severity: "page",
        longWindow: "15m",
        shortWindow: "60m",
        threshold: 1,
        op: "gt",
        alertAfterMinutes: 0,
      },
    ] satisfies BurnTier[];
    expect(windowsNeeded(tiers)).toEqual(["5m", "15m", "30m", "1h", "2h", "6h", "1d", "3d"]);
  });
});

describe("evaluateTier", () => {
  const tier = scaleTiers(30 * DAYS)[0] as BurnTier;
  const rates = (long: number | null, short: number | null) => (window: string) => (window === "1h" ? long : short);

  it("breaches only when both windows exceed the threshold", () => {
    expect(evaluateTier(tier, rates(15, 20))).toBe(true);
    expect(evaluateTier(tier, rates(15, 2))).toBe(false);
    expect(evaluateTier(tier, rates(2, 20))).toBe(false);
    expect(evaluateTier(tier, rates(14.4, 20))).toBe(false);
  });

  it("is null without data in the long window, false without data in the short one", () => {
    expect(evaluateTier(tier, rates(null, 20))).toBeNull();
    expect(evaluateTier(tier, rates(15, null))).toBe(false);
  });

  it("honours the operator of a single-window tier", () => {
    const under = { ...tier, shortWindow: null, op: "lte" as const, threshold: 0.5 };
    expect(evaluateTier(under, rates(0.5, null))).toBe(true);
    expect(evaluateTier(under, rates(0.6, null))).toBe(false);
  });
});

describe("stepAlert", () => {
  const T0 = Date.parse("2026-06-01T00:00:00Z");
  const tier = { alertAfterMinutes: 5 };

  it("fires after the condition held for alertAfter, and resolves when it stops", () => {
    let step = stepAlert(QUIET_ALERT, true, T0, tier);
    expect(step).toEqual({ state: { pendingSince: T0, firingSince: null, noData: false }, transition: null });
    step = stepAlert(step.state, true, T0 + 4 * MINUTE, tier);
    expect(step.transition).toBeNull();
    step = stepAlert(step.state, true, T0 + 5 * MINUTE, tier);
    expect(step).toEqual({
      state: { pendingSince: T0, firingSince: T0 + 5 * MINUTE, noData: false },
      transition: "fired",
    });
    step = stepAlert(step.state, true, T0 + 6 * MINUTE, tier);
    expect(step.transition).toBeNull();
    expect(step.state.firingSince).toBe(T0 + 5 * MINUTE);
    step = stepAlert(step.state, false, T0 + 7 * MINUTE, tier);
    expect(step).toEqual({ state: QUIET_ALERT, transition: "resolved" });
  });

  it("fires at once with alertAfter 0, and a pause before firing restarts the wait", () => {
    expect(stepAlert(QUIET_ALERT, true, T0, { alertAfterMinutes: 0 }).transition).toBe("fired");
    let step = stepAlert(QUIET_ALERT, true, T0, tier);
    step = stepAlert(step.state, false, T0 + 3 * MINUTE, tier);
    expect(step).toEqual({ state: QUIET_ALERT, transition: null });
    step = stepAlert(step.state, true, T0 + 6 * MINUTE, tier);
    expect(step.transition).toBeNull();
    expect(step.state.pendingSince).toBe(T0 + 6 * MINUTE);
  });

  it("reports no data once, keeps a firing alert, and data coming back", () => {
    const firing: AlertState = { pendingSince: T0, firingSince: T0, noData: false };
    let step = stepAlert(firing, null, T0 + MINUTE, tier);
    expect(step).toEqual({ state: { ...firing, noData: true }, transition: "no-data" });
    step = stepAlert(step.state, null, T0 + 2 * MINUTE, tier);
    expect(step.transition).toBeNull();
    expect(stepAlert(step.state, true, T0 + 3 * MINUTE, tier)).toEqual({
      state: firing,
      transition: "data-back",
    });
    expect(stepAlert(step.state, false, T0 + 3 * MINUTE, tier)).toEqual({ state: QUIET_ALERT, transition: "resolved" });
  });

  it("drops a pending wait when data stops, and says data-back when quiet", () => {
    const pending = stepAlert(QUIET_ALERT, true, T0, tier).state;
    const gone = stepAlert(pending, null, T0 + MINUTE, tier);
    expect(gone).toEqual({ state: { pendingSince: null, firingSince: null, noData: true }, transition: "no-data" });
    expect(stepAlert(gone.state, false, T0 + 2 * MINUTE, tier)).toEqual({
      state: QUIET_ALERT,
      transition: "data-back",
    });
    expect(stepAlert(gone.state, true, T0 + 2 * MINUTE, { alertAfterMinutes: 0 }).transition).toBe("fired");
  });
});
