import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SloView } from "../../src/slo/views.js";
import { createTestApp, monitorDocument, type TestApp } from "../support/app.js";
import { encodeWriteRequest } from "../support/remote-write.js";
import { applySloDocuments, SHOP_SERVICE } from "../support/slo.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.nines.slos.start();
});
afterEach(async () => {
  await t.close();
});

const service = SHOP_SERVICE;

const apply = (documents: unknown[]) => applySloDocuments(t, documents);

async function view(name: string): Promise<SloView | undefined> {
  await t.nines.slos.runCycle();
  const items: SloView[] = (await t.nines.app.inject({ url: "/api/v1/slos" })).json().items;
  return items.find((item) => item.name === name);
}

const remoteWriteSlo = {
  apiVersion: "openslo/v1",
  kind: "SLO",
  metadata: { name: "api" },
  spec: {
    service: "shop",
    timeWindow: [{ duration: "28d", isRolling: true }],
    groupBy: ["route"],
    indicator: {
      metadata: { name: "api-requests" },
      spec: {
        ratioMetric: {
          counter: true,
          good: {
            metricSource: { type: "Prometheus", spec: { query: 'sum(rate(http_requests_total{code!~"5.."}[5m]))' } },
          },
          total: { metricSource: { type: "Prometheus", spec: { query: "sum(rate(http_requests_total[5m]))" } } },
        },
      },
    },
    objectives: [{ target: 0.99 }],
  },
};

describe("SLI sources", () => {
  it("counts remote_write counters exactly, per group, through a counter reset", async () => {
    await apply([service, remoteWriteSlo]);
    const start = t.clock.now() - 120_000;
    const series = (route: string, code: string, values: number[]) => ({
      labels: { __name__: "http_requests_total", route, code, job: "api" },
      samples: values.map((value, index) => ({ timestamp: start + index * 15_000, value })),
    });
    const body = encodeWriteRequest([
      // /pay: 10, 20 and 5 more ok requests (a reset after 30), 4 failures
      series("/pay", "200", [100, 110, 130, 5]),
      series("/pay", "500", [0, 2, 4, 4]),
      series("/cart", "200", [7, 17, 27, 37]),
      { labels: { __name__: "unrelated_total", route: "/pay" }, samples: [{ timestamp: start, value: 1 }] },
    ]);
    const response = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/write",
      headers: {
        ...t.auth,
        "content-type": "application/x-protobuf",
        "content-encoding": "snappy",
        "x-prometheus-remote-write-version": "0.1.0",
      },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(204);
    await t.nines.slos.runCycle();
    const detail = (await t.nines.app.inject({ url: "/api/v1/slos/api" })).json();
    const byRoute = Object.fromEntries(
      detail.groups.map((group: { labels: { route: string }; objectives: { good: number; total: number }[] }) => [
        group.labels.route,
        group.objectives[0],
      ]),
    );
    expect(byRoute["/pay"]).toMatchObject({ good: 35, total: 39 });
    expect(byRoute["/cart"]).toMatchObject({ good: 30, total: 30 });
    expect((await view("api"))?.source).toBe("RemoteWrite");
  });

  it("refuses a remote_write body that is not snappy", async () => {
    const response = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/write",
      headers: { ...t.auth, "content-type": "application/x-protobuf", "content-encoding": "snappy" },
      payload: Buffer.from("definitely not snappy"),
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/problem\+json/);
  });

  it("measures availability and latency from a monitor's probe results", async () => {
    await apply([
      service,
      monitorDocument("checkout"),
      {
        apiVersion: "openslo/v1",
        kind: "SLO",
        metadata: { name: "checkout-up" },
        spec: {
          service: "shop",
          timeWindow: [{ duration: "7d", isRolling: true }],
          indicator: {
            metadata: { name: "checkout-probes" },
            spec: {
              ratioMetric: {
                counter: false,
                good: { metricSource: { type: "Monitor", spec: { monitor: "checkout" } } },
                total: { metricSource: { type: "Monitor", spec: { monitor: "checkout" } } },
              },
            },
          },
          objectives: [{ target: 0.9 }],
        },
      },
      {
        apiVersion: "openslo/v1",
        kind: "SLO",
        metadata: { name: "checkout-fast" },
        spec: {
          service: "shop",
          timeWindow: [{ duration: "7d", isRolling: true }],
          indicator: {
            metadata: { name: "checkout-latency" },
            spec: {
              thresholdMetric: { metricSource: { type: "Monitor", spec: { monitor: "checkout", measure: "latency" } } },
            },
          },
          objectives: [{ op: "lt", value: 300, target: 0.9 }],
        },
      },
    ]);
    const now = t.clock.now();
    const results = [
      { status: "up", durationMs: 100 },
      { status: "up", durationMs: 500 },
      { status: "degraded", durationMs: 200 },
      { status: "down", durationMs: 50 },
    ];
    for (const [index, result] of results.entries())
      t.nines.slos.observeProbeResult("checkout", { startedAt: now - index * 1000, ...result });
    t.nines.slos.observeProbeResult("checkout", { startedAt: now, status: "down", durationMs: 1, inMaintenance: true });
    expect((await view("checkout-up"))?.objectives[0]).toMatchObject({ good: 3, total: 4 });
    // Fast and not down: 100 ms and the degraded 200 ms.
    expect((await view("checkout-fast"))?.objectives[0]).toMatchObject({ good: 2, total: 4 });
  });

  it("says which source types it reads when an SLI names another", async () => {
    await apply([
      service,
      {
        ...remoteWriteSlo,
        metadata: { name: "datadog" },
        spec: {
          ...remoteWriteSlo.spec,
          indicator: {
            metadata: { name: "dd" },
            spec: {
              ratioMetric: {
                good: { metricSource: { type: "Datadog", spec: {} } },
                total: { metricSource: { type: "Datadog", spec: {} } },
              },
            },
          },
        },
      },
    ]);
    expect(await view("datadog")).toMatchObject({
      status: "error",
      error: expect.stringMatching(/"Datadog" is not one Nines reads; it reads Monitor, Events, Prometheus/),
    });
  });
});
