import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { planFirstDue } from "../../src/probes/scheduler.js";
import { createTestApp, monitorDocument, type TestApp } from "../support/app.js";
import { closeTargets, startHttpTarget } from "../support/probe-targets.js";

const DAY = 86_400_000;
const THIRTY_SECONDS = 30_000;

let t: TestApp;
let url: string;
let hits: number[];

beforeEach(async () => {
  t = await createTestApp();
  await t.nines.start();
  hits = [];
  url = await startHttpTarget((_request, response) => {
    hits.push(t.clock.now());
    response.end("ok");
  });
});
afterEach(async () => {
  await t.close();
  await closeTargets();
});

async function applyInterval(interval: string): Promise<number> {
  const response = await t.nines.app.inject({
    method: "POST",
    url: "/api/v1/apply",
    headers: t.auth,
    payload: { documents: [monitorDocument("shop", { url, interval, timeout: "5s" })] },
  });
  expect(response.statusCode).toBe(200);
  const monitor = await t.nines.app.inject({ url: "/api/v1/monitors/shop" });
  return monitor.json().id as number;
}

/** Nothing started since the last finished check: a run in flight or one more finished would show. */
const expectNoCheckSince = (checksTotal: number) =>
  expect(t.nines.engine.stats()).toMatchObject({ checksTotal, inFlight: 0 });

describe("changing a monitor's interval through apply", () => {
  it("checks within 30 s after the interval goes from 24 h to 30 s", async () => {
    const id = await applyInterval("24h");
    const start = t.clock.now();
    // The daily slot lies more than a minute ahead, so a check in the next 30 s can only come from re-planning.
    expect(planFirstDue(id, DAY, start) - start).toBeGreaterThan(2 * THIRTY_SECONDS);
    await t.clock.advance(THIRTY_SECONDS);
    expectNoCheckSince(0);

    await applyInterval("30s");
    const changedAt = t.clock.now();
    await t.clock.advance(THIRTY_SECONDS);
    await vi.waitFor(() => expect(hits).toHaveLength(1));
    expect(hits[0]).toBeLessThanOrEqual(changedAt + THIRTY_SECONDS);
    await vi.waitFor(() => expect(t.nines.engine.stats()).toMatchObject({ checksTotal: 1, checksFailed: 0 }));
  });

  it("does not check at the old 30 s slot after the interval goes from 30 s to 24 h", async () => {
    const id = await applyInterval("30s");
    await t.clock.advance(THIRTY_SECONDS);
    await vi.waitFor(() => expect(hits).toHaveLength(1));
    await vi.waitFor(() => expect(t.nines.engine.stats()).toMatchObject({ checksTotal: 1, inFlight: 0 }));

    await applyInterval("24h");
    const changedAt = t.clock.now();
    const daily = planFirstDue(id, DAY, changedAt);
    expect(daily - changedAt).toBeGreaterThan(2 * THIRTY_SECONDS);
    // Two of the old slots go by without a check.
    await t.clock.advance(2 * THIRTY_SECONDS);
    expectNoCheckSince(1);
    expect(hits).toHaveLength(1);
  });
});
