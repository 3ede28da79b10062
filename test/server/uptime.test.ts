import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getObject } from "../../src/config/objects.js";
import { createTestApp, monitorDocument, type TestApp } from "../support/app.js";
import { insertResults } from "../support/probe-data.js";

const HOUR = 3_600_000;

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.nines.app.inject({
    method: "POST",
    url: "/api/v1/apply",
    headers: t.auth,
    payload: {
      documents: [
        monitorDocument("shop"),
        { ...monitorDocument("blog"), metadata: { name: "blog", displayName: "Company blog" } },
        monitorDocument("db", { type: "tcp", host: "db.internal", port: 5432, url: undefined }),
      ],
    },
  });
});
afterEach(async () => {
  await t.close();
});

const get = (url: string) => t.nines.app.inject({ url });

describe("monitor list and uptime API", () => {
  it("searches and filters the monitor list on the server", async () => {
    const search = await get("/api/v1/monitors?search=BLOG&limit=5");
    expect(search.statusCode).toBe(200);
    expect(search.json()).toMatchObject({ total: 1, limit: 5, items: [{ name: "blog", displayName: "Company blog" }] });
    expect((await get("/api/v1/monitors?state=pending&type=http")).json().total).toBe(2);
    expect((await get("/api/v1/monitors?state=down")).json()).toMatchObject({ total: 0, items: [] });

    const badState = await get("/api/v1/monitors?state=broken");
    expect(badState.statusCode).toBe(400);
    expect(badState.json().detail).toMatch(/\/state/);
    const unknown = await get("/api/v1/monitors?q=shop");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().detail).toMatch(/unknown field "q"/);
  });

  it("reports uptime and latency by bucket, by default for 30 days by day", async () => {
    const now = t.clock.now();
    const shop = await getObject(t.store.db, "Monitor", "shop");
    await insertResults(t.store.db, [
      { monitorId: shop?.id as number, startedAt: now - 2 * HOUR, status: "up", durationMs: 120 },
      { monitorId: shop?.id as number, startedAt: now - HOUR, status: "down", durationMs: 5000 },
    ]);

    const defaults = await get("/api/v1/monitors/shop/uptime");
    expect(defaults.statusCode).toBe(200);
    const report = defaults.json();
    expect(report).toMatchObject({ to: now, uptime: 0.5, checks: 2 });
    expect(report.buckets).toHaveLength(30);
    expect(report.buckets.at(-1)).toMatchObject({ checks: 2, failures: 1, latency: { p50: expect.any(Number) } });

    const hourly = await get(`/api/v1/monitors/shop/uptime?from=${now - 3 * HOUR}&to=${now}&step=1h`);
    expect(hourly.json().buckets.map((bucket: { checks: number }) => bucket.checks)).toEqual([0, 1, 1]);
  });

  it("refuses a step that is not whole hours and a monitor that does not exist", async () => {
    const step = await get("/api/v1/monitors/shop/uptime?step=15m");
    expect(step.statusCode).toBe(400);
    expect(step.json().detail).toMatch(/\/step: expected whole hours/);
    const reversed = await get(`/api/v1/monitors/shop/uptime?from=${t.clock.now()}&to=${t.clock.now() - HOUR}`);
    expect(reversed.statusCode).toBe(400);
    expect((await get("/api/v1/monitors/nope/uptime")).statusCode).toBe(404);
  });
});
