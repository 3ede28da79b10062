import { afterAll, describe, expect, it } from "vitest";
import { backends, countQueries, dropTestSchemas, openStoreForEachTest } from "../../test/support/databases.js";
import { deleteObject, insertObject, type StoredObject } from "../config/objects.js";
import type { Store } from "../store/database.js";
import { httpMonitorSpec } from "./model.js";
import {
  getMonitorView,
  listMonitorViews,
  listResults,
  type MonitorResult,
  RECENT_RESULTS,
  recordResults,
} from "./store.js";

const NOW = Date.UTC(2026, 2, 1, 12);
const MINUTE = 60_000;

afterAll(dropTestSchemas);

describe.each(backends)("probe store on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });

  async function createMonitor(
    monitorName: string,
    spec: Record<string, unknown> = {},
    displayName?: string,
  ): Promise<StoredObject> {
    const metadata = displayName ? { name: monitorName, displayName } : { name: monitorName };
    const validated = httpMonitorSpec.parse({
      type: "http",
      url: `https://${monitorName}.example/health`,
      interval: "1m",
      ...spec,
    });
    return insertObject(
      store.db,
      { apiVersion: "nines/v1", kind: "Monitor", metadata, spec: validated },
      NOW - 7 * 86_400_000,
    );
  }

  const result = (
    monitorId: number,
    startedAt: number,
    status: "up" | "down" = "up",
    extra: Partial<MonitorResult> = {},
  ): MonitorResult => ({
    monitorId,
    startedAt,
    status,
    durationMs: 12.5,
    statusCode: status === "up" ? 200 : 503,
    error: status === "up" ? null : "unexpected status 503 (expected 200-399)",
    timings: { connect: 1.5, firstByte: 10, transfer: 1 },
    ...extra,
  });

  it("moves the state along and changes `since` only when the state changes", async () => {
    const shop = await createMonitor("shop", { failureThreshold: 1 });
    await recordResults(store.db, [result(shop.id, NOW - 3 * MINUTE)]);
    expect(await getMonitorView(store.db, "shop", NOW)).toMatchObject({
      state: "up",
      since: NOW - 3 * MINUTE,
      lastCheckAt: NOW - 3 * MINUTE,
      lastError: null,
    });

    await recordResults(store.db, [result(shop.id, NOW - 2 * MINUTE)]);
    expect(await getMonitorView(store.db, "shop", NOW)).toMatchObject({
      state: "up",
      since: NOW - 3 * MINUTE,
      lastCheckAt: NOW - 2 * MINUTE,
    });

    // One batch holding a change of state and another result in the new state.
    await recordResults(store.db, [result(shop.id, NOW - MINUTE / 2, "down"), result(shop.id, NOW - MINUTE, "down")]);
    expect(await getMonitorView(store.db, "shop", NOW)).toMatchObject({
      state: "down",
      since: NOW - MINUTE,
      lastCheckAt: NOW - MINUTE / 2,
      lastError: "unexpected status 503 (expected 200-399)",
    });
  });

  it("drops results of monitors that no longer exist and keeps the rest of the batch", async () => {
    const kept = await createMonitor("kept");
    const gone = await createMonitor("gone");
    await deleteObject(store.db, gone.id);
    expect(await recordResults(store.db, [result(kept.id, NOW), result(gone.id, NOW)])).toMatchObject({
      recorded: 1,
      dropped: 1,
    });
    expect(await listResults(store.db, kept.id, { limit: 10 })).toHaveLength(1);
    expect(await recordResults(store.db, [])).toEqual({ recorded: 0, dropped: 0, changes: [] });
  });

  it("writes a batch larger than one insert", async () => {
    const busy = await createMonitor("busy", { interval: "1s", timeout: "500ms" });
    const batch = Array.from({ length: 1234 }, (_, index) => result(busy.id, NOW - index * 1000));
    expect(await recordResults(store.db, batch)).toMatchObject({ recorded: 1234, dropped: 0 });
    expect(await listResults(store.db, busy.id, { limit: 2000 })).toHaveLength(1234);
  });

  it("shows a monitor without results as pending since it was created", async () => {
    const fresh = await createMonitor("fresh", { interval: "30s", method: "HEAD" }, "Fresh one");
    expect(await getMonitorView(store.db, "fresh", NOW)).toEqual({
      name: "fresh",
      displayName: "Fresh one",
      type: "http",
      target: "HEAD https://fresh.example/health",
      intervalMs: 30_000,
      state: "pending",
      since: fresh.createdAt,
      lastCheckAt: null,
      lastError: null,
      uptime24h: null,
      uptime30d: null,
      pushed: false,
      heartbeatUrl: null,
      recent: [],
    });
    expect(await getMonitorView(store.db, "missing", NOW)).toBeUndefined();
  });

  it("pages monitors worst state first, then by name, with their newest results and 24-hour uptime", async () => {
    const ids = new Map<string, number>();
    for (const monitorName of ["delta", "alpha", "charlie", "bravo"])
      ids.set(monitorName, (await createMonitor(monitorName)).id);
    const alpha = ids.get("alpha") as number;
    const bravo = ids.get("bravo") as number;
    const batch: MonitorResult[] = [];
    for (let minute = 1; minute <= 30; minute++)
      batch.push(result(alpha, NOW - minute * MINUTE, minute % 4 === 0 ? "down" : "up"));
    batch.push(result(alpha, NOW - 25 * 3_600_000, "down"));
    batch.push(result(bravo, NOW - MINUTE, "up", { statusCode: null, timings: null, durationMs: 3 }));
    await recordResults(store.db, batch);

    // Pending monitors (no results yet) come before those that are up.
    const first = await listMonitorViews(store.db, { limit: 2, offset: 0, now: NOW });
    expect(first).toMatchObject({ total: 4, limit: 2, offset: 0, counts: { up: 2, down: 0, pending: 2 } });
    expect(first.items.map((view) => view.name)).toEqual(["charlie", "delta"]);
    expect(first.items.every((view) => view.state === "pending" && view.recent.length === 0)).toBe(true);

    const second = await listMonitorViews(store.db, { limit: 2, offset: 2, now: NOW });
    expect(second.items.map((view) => view.name)).toEqual(["alpha", "bravo"]);
    const [alphaView, bravoView] = second.items;
    expect(alphaView?.recent).toHaveLength(RECENT_RESULTS);
    expect(alphaView?.recent.map((view) => view.startedAt)).toEqual(
      Array.from({ length: RECENT_RESULTS }, (_, index) => NOW - (index + 1) * MINUTE),
    );
    expect(alphaView?.recent[0]).toEqual({
      startedAt: NOW - MINUTE,
      status: "up",
      durationMs: 12.5,
      statusCode: 200,
      error: null,
      timings: { connect: 1.5, firstByte: 10, transfer: 1 },
    });
    // 30 results in the last day, 7 of them down; the one from 25 hours ago does not count.
    expect(alphaView?.uptime24h).toBeCloseTo(23 / 30, 10);
    expect(bravoView).toMatchObject({ uptime24h: 1, recent: [{ statusCode: null, timings: null, durationMs: 3 }] });

    expect((await listMonitorViews(store.db, { limit: 2, offset: 10, now: NOW })).items).toEqual([]);
  });

  it("builds a page in a fixed number of queries, not one per monitor", async () => {
    for (let index = 0; index < 12; index++) {
      const monitor = await createMonitor(`m${index}`, { interval: index % 2 ? "30s" : "5m" });
      await recordResults(store.db, [result(monitor.id, NOW - MINUTE)]);
    }
    const counted = countQueries(store.db);
    const page = await listMonitorViews(counted.db, { limit: 50, offset: 0, now: NOW });
    expect(page.items.every((view) => view.recent.length === 1)).toBe(true);
    expect(page.items.every((view) => view.uptime24h === 1 && view.uptime30d === 1)).toBe(true);
    expect(counted.count).toBe(4);

    counted.reset();
    const filtered = await listMonitorViews(counted.db, {
      limit: 50,
      offset: 0,
      now: NOW,
      search: "M1",
      state: "up",
      type: "http",
    });
    expect(filtered.items.map((view) => view.name)).toEqual(["m1", "m10", "m11"]);
    expect(counted.count).toBe(4);
  });

  it("lists a monitor's results newest first, paging back with `before`", async () => {
    const shop = await createMonitor("shop");
    await recordResults(
      store.db,
      Array.from({ length: 5 }, (_, index) => result(shop.id, NOW - index * MINUTE)),
    );
    const newest = await listResults(store.db, shop.id, { limit: 2 });
    expect(newest.map((view) => view.startedAt)).toEqual([NOW, NOW - MINUTE]);
    const older = await listResults(store.db, shop.id, { limit: 10, before: NOW - MINUTE });
    expect(older.map((view) => view.startedAt)).toEqual([NOW - 2 * MINUTE, NOW - 3 * MINUTE, NOW - 4 * MINUTE]);
  });
});
