import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SloDetailView, SloHistoryView, SloView } from "../../src/slo/views.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { backends } from "../support/databases.js";
import { applySloDocuments, eventsIndicator, postSliEvents, readSloDetail, SHOP_SERVICE } from "../support/slo.js";

let t: TestApp;

const MINUTE = 60_000;
const service = SHOP_SERVICE;
const events = eventsIndicator;
const slo = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: "openslo/v1",
  kind: "SLO",
  metadata: { name },
  spec: { service: "shop", timeWindow: [{ duration: "30d", isRolling: true }], ...spec },
});

const apply = (documents: unknown[]) => applySloDocuments(t, documents);

const post = (sli: string, good: number, total: number, time?: number) =>
  postSliEvents(t, sli, { good, total, ...(time !== undefined && { time }) });
const detail = (name: string): Promise<SloDetailView> => readSloDetail(t, name);

/** Jumps the clock (no timers fire) and lets the engine catch up in one cycle. */
async function jump(ms: number) {
  t.clock.set(t.clock.now() + ms);
  await t.nines.slos.runCycle();
}

describe.each(backends)("SLO semantics on $name", (backend) => {
  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    t = await createTestApp({ store: await backend.open() });
    await t.nines.slos.start();
  });
  afterEach(async () => {
    await t?.close();
  });

  it("Timeslices: each minute with 90% good is a good slice, a minute without data is no slice", async () => {
    await apply([
      service,
      slo("slices", {
        budgetingMethod: "Timeslices",
        indicator: events("slice-requests"),
        objectives: [{ target: 0.5, timeSliceTarget: 0.9, timeSliceWindow: "1m" }],
      }),
    ]);
    const start = Math.floor(t.clock.now() / MINUTE) * MINUTE;
    for (const [offset, good] of [
      [0, 95],
      [1, 80],
      [3, 100],
    ] as const) {
      await post("slice-requests", good, 100, start + offset * MINUTE);
    }
    await jump(6 * MINUTE);
    const objective = (await detail("slices")).objectives[0];
    expect(objective).toMatchObject({ good: 2, total: 3 });
    expect(objective?.budget.unit).toBe("slices");
  });

  it("calendar windows start over at the period's start in the SLO's time zone", async () => {
    await apply([
      service,
      slo("monthly", {
        timeWindow: [{ duration: "1M", calendar: { startTime: "2026-01-01 00:00:00", timeZone: "UTC" } }],
        indicator: events("monthly-requests"),
        objectives: [{ target: 0.99 }],
      }),
    ]);
    await post("monthly-requests", 90, 100);
    expect((await detail("monthly")).objectives[0]).toMatchObject({ good: 90, total: 100 });
    // 2026-11-26 12:00 -> 2026-12-01 00:10 UTC: a new month, a fresh budget.
    await jump(Date.UTC(2026, 11, 1, 0, 10) - t.clock.now());
    const december = await detail("monthly");
    expect(december.window).toMatchObject({ kind: "calendar", start: Date.UTC(2026, 11, 1), minutes: 31 * 24 * 60 });
    expect(december.objectives[0]).toMatchObject({ good: 0, total: 0, status: "no-data" });
    await post("monthly-requests", 10, 10);
    expect((await detail("monthly")).objectives[0]).toMatchObject({ good: 10, total: 10 });
  });

  it("a composite SLO burns at the weighted sum of its objectives' burn rates", async () => {
    await apply([
      service,
      slo("journey", {
        objectives: [
          { displayName: "browse", target: 0.99, indicator: events("browse"), compositeWeight: 1 },
          { displayName: "pay", target: 0.99, indicator: events("pay"), compositeWeight: 2 },
        ],
      }),
    ]);
    await post("browse", 99, 100);
    await post("pay", 98, 100);
    const view: SloView = await detail("journey");
    expect(view.objectives.map((objective) => objective.burnRates["5m"])).toEqual([
      expect.closeTo(1, 9),
      expect.closeTo(2, 9),
    ]);
    expect(view.composite?.burnRates["5m"]).toBeCloseTo(1 * 1 + 2 * 2, 9);
  });

  it("an OpenSLO AlertPolicy fires after its condition held for alertAfter", async () => {
    await apply([
      service,
      slo("policy", {
        indicator: events("policy-requests"),
        objectives: [{ target: 0.99 }],
        alertPolicies: [
          {
            kind: "AlertPolicy",
            metadata: { name: "fast-burn" },
            spec: {
              alertWhenBreaching: true,
              conditions: [
                {
                  kind: "AlertCondition",
                  metadata: { name: "burn-over-10m" },
                  spec: {
                    severity: "page",
                    condition: { kind: "burnrate", op: "gt", threshold: 2, lookbackWindow: "10m", alertAfter: "2m" },
                  },
                },
              ],
              notificationTargets: [
                { kind: "AlertNotificationTarget", metadata: { name: "log" }, spec: { target: "log" } },
              ],
            },
          },
        ],
      }),
    ]);
    const fired = async () =>
      (await detail("policy")).alerts.filter((alert) => alert.name === "burn-over-10m" && alert.state === "firing");
    await post("policy-requests", 90, 100);
    expect(await fired()).toEqual([]);
    await jump(MINUTE);
    expect(await fired()).toEqual([]);
    await jump(MINUTE);
    expect(await fired()).toHaveLength(1);
    const tiers = (await detail("policy")).alertTiers;
    expect(tiers).toEqual([
      { name: "burn-over-10m", severity: "page", windows: ["10m"], threshold: 2, op: "gt", firing: true },
    ]);
  });

  it("keeps counts of an hour left open by a stop: the next start closes it", async () => {
    await apply([service, slo("restart", { indicator: events("restart-requests"), objectives: [{ target: 0.9 }] })]);
    await post("restart-requests", 90, 100);
    await t.nines.slos.runCycle();
    await t.nines.slos.stop();
    // Down across two hour boundaries; the hour of the events was never closed by a cycle.
    t.clock.set(t.clock.now() + 2 * 3_600_000);
    const { createSloEngine } = await import("../../src/slo/engine.js");
    const { ObjectEvents } = await import("../../src/config/events.js");
    const { pino } = await import("pino");
    const again = createSloEngine({
      store: t.store,
      events: new ObjectEvents(),
      clock: t.clock,
      logger: pino({ level: "silent" }),
    });
    await again.start();
    await again.runCycle();
    const state = again.snapshot()[0]?.entries.values().next().value?.state;
    // The SLO window has them (from the hour closed at start); the last hour has none.
    expect(state?.sumsOf(0)).toEqual({ good: 90, total: 100 });
    expect(state?.sumsOf(again.snapshot()[0]?.runtime.windowIndex.get("1h") as number)).toEqual({ good: 0, total: 0 });
    await again.stop();
  });

  it("keeps history by hour: the SLI of each hour and the budget left over the window", async () => {
    await apply([service, slo("history", { indicator: events("history-requests"), objectives: [{ target: 0.9 }] })]);
    const hour = 3_600_000;
    const base = Math.floor(t.clock.now() / hour) * hour;
    await post("history-requests", 100, 100, base - 2 * hour + MINUTE);
    await post("history-requests", 50, 100, base - hour + MINUTE);
    await t.nines.slos.runCycle();
    const history: SloHistoryView = (
      await t.nines.app.inject({ url: `/api/v1/slos/history/history?from=${base - 3 * hour}&to=${base}&step=1h` })
    ).json();
    expect(history.points.map((point) => point.sli)).toEqual([null, 1, 0.5]);
    // 50 bad of 200 against a budget of 20: overspent 1.5 times.
    expect(history.points.at(-1)?.budgetRemaining).toBeCloseTo(1 - 50 / 20, 9);
    expect(history.points.at(-1)?.windowSli).toBeCloseTo(0.75, 9);
    const bad = await t.nines.app.inject({ url: "/api/v1/slos/history/history?step=5x" });
    expect(bad.statusCode).toBe(400);
    expect((await t.nines.app.inject({ url: "/api/v1/slos/nope/history" })).statusCode).toBe(404);
  });
});
