import type { BurnRates, ObjectiveView, SloDetailView, SloView } from "../../src/client/types.js";

/**
 * Fixed SLO views for the formatting tests of the CLI and the UI: the SRE Workbook's 99.9% over 30 days, whose
 * budget is 43.2 minutes, with numbers worked out by hand.
 */
export const NOW = Date.UTC(2026, 7, 20, 10, 0);
const MINUTE = 60_000;

export const NO_BURN: BurnRates = {
  "5m": null,
  "30m": null,
  "1h": null,
  "2h": null,
  "6h": null,
  "1d": null,
  "3d": null,
};

export function objectiveView(overrides: Partial<ObjectiveView> = {}): ObjectiveView {
  return {
    index: 0,
    name: "Available",
    target: 0.999,
    op: null,
    value: null,
    compositeWeight: null,
    sli: { window: 0.99998, now: 1 },
    good: 999_980,
    total: 1_000_000,
    // 1,000 events may fail; 20 did: 98% left, 42.336 of 43.2 minutes.
    budget: {
      total: 1000,
      consumed: 20,
      remaining: 980,
      remainingRatio: 0.98,
      unit: "events",
      totalMinutes: 43.2,
      remainingMinutes: 42.336,
    },
    burnRates: { "5m": 0, "30m": 0.2, "1h": 0.4, "2h": 0.3, "6h": 0.1, "1d": 0.05, "3d": 0.02 },
    exhaustsAt: null,
    status: "ok",
    ...overrides,
  };
}

export function sloView(overrides: Partial<SloView> = {}): SloView {
  return {
    name: "checkout-availability",
    displayName: "Checkout availability",
    service: "shop",
    description: null,
    budgetingMethod: "Occurrences",
    window: {
      kind: "rolling",
      duration: "30d",
      timeZone: null,
      start: NOW - 30 * 1440 * MINUTE,
      end: NOW,
      minutes: 30 * 1440,
    },
    source: "Monitor",
    status: "ok",
    error: null,
    stale: false,
    lastDataAt: NOW - MINUTE,
    groupBy: [],
    objectives: [objectiveView()],
    composite: null,
    groupCount: 1,
    activeAlerts: 0,
    ...overrides,
  };
}

/** An SLO burning at 14.4x over the last hour: the Workbook's fast page, 2% of the budget in that hour. */
export function burningDetail(): SloDetailView {
  const burning = objectiveView({
    sli: { window: 0.99951, now: 0.9856 },
    good: 999_510,
    budget: {
      total: 1000,
      consumed: 490,
      remaining: 510,
      remainingRatio: 0.51,
      unit: "events",
      totalMinutes: 43.2,
      remainingMinutes: 22.032,
    },
    burnRates: { "5m": 14.4, "30m": 14.4, "1h": 14.4, "2h": 7.2, "6h": 2.4, "1d": 0.6, "3d": 0.2 },
    // 51% of a 30-day window at 14.4x: 0.51 x 43,200 / 14.4 = 1,530 minutes.
    exhaustsAt: NOW + 1530 * MINUTE,
    status: "burning",
  });
  return {
    ...sloView({ status: "burning", objectives: [burning], activeAlerts: 1, description: "Checkout answers." }),
    groups: [],
    alertTiers: [
      { name: "page-fast", severity: "page", windows: ["1h", "5m"], threshold: 14.4, op: "gt", firing: false },
      { name: "page-slow", severity: "page", windows: ["6h", "30m"], threshold: 6, op: "gt", firing: false },
      { name: "ticket-slow", severity: "ticket", windows: ["3d", "6h"], threshold: 1, op: "gt", firing: false },
    ],
    alerts: [
      {
        id: 2,
        slo: "checkout-availability",
        objective: "Available",
        name: "page-fast",
        severity: "page",
        state: "firing",
        startsAt: NOW - 12 * MINUTE,
        endsAt: null,
        labels: {},
        annotations: {},
      },
      {
        id: 1,
        slo: "checkout-availability",
        objective: "Available",
        name: "ticket-fast",
        severity: "ticket",
        state: "resolved",
        startsAt: NOW - 26 * 60 * MINUTE,
        endsAt: NOW - 25 * 60 * MINUTE,
        labels: {},
        annotations: {},
      },
    ],
  };
}
