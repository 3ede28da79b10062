import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { backends, countQueries, dropTestSchemas, openStoreForEachTest } from "../../test/support/databases.js";
import { insertMonitors, insertResults, type MonitorSeed, type ResultSeed } from "../../test/support/probe-data.js";
import { createManualClock } from "../core/clock.js";
import type { Store } from "../store/database.js";
import { createRetentionJob } from "./retention.js";
import { type ListMonitorViewsOptions, listMonitorViews } from "./store.js";

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 2, 10, 12, 30);
const STATES = ["up", "up", "up", "degraded", "down", undefined, "paused", "maintenance"] as const;

afterAll(dropTestSchemas);

describe.each(backends)("monitor list on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });

  /** Lists through a plugin that counts the queries sent to the database. */
  async function listCounting(options: Omit<ListMonitorViewsOptions, "now">) {
    const counted = countQueries(store.db);
    const page = await listMonitorViews(counted.db, { ...options, now: NOW });
    return { page, queries: counted.count };
  }

  const names = (page: { items: Array<{ name: string }> }) => page.items.map((view) => view.name);

  it("searches names, display names and targets, and filters by state and type, paging on the server", async () => {
    await insertMonitors(
      store.db,
      [
        { name: "shop-api", displayName: "Shop API", state: "up" },
        { name: "checkout", displayName: "Checkout (SHOP)", state: "down" },
        {
          name: "payments",
          spec: { type: "http", url: "https://pay.shop.example/health", interval: "30s" },
          state: "up",
        },
        { name: "db", spec: { type: "tcp", host: "db.internal", port: 5432, interval: "30s" }, state: "degraded" },
        { name: "apex", spec: { type: "dns", name: "shop.example", recordType: "A", interval: "60s" } },
        { name: "100%_done", state: "up" },
      ],
      NOW,
    );

    const search = await listCounting({ limit: 10, offset: 0, search: "  SHOP " });
    expect(names(search.page)).toEqual(["checkout", "apex", "payments", "shop-api"]);
    expect(search.page).toMatchObject({ total: 4, counts: { down: 1, pending: 1, up: 2, degraded: 0 } });
    expect(search.queries).toBe(4);

    expect(names((await listCounting({ limit: 10, offset: 0, search: "db.internal:5432" })).page)).toEqual(["db"]);
    // LIKE wildcards in the search are plain characters.
    expect(names((await listCounting({ limit: 10, offset: 0, search: "0%_" })).page)).toEqual(["100%_done"]);
    expect(names((await listCounting({ limit: 10, offset: 0, search: "%" })).page)).toEqual(["100%_done"]);

    const up = await listCounting({ limit: 1, offset: 1, search: "shop", state: "up" });
    expect(names(up.page)).toEqual(["shop-api"]);
    // The total counts the state asked for; the counts still show every state, for the tabs.
    expect(up.page).toMatchObject({ total: 2, limit: 1, offset: 1, counts: { down: 1, up: 2 } });
    expect(up.queries).toBe(4);

    const tcp = await listCounting({ limit: 10, offset: 0, type: "tcp" });
    expect(names(tcp.page)).toEqual(["db"]);
    expect(tcp.page.items[0]).toMatchObject({ type: "tcp", state: "degraded" });
    expect((await listCounting({ limit: 10, offset: 0, type: "http", state: "paused" })).page).toMatchObject({
      items: [],
      total: 0,
    });
  });

  it("builds one page of 10,000 monitors in a fixed number of queries", async () => {
    const seeds: MonitorSeed[] = Array.from({ length: 10_000 }, (_, index) => ({
      name: `svc-${String(index).padStart(5, "0")}`,
      displayName: `Service ${index}`,
      state: STATES[index % STATES.length],
      spec: { type: index % 10 === 0 ? "tcp" : "http", url: `https://svc-${index}.example/health`, interval: "30s" },
    }));
    const ids = await insertMonitors(store.db, seeds, NOW - 40 * 24 * HOUR);
    // Three hours of results every 5 minutes for the first monitors, rolled up but for the last hour.
    const results: ResultSeed[] = [];
    for (const id of ids.slice(0, 200))
      for (let at = NOW - 3 * HOUR; at < NOW; at += 5 * 60_000)
        results.push({ monitorId: id, startedAt: at, status: at % 7 === 0 ? "down" : "up", durationMs: 40 });
    await insertResults(store.db, results);
    await createRetentionJob({ store, clock: createManualClock(NOW), logger: pino({ level: "silent" }) }).runOnce();

    const pages: Array<[string, Omit<ListMonitorViewsOptions, "now">]> = [
      ["first page", { limit: 50, offset: 0 }],
      ["deep page", { limit: 50, offset: 9_000 }],
      ["state", { limit: 50, offset: 0, state: "up" }],
      ["search", { limit: 50, offset: 0, search: "service 12" }],
      ["type and search", { limit: 50, offset: 0, type: "tcp", search: "svc-0" }],
    ];
    for (const [label, options] of pages) {
      const started = performance.now();
      const { page, queries } = await listCounting(options);
      const ms = performance.now() - started;
      console.log(`${backend.name}: ${label} of 10,000 monitors (${page.total} match) in ${ms.toFixed(1)} ms`);
      expect(queries).toBe(4);
      expect(page.items.length).toBeGreaterThan(0);
    }
    const { page } = await listCounting({ limit: 50, offset: 0, state: "down" });
    expect(page.total).toBe(10_000 / STATES.length);
    expect(page.counts).toMatchObject({ up: 3750, degraded: 1250, down: 1250, pending: 1250 });
    expect(page.items.filter((view) => view.uptime24h !== null).length).toBeGreaterThan(0);
    expect(page.items.every((view) => view.uptime24h === view.uptime30d)).toBe(true);
  }, 120_000);
});
