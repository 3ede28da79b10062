import { describe, expect, it } from "vitest";
import type { StoredObject } from "../config/objects.js";
import { embeddedCounts, eventCounts, probeResultCounts } from "./intake.js";
import { compileSlo, type SloRuntime } from "./runtime.js";

const NOW = Date.UTC(2026, 11, 1, 12);

function runtime(name: string, indicator: unknown, objective: Record<string, unknown> = { target: 0.99 }): SloRuntime {
  const object = {
    id: 1,
    apiVersion: "openslo/v1",
    kind: "SLO",
    metadata: { name },
    spec: {
      service: "shop",
      timeWindow: [{ duration: "28d", isRolling: true }],
      budgetingMethod: "Occurrences",
      indicator,
      objectives: [objective],
    },
    generation: 1,
    createdAt: NOW,
    updatedAt: NOW,
  } as unknown as StoredObject;
  return compileSlo(object, () => undefined, [], NOW);
}

const ratio = (type: string, spec: Record<string, unknown>, counter = false) => ({
  metadata: { name: "requests" },
  spec: { ratioMetric: { counter, good: { metricSource: { type, spec } }, total: { metricSource: { type, spec } } } },
});

describe("probeResultCounts", () => {
  const availability = runtime("up", ratio("Monitor", { monitor: "shop" }));
  const latency = runtime(
    "fast",
    {
      metadata: { name: "latency" },
      spec: { thresholdMetric: { metricSource: { type: "Monitor", spec: { monitor: "shop", measure: "latency" } } } },
    },
    { op: "lt", value: 300, target: 0.9 },
  );

  it("counts a result not down as good, and a slow or down one as bad for latency", () => {
    const at = (status: string, durationMs: number) =>
      probeResultCounts([availability, latency], "shop", { startedAt: NOW, status, durationMs });
    expect(at("degraded", 100).map((count) => [count.slo, count.good])).toEqual([
      ["up", 1],
      ["fast", 1],
    ]);
    expect(at("up", 500).map((count) => [count.slo, count.good])).toEqual([
      ["up", 1],
      ["fast", 0],
    ]);
    expect(at("down", 10).map((count) => [count.slo, count.good])).toEqual([
      ["up", 0],
      ["fast", 0],
    ]);
    expect(at("up", 10)[0]).toMatchObject({ minute: NOW / 60_000, total: 1 });
  });

  it("ignores results in maintenance and of other monitors", () => {
    expect(
      probeResultCounts([availability], "shop", { startedAt: NOW, status: "down", durationMs: 1, inMaintenance: true }),
    ).toEqual([]);
    expect(probeResultCounts([availability], "other", { startedAt: NOW, status: "down", durationMs: 1 })).toEqual([]);
  });
});

describe("eventCounts", () => {
  const slo = runtime("checkout", ratio("Events", {}));

  it("counts posted events into the minute they happened", () => {
    expect(eventCounts([slo], "requests", [{ good: 9, total: 10, time: NOW - 90_000 }], NOW)).toEqual([
      { slo: "checkout", stream: "sli", labels: undefined, minute: NOW / 60_000 - 2, good: 9, total: 10 },
    ]);
  });

  it("names what is wrong, and refuses an SLI nobody reads", () => {
    expect(() => eventCounts([slo], "nobody", [{ good: 1, total: 1 }], NOW)).toThrow(
      /no SLO reads events of SLI "nobody"/,
    );
    expect(() => eventCounts([slo], "requests", [{ good: 2, total: 1 }], NOW)).toThrow(/invalid events/);
  });
});

describe("embeddedCounts", () => {
  it("adds totals to totals and takes bad events from the good ones", () => {
    const withBad = runtime("api", {
      metadata: { name: "api" },
      spec: {
        ratioMetric: {
          counter: true,
          bad: { metricSource: { type: "Prometheus", spec: { query: 'sum(rate(x_total{code=~"5.."}[5m]))' } } },
          total: { metricSource: { type: "Prometheus", spec: { query: "sum(rate(x_total[5m]))" } } },
        },
      },
    });
    const counts = embeddedCounts(new Map([["api", withBad]]), [
      { id: "api\u0000sli\u0000total", labels: {}, minute: 5, value: 100 },
      { id: "api\u0000sli\u0000bad", labels: {}, minute: 5, value: 3 },
      { id: "gone\u0000sli\u0000total", labels: {}, minute: 5, value: 1 },
    ]);
    const sum = counts.reduce((held, count) => ({ good: held.good + count.good, total: held.total + count.total }), {
      good: 0,
      total: 0,
    });
    expect(sum).toEqual({ good: 97, total: 100 });
  });
});
