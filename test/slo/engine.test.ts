import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SloDetailView, SloView } from "../../src/slo/views.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { backends } from "../support/databases.js";
import { applySloDocuments, eventsIndicator, listSloViews, postSliEvents, SHOP_SERVICE } from "../support/slo.js";

let t: TestApp;

const service = SHOP_SERVICE;
const eventsSlo = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: "openslo/v1",
  kind: "SLO",
  metadata: { name },
  spec: {
    service: "shop",
    timeWindow: [{ duration: "30d", isRolling: true }],
    budgetingMethod: "Occurrences",
    indicator: eventsIndicator(`${name}-requests`),
    objectives: [{ displayName: "Requests succeed", target: 0.999 }],
    ...extra,
  },
});

const apply = (documents: unknown[]) => applySloDocuments(t, documents);

const post = (sli: string, payload: Record<string, unknown>) => postSliEvents(t, sli, payload);
const list = (): Promise<SloView[]> => listSloViews(t);

describe.each(backends)("SLO engine on $name", (backend) => {
  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    t = await createTestApp({ store: await backend.open() });
    await t.nines.slos.start();
  });
  afterEach(async () => {
    await t?.close();
  });

  it("shows no data for a quiet service, never NaN", async () => {
    await apply([service, eventsSlo("checkout")]);
    const [view] = await list();
    expect(view).toMatchObject({ name: "checkout", status: "no-data", source: "Events" });
    expect(view?.objectives[0]?.sli).toEqual({ window: null, now: null });
    expect(view?.objectives[0]?.budget.remainingRatio).toBeNull();
    expect(view?.objectives[0]?.budget.totalMinutes).toBeCloseTo(43.2, 10);
    expect(JSON.stringify(view)).not.toMatch(/NaN|Infinity/);
  });

  it("counts events into the budget and the burn rates", async () => {
    await apply([service, eventsSlo("checkout")]);
    expect((await post("checkout-requests", { good: 9_900, total: 10_000 })).statusCode).toBe(202);
    const [view] = await list();
    const objective = view?.objectives[0];
    expect(objective?.sli.window).toBeCloseTo(0.99, 10);
    // 100 bad of a budget of 10 events: 10x overspent.
    expect(objective?.budget.remainingRatio).toBeCloseTo(-9, 10);
    expect(objective?.burnRates["5m"]).toBeCloseTo(10, 10);
    expect(view?.status).toBe("exhausted");
    const metrics = (await t.nines.app.inject({ url: "/metrics", headers: t.auth })).body;
    const burn =
      /nines_slo_burn_rate\{slo="checkout",service="shop",objective="Requests succeed",window="5m"\} (\S+)\n/.exec(
        metrics,
      );
    expect(Number(burn?.[1])).toBeCloseTo(10, 9);
    expect(metrics).toMatch(
      /nines_slo_sli_ratio\{slo="checkout",service="shop",objective="Requests succeed"\} 0\.99\n/,
    );
    expect(metrics).not.toMatch(/NaN/);
  });

  it("moves events out of the short windows as minutes pass, and keeps them in the SLO window", async () => {
    await apply([service, eventsSlo("checkout")]);
    await post("checkout-requests", { good: 90, total: 100 });
    await t.clock.advance(10 * 60_000);
    await post("checkout-requests", { good: 1000, total: 1000 });
    const [view] = await list();
    const objective = view?.objectives[0];
    expect(objective?.burnRates["5m"]).toBe(0);
    expect(objective?.burnRates["1h"]).toBeCloseTo(10 / 1100 / 0.001, 8);
    expect(objective?.good).toBe(1090);
    expect(objective?.total).toBe(1100);
  });

  it("refuses events nobody reads and events that make no sense", async () => {
    await apply([service, eventsSlo("checkout")]);
    expect((await post("nobody", { good: 1, total: 1 })).statusCode).toBe(404);
    const bad = await post("checkout-requests", {
      events: [
        { good: 2, total: 1 },
        { good: 1, total: 1, time: t.clock.now() + 3_600_000 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((issue: { path: string }) => issue.path)).toEqual([
      "/events/0/good",
      "/events/1/time",
    ]);
    expect((await post("checkout-requests", { good: -1, total: 1 })).statusCode).toBe(400);
  });

  it("evaluates a grouped SLO per group, most at risk first", async () => {
    await apply([service, eventsSlo("checkout", { groupBy: ["route"] })]);
    await post("checkout-requests", {
      events: [
        { good: 1000, total: 1000, labels: { route: "/cart" } },
        { good: 990, total: 1000, labels: { route: "/pay" } },
      ],
    });
    const [view] = await list();
    expect(view?.groupCount).toBe(2);
    const detail: SloDetailView = (await t.nines.app.inject({ url: "/api/v1/slos/checkout" })).json();
    expect(detail.groups.map((group) => group.labels.route)).toEqual(["/pay", "/cart"]);
  });

  it("keeps its numbers across a restart", async () => {
    await apply([service, eventsSlo("checkout")]);
    await post("checkout-requests", { good: 95, total: 100 });
    await t.nines.slos.runCycle();
    await t.nines.slos.stop();
    const again = (await import("../../src/slo/engine.js")).createSloEngine({
      store: t.store,
      events: new (await import("../../src/config/events.js")).ObjectEvents(),
      clock: t.clock,
      logger: (await import("pino")).pino({ level: "silent" }),
    });
    await again.start();
    const [snapshot] = again.snapshot();
    const state = snapshot?.entries.values().next().value?.state;
    expect(state?.sumsOf(0)).toEqual({ good: 95, total: 100 });
    await again.stop();
  });

  it("fires a page when the budget burns fast, and resolves it when the burn stops", async () => {
    await apply([service, eventsSlo("checkout")]);
    // 2% errors against a 0.1% budget: 20x over every window.
    for (let minute = 0; minute < 61; minute++) {
      await post("checkout-requests", { good: 980, total: 1000 });
      await t.clock.advance(60_000);
      await t.nines.slos.runCycle();
    }
    let detail: SloDetailView = (await t.nines.app.inject({ url: "/api/v1/slos/checkout" })).json();
    expect(detail.status).toBe("exhausted");
    expect(detail.alerts.find((alert) => alert.name === "page-fast")).toMatchObject({
      state: "firing",
      severity: "page",
      labels: { slo: "checkout", service: "shop", severity: "page", windows: "1h,5m" },
    });
    for (let minute = 0; minute < 10; minute++) {
      await post("checkout-requests", { good: 1000, total: 1000 });
      await t.clock.advance(60_000);
      await t.nines.slos.runCycle();
    }
    detail = (await t.nines.app.inject({ url: "/api/v1/slos/checkout" })).json();
    expect(detail.alerts.find((alert) => alert.name === "page-fast")?.state).toBe("resolved");
  });

  it("marks a broken SLO with its error and keeps evaluating the others", async () => {
    const broken = eventsSlo("broken");
    (broken.spec as Record<string, unknown>).indicator = {
      metadata: { name: "broken-query" },
      spec: {
        ratioMetric: {
          counter: true,
          good: { metricSource: { type: "Prometheus", spec: { query: "max(x)" } } },
          total: { metricSource: { type: "Prometheus", spec: { query: "sum(rate(y[5m]))" } } },
        },
      },
    };
    await apply([service, eventsSlo("checkout"), broken]);
    await post("checkout-requests", { good: 100, total: 100 });
    const views = await list();
    expect(views.map((view) => [view.name, view.status])).toEqual([
      ["broken", "error"],
      ["checkout", "ok"],
    ]);
    expect(views[0]?.error).toMatch(/can't evaluate the aggregation max; it supports/);
  });

  it("closes the release gate of a service whose budget is spent", async () => {
    await apply([service, eventsSlo("checkout")]);
    await post("checkout-requests", { good: 100, total: 100 });
    await t.nines.slos.runCycle();
    expect((await t.nines.app.inject({ url: "/api/v1/slo-gate?service=shop" })).json()).toMatchObject({ pass: true });
    await post("checkout-requests", { good: 0, total: 100 });
    await t.nines.slos.runCycle();
    const gate = (await t.nines.app.inject({ url: "/api/v1/slo-gate?service=shop" })).json();
    expect(gate).toMatchObject({
      pass: false,
      reasons: [{ slo: "checkout", reason: expect.stringMatching(/exhausted/) }],
    });
    expect((await t.nines.app.inject({ url: "/api/v1/slo-gate?service=none" })).statusCode).toBe(404);
  });
});
