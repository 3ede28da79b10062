import { readFileSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { DemoControl } from "../../src/client/types.js";
import { loadDocuments } from "../../src/config/load.js";
import { KINDS } from "../../src/kinds.js";
import type { SloDetailView } from "../../src/slo/views.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { startSeededDemoTraffic } from "../support/demo-traffic.js";

let t: TestApp;
let stopTraffic: () => void;
const control: DemoControl = { failureRate: 0.002, latencyMs: 40 };

beforeEach(async () => {
  t = await createTestApp();
  await t.nines.slos.start();
  const text = readFileSync(new URL("../../examples/demo/slos.yaml", import.meta.url), "utf8");
  const { documents, issues } = loadDocuments(text, "slos.yaml", { kinds: KINDS, env: false });
  expect(issues).toEqual([]);
  const response = await t.nines.app.inject({
    method: "POST",
    url: "/api/v1/apply",
    headers: t.auth,
    payload: { documents: documents.map((loaded) => loaded.document) },
  });
  expect(response.statusCode, response.body).toBe(200);
  await t.nines.slos.runCycle();
  stopTraffic = startSeededDemoTraffic(t, control);
});
afterEach(async () => {
  stopTraffic();
  await t.close();
});

async function minutes(count: number) {
  for (let minute = 0; minute < count; minute++) {
    await t.clock.advance(60_000);
    await t.nines.slos.runCycle();
  }
}

const checkout = async (): Promise<SloDetailView> =>
  (await t.nines.app.inject({ url: "/api/v1/slos/checkout-availability" })).json();

it("the demo shop's failures burn the checkout budget within a minute and page within ten", async () => {
  await minutes(60);
  const calm = await checkout();
  expect(calm.status).toBe("ok");
  expect(calm.objectives[0]?.burnRates["1h"]).toBeLessThan(1);
  expect(calm.alerts).toEqual([]);

  control.failureRate = 0.5;
  await minutes(1);
  const climbing = await checkout();
  expect(climbing.objectives[0]?.burnRates["5m"]).toBeGreaterThan(20);

  let paged: number | undefined;
  for (let minute = 2; minute <= 10 && paged === undefined; minute++) {
    await minutes(1);
    if ((await checkout()).alerts.some((alert) => alert.severity === "page" && alert.state === "firing"))
      paged = minute;
  }
  expect(paged, "a page-severity burn alert within ten minutes").toBeDefined();
  // An hour-old demo has few events in its window, so ten bad minutes may spend all of it.
  expect(["burning", "exhausted"]).toContain((await checkout()).status);
});
