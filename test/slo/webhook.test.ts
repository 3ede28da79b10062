import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let server: Server;
let url: string;
const received: {
  status: string;
  alerts: { labels: Record<string, string>; status: string; fingerprint: string }[];
}[] = [];

beforeEach(async () => {
  received.length = 0;
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push(JSON.parse(body));
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  t = await createTestApp({ outbound: { notify: { allow: ["127.0.0.1/32"] } } });
  await t.nines.slos.start();
});
afterEach(async () => {
  await t.close();
  await new Promise((resolve) => server.close(resolve));
});

const until = async (check: () => boolean) => {
  for (let attempt = 0; attempt < 200 && !check(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
};

it("delivers burn alerts to a webhook target in Alertmanager's format, firing and resolved", async () => {
  const documents = [
    { apiVersion: "openslo/v1", kind: "Service", metadata: { name: "shop" }, spec: {} },
    { apiVersion: "openslo/v1", kind: "AlertNotificationTarget", metadata: { name: "hook" }, spec: { target: url } },
    {
      apiVersion: "openslo/v1",
      kind: "SLO",
      metadata: { name: "checkout" },
      spec: {
        service: "shop",
        timeWindow: [{ duration: "30d", isRolling: true }],
        indicator: {
          metadata: { name: "checkout-requests" },
          spec: {
            ratioMetric: {
              good: { metricSource: { type: "Events", spec: {} } },
              total: { metricSource: { type: "Events", spec: {} } },
            },
          },
        },
        objectives: [{ target: 0.999 }],
        burnRateAlerts: [{ name: "fast", severity: "page", longWindow: "5m", budgetShare: 0.01 }],
      },
    },
  ];
  const applied = await t.nines.app.inject({
    method: "POST",
    url: "/api/v1/apply",
    headers: t.auth,
    payload: { documents },
  });
  expect(applied.statusCode, applied.body).toBe(200);
  await t.nines.slos.runCycle();
  await t.nines.app.inject({
    method: "POST",
    url: "/api/v1/slis/checkout-requests/events",
    headers: t.auth,
    payload: { good: 50, total: 100 },
  });
  await t.nines.slos.runCycle();
  await until(() => received.length >= 1);
  expect(received[0]).toMatchObject({
    version: "4",
    status: "firing",
    alerts: [
      { status: "firing", labels: { alertname: "ErrorBudgetBurn", slo: "checkout", tier: "fast", severity: "page" } },
    ],
  });
  await t.clock.advance(6 * 60_000);
  // No data would keep it firing: missing data is not good news. Good requests resolve it.
  await t.nines.app.inject({
    method: "POST",
    url: "/api/v1/slis/checkout-requests/events",
    headers: t.auth,
    payload: { good: 100, total: 100 },
  });
  await t.nines.slos.runCycle();
  await until(() => received.length >= 2);
  expect(received[1]).toMatchObject({ status: "resolved" });
  expect(received[1]?.alerts[0]?.fingerprint).toBe(received[0]?.alerts[0]?.fingerprint);
});
