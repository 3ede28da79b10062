import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SloDetailView, SloView } from "../../src/slo/views.js";
import { createTestApp, type TestApp } from "../support/app.js";

/**
 * A pretend Prometheus query API on loopback: two counters that grow by a known amount every
 * minute, as far back as asked, so a backfill of the whole window has exact answers.
 */
interface FakePrometheus {
  url: string;
  requests: string[];
  down: boolean;
  hang: boolean;
  hanging: { end(): void }[];
  close(): Promise<void>;
}

const GOOD_PER_MINUTE = 99;
const TOTAL_PER_MINUTE = 100;

async function startFakePrometheus(): Promise<FakePrometheus> {
  const fake = { requests: [] as string[], down: false, hang: false, hanging: [] } as unknown as FakePrometheus;
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const params = new URLSearchParams(body || (request.url ?? "").split("?")[1]);
      fake.requests.push(`${request.headers.authorization ?? ""} ${params.get("query")}`);
      if (fake.hang) {
        fake.hanging.push(response);
        return;
      }
      if (fake.down) {
        response.writeHead(503).end("unavailable");
        return;
      }
      const query = params.get("query") ?? "";
      const perMinute = query.includes('code!~"5.."') ? GOOD_PER_MINUTE : TOTAL_PER_MINUTE;
      const start = Number(params.get("start"));
      const end = Number(params.get("end"));
      const values: [number, string][] = [];
      for (let at = start; at <= end; at += 60) values.push([at, String((at / 60) * perMinute)]);
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          status: "success",
          data: { resultType: "matrix", result: [{ metric: { __name__: "http_requests_total" }, values }] },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => {
    for (const response of fake.hanging.splice(0)) response.end();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return fake;
}

let t: TestApp;
let prometheus: FakePrometheus;
beforeEach(async () => {
  prometheus = await startFakePrometheus();
  t = await createTestApp({ env: { PROM_TOKEN: "s3cret-token" } });
  await t.nines.slos.start();
});
afterEach(async () => {
  await t.close();
  await prometheus.close();
});

const documents = () => [
  { apiVersion: "openslo/v1", kind: "Service", metadata: { name: "shop" }, spec: {} },
  {
    apiVersion: "openslo/v1",
    kind: "DataSource",
    metadata: { name: "prometheus" },
    spec: { type: "Prometheus", connectionDetails: { url: prometheus.url, bearerToken: { env: "PROM_TOKEN" } } },
  },
  {
    apiVersion: "openslo/v1",
    kind: "SLO",
    metadata: { name: "api" },
    spec: {
      service: "shop",
      timeWindow: [{ duration: "7d", isRolling: true }],
      indicator: {
        metadata: { name: "api-requests" },
        spec: {
          ratioMetric: {
            counter: true,
            good: {
              metricSource: {
                metricSourceRef: "prometheus",
                spec: { query: 'sum(rate(http_requests_total{code!~"5.."}[5m]))' },
              },
            },
            total: {
              metricSource: { metricSourceRef: "prometheus", spec: { query: "sum(rate(http_requests_total[5m]))" } },
            },
          },
        },
      },
      objectives: [{ target: 0.995 }],
    },
  },
];

async function apply() {
  const response = await t.nines.app.inject({
    method: "POST",
    url: "/api/v1/apply",
    headers: t.auth,
    payload: { documents: documents() },
  });
  expect(response.statusCode, response.body).toBe(200);
}

/** A cycle starts the reads, which run beside it; the next cycle evaluates what they brought. */
const view = async (): Promise<SloView> => {
  await t.nines.slos.runCycle();
  await t.nines.slos.settle();
  await t.nines.slos.runCycle();
  return (await t.nines.app.inject({ url: "/api/v1/slos/api" })).json();
};

describe("a Prometheus query API as an SLI source", () => {
  it("backfills the whole window when the SLO is made, with the secret bearer token", async () => {
    await apply();
    const slo = await view();
    const objective = slo.objectives[0];
    // The window's whole hours plus the current one, each minute 100 requests and 1 failure.
    expect(objective?.total).toBeGreaterThanOrEqual(7 * 24 * 60 * TOTAL_PER_MINUTE);
    expect(objective?.good).toBe((objective?.total ?? 0) * (GOOD_PER_MINUTE / TOTAL_PER_MINUTE));
    expect(objective?.sli.window).toBeCloseTo(0.99, 10);
    expect(slo).toMatchObject({ source: "Prometheus", stale: false, status: "exhausted" });
    expect(prometheus.requests.every((line) => line.startsWith("Bearer s3cret-token "))).toBe(true);
    // Counters are read raw and differenced by Nines, not through rate().
    expect(prometheus.requests.some((line) => line.endsWith('http_requests_total{code!~"5.."}'))).toBe(true);
  });

  it("backfills again when a deleted SLO is made anew", async () => {
    await apply();
    const first = (await view()).objectives[0]?.total ?? 0;
    expect(first).toBeGreaterThan(0);
    const deleted = await t.nines.app.inject({ method: "DELETE", url: "/api/v1/objects/SLO/api", headers: t.auth });
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);
    await t.nines.slos.runCycle();
    await apply();
    expect((await view()).objectives[0]?.total).toBe(first);
  });

  it("a hanging data source makes only its own SLO stale", async () => {
    await apply();
    prometheus.hang = true;
    await t.clock.advance(60_000);
    // The cycle is not held up by the read in flight.
    await t.nines.slos.runCycle();
    const other = await t.nines.app.inject({ url: "/api/v1/slos" });
    expect(other.statusCode).toBe(200);
    prometheus.hang = false;
    for (const response of prometheus.hanging.splice(0)) response.end();
  });

  it("advances minute by minute, goes stale while the source is down and catches up when it is back", async () => {
    await apply();
    const before = (await view()).objectives[0]?.total ?? 0;
    prometheus.down = true;
    await t.clock.advance(3 * 60_000);
    const stale = await view();
    expect(stale.stale).toBe(true);
    expect(stale.error).toMatch(/prometheus: .*503/);
    expect(stale.objectives[0]?.total).toBe(before);
    prometheus.down = false;
    await t.clock.advance(60_000);
    const back = await view();
    expect(back.stale).toBe(false);
    // Four more minutes were read, nothing invented while it was down, nothing lost after.
    expect((back.objectives[0]?.total ?? 0) - before).toBeGreaterThanOrEqual(3 * TOTAL_PER_MINUTE);
    const detail: SloDetailView = (await t.nines.app.inject({ url: "/api/v1/slos/api" })).json();
    expect(detail.groups).toHaveLength(1);
  });
});
