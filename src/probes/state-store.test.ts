import { afterAll, describe, expect, it } from "vitest";
import { backends, dropTestSchemas, openStoreForEachTest } from "../../test/support/databases.js";
import { insertObject, type StoredObject } from "../config/objects.js";
import type { Store } from "../store/database.js";
import { listMonitorEvents } from "./events-store.js";
import { ensureHeartbeats, findHeartbeatMonitor } from "./heartbeat-store.js";
import { monitorSpec } from "./model.js";
import { type MonitorResult, recordResults } from "./state-store.js";
import { getMonitorView } from "./store.js";

const NOW = Date.UTC(2026, 10, 26, 12);
const MINUTE = 60_000;
const REFUSED = "connection refused (ECONNREFUSED 10.0.0.5:443)";

afterAll(dropTestSchemas);

describe.each(backends)("monitor states and events on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });

  async function createMonitor(name: string, spec: Record<string, unknown> = {}): Promise<StoredObject> {
    const validated = monitorSpec.parse({ type: "http", url: `https://${name}.example/health`, ...spec });
    return insertObject(
      store.db,
      { apiVersion: "nines/v1", kind: "Monitor", metadata: { name }, spec: validated },
      NOW,
    );
  }

  const createHeartbeat = (name: string) =>
    insertObject(
      store.db,
      {
        apiVersion: "nines/v1",
        kind: "Monitor",
        metadata: { name },
        spec: monitorSpec.parse({ type: "heartbeat", period: "5m" }),
      },
      NOW,
    );

  const result = (monitorId: number, minute: number, status: MonitorResult["status"], extra = {}): MonitorResult => ({
    monitorId,
    startedAt: NOW + minute * MINUTE,
    status,
    durationMs: 5,
    error: status === "up" ? null : REFUSED,
    ...extra,
  });

  const stateRow = (monitorId: number) =>
    store.db.selectFrom("monitor_states").selectAll().where("monitor_id", "=", monitorId).executeTakeFirstOrThrow();

  it("writes an event with each state change, and reports it with the monitor", async () => {
    const shop = await createMonitor("shop", { failureThreshold: 2, recoveryThreshold: 2 });
    const outcome = await recordResults(store.db, [
      result(shop.id, 1, "up"),
      result(shop.id, 2, "down"),
      result(shop.id, 3, "down"),
      result(shop.id, 4, "up"),
    ]);
    expect(outcome.changes).toEqual([
      { monitor: { id: shop.id, name: "shop", type: "http" }, event: expect.objectContaining({ to: "up" }) },
      {
        monitor: { id: shop.id, name: "shop", type: "http" },
        event: { at: NOW + 3 * MINUTE, from: "up", to: "down", reason: REFUSED },
      },
    ]);
    await recordResults(store.db, [result(shop.id, 5, "up")]);
    expect(await listMonitorEvents(store.db, shop.id, { limit: 10 })).toEqual([
      { at: NOW + 5 * MINUTE, from: "down", to: "up", reason: "recovered after 2 successful checks" },
      { at: NOW + 3 * MINUTE, from: "up", to: "down", reason: REFUSED },
      { at: NOW + MINUTE, from: "pending", to: "up", reason: "first check passed" },
    ]);
    expect(await listMonitorEvents(store.db, shop.id, { limit: 1, before: NOW + 5 * MINUTE })).toEqual([
      { at: NOW + 3 * MINUTE, from: "up", to: "down", reason: REFUSED },
    ]);
  });

  it("keeps the counters between batches, as after a restart", async () => {
    const shop = await createMonitor("shop", { failureThreshold: 3 });
    await recordResults(store.db, [result(shop.id, 1, "up"), result(shop.id, 2, "down")]);
    await recordResults(store.db, [result(shop.id, 3, "down")]);
    expect(await stateRow(shop.id)).toMatchObject({ state: "up", checked_state: "up", failures: 2, successes: 0 });
    await recordResults(store.db, [result(shop.id, 4, "down")]);
    expect(await getMonitorView(store.db, "shop", NOW)).toMatchObject({ state: "down", since: NOW + 4 * MINUTE });
  });

  it("lays pauses and maintenance over the state, marking results taken in a window", async () => {
    const shop = await createMonitor("shop", { failureThreshold: 1 });
    await recordResults(store.db, [result(shop.id, 1, "up")]);
    await recordResults(
      store.db,
      [result(shop.id, 3, "down", { inMaintenance: true })],
      [
        { monitorId: shop.id, at: NOW + 2 * MINUTE, mode: "maintenance", window: "upgrade" },
        { monitorId: shop.id, at: NOW + 4 * MINUTE, mode: "active", window: "upgrade" },
        { monitorId: shop.id, at: NOW + 5 * MINUTE, mode: "paused" },
      ],
    );
    expect((await listMonitorEvents(store.db, shop.id, { limit: 10 })).map((event) => event.reason)).toEqual([
      "paused",
      'maintenance window "upgrade" ended',
      'maintenance window "upgrade" started',
      "first check passed",
    ]);
    const marks = await store.db
      .selectFrom("monitor_results")
      .select(["status", "in_maintenance"])
      .where("monitor_id", "=", shop.id)
      .orderBy("started_at")
      .execute();
    expect(marks.map((row) => [row.status, Number(row.in_maintenance)])).toEqual([
      ["up", 0],
      ["down", 1],
    ]);
    expect(await getMonitorView(store.db, "shop", NOW)).toMatchObject({ state: "paused", since: NOW + 5 * MINUTE });
  });

  it("writes nothing for a mode that changes nothing", async () => {
    const shop = await createMonitor("shop");
    expect(await recordResults(store.db, [], [{ monitorId: shop.id, at: NOW, mode: "active" }])).toEqual({
      recorded: 0,
      dropped: 0,
      changes: [],
    });
    expect(await store.db.selectFrom("monitor_states").selectAll().execute()).toEqual([]);
  });

  it("gives a heartbeat monitor one token for good, found by the token and shown as its URL", async () => {
    const job = await createHeartbeat("job");
    const first = await ensureHeartbeats(store.db, [job.id], NOW);
    const token = first.get(job.id)?.token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(first.get(job.id)).toMatchObject({ createdAt: NOW, status: { state: "pending", since: NOW } });
    expect((await ensureHeartbeats(store.db, [job.id], NOW + MINUTE)).get(job.id)?.token).toBe(token);
    expect(await findHeartbeatMonitor(store.db, token)).toEqual({
      id: job.id,
      spec: expect.objectContaining({ period: "5m" }),
    });
    expect(await findHeartbeatMonitor(store.db, "nope")).toBeUndefined();
    expect(await getMonitorView(store.db, "job", NOW)).toMatchObject({
      state: "pending",
      target: "pinged every 5m, grace 1m",
      pushed: true,
      heartbeatUrl: `/api/v1/heartbeat/${token}`,
    });

    // A ping keeps the token and is remembered as the last one.
    await recordResults(store.db, [result(job.id, 1, "up", { ping: true })]);
    expect(await stateRow(job.id)).toMatchObject({ heartbeat_token: token, last_ping_at: NOW + MINUTE });
  });

  it("finds no heartbeat monitor by the token of one that became another type", async () => {
    const job = await createHeartbeat("job");
    const token = (await ensureHeartbeats(store.db, [job.id], NOW)).get(job.id)?.token as string;
    await store.db
      .updateTable("objects")
      .set({ spec: JSON.stringify({ type: "http", url: "https://job.example" }) })
      .where("id", "=", job.id)
      .execute();
    expect(await findHeartbeatMonitor(store.db, token)).toBeUndefined();
    expect((await getMonitorView(store.db, "job", NOW))?.heartbeatUrl).toBeNull();
  });
});
