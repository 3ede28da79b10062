import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ObjectEvents } from "../config/events.js";
import { insertObject, type StoredObject, updateObject } from "../config/objects.js";
import { createManualClock, type ManualClock } from "../core/clock.js";
import { openStore, type Store } from "../store/database.js";
import { createProbeEngine, type ProbeEngine } from "./engine.js";
import { listMonitorEvents } from "./events-store.js";
import { monitorSpec } from "./model.js";
import { getMonitorView, listResults } from "./store.js";
import type { MonitorEvent } from "./views.js";

const START = Date.UTC(2026, 10, 26, 12);
const SECOND = 1000;
const MINUTE = 60_000;

let store: Store;
let clock: ManualClock;
let events: ObjectEvents;
let engine: ProbeEngine | undefined;
let changes: Array<{ monitor: string; event: MonitorEvent }>;
let server: { url: string; status: number; close: () => Promise<void> } | undefined;

beforeEach(async () => {
  store = await openStore({ dataDir: ":memory:" });
  clock = createManualClock(START);
  events = new ObjectEvents();
  changes = [];
});

afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await server?.close();
  server = undefined;
  await store.close();
});

async function startServer(): Promise<NonNullable<typeof server>> {
  const instance = http.createServer((_request, response) => {
    response.statusCode = (server as NonNullable<typeof server>).status;
    response.end();
  });
  await new Promise<void>((resolve) => instance.listen(0, "127.0.0.1", resolve));
  server = {
    url: `http://127.0.0.1:${(instance.address() as AddressInfo).port}/health`,
    status: 200,
    close: () => {
      instance.closeAllConnections();
      return new Promise((resolve) => instance.close(() => resolve()));
    },
  };
  return server;
}

async function startEngine(): Promise<ProbeEngine> {
  engine = createProbeEngine({
    store,
    events,
    clock,
    logger: pino({ level: "silent" }),
    onStateChange: (monitor, event) => changes.push({ monitor: monitor.name, event }),
  });
  await engine.start();
  return engine;
}

const document = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: "nines/v1",
  kind: "Monitor",
  metadata: { name },
  spec: monitorSpec.parse(spec),
});

async function createMonitor(name: string, spec: Record<string, unknown>): Promise<StoredObject> {
  const object = await insertObject(store.db, document(name, spec), clock.now());
  await events.emit({ type: "created", object });
  return object;
}

async function changeMonitor(object: StoredObject, spec: Record<string, unknown>): Promise<StoredObject> {
  const changed = await updateObject(store.db, object, document(object.metadata.name, spec), clock.now());
  await events.emit({ type: "changed", object: changed, previous: object });
  return changed;
}

/** Moves time on, letting checks finish in real time, and writes what they found. */
async function advance(ms: number): Promise<void> {
  await clock.advance(ms);
  await vi.waitFor(() => expect((engine as ProbeEngine).stats().inFlight).toBe(0));
  await (engine as ProbeEngine).flush();
}

const reasons = () => changes.map(({ event }) => `${event.from} -> ${event.to}: ${event.reason}`);
const heartbeatToken = async (name: string) =>
  ((await getMonitorView(store.db, name, clock.now()))?.heartbeatUrl ?? "").split("/").pop() as string;

describe("probe engine states", () => {
  it("goes down after the failure threshold with the check's error, and recovers", async () => {
    const target = await startServer();
    await startEngine();
    const shop = await createMonitor("shop", { type: "http", url: target.url, interval: "10s", timeout: "5s" });
    await advance(10 * SECOND);
    target.status = 503;
    await advance(10 * SECOND);
    expect(reasons()).toEqual(["pending -> up: first check passed"]);
    await advance(10 * SECOND);
    target.status = 200;
    await advance(10 * SECOND);
    expect(reasons()).toEqual([
      "pending -> up: first check passed",
      "up -> down: unexpected status 503 (expected 200-399)",
      "down -> up: recovered after 1 successful check",
    ]);
    expect(changes.every((change) => change.monitor === "shop")).toBe(true);
    expect(await listMonitorEvents(store.db, shop.id, { limit: 10 })).toHaveLength(3);
  });

  it("stops checking a paused monitor and shows it paused, then resumes from pending", async () => {
    const target = await startServer();
    await startEngine();
    const spec = { type: "http", url: target.url, interval: "10s", timeout: "5s" };
    const shop = await createMonitor("shop", spec);
    await advance(10 * SECOND);
    const paused = await changeMonitor(shop, { ...spec, paused: true });
    await advance(60 * SECOND);
    expect(await listResults(store.db, shop.id, { limit: 10 })).toHaveLength(1);
    expect((engine as ProbeEngine).stats().scheduled).toBe(0);
    expect(await getMonitorView(store.db, "shop", clock.now())).toMatchObject({ state: "paused" });

    await changeMonitor(paused, spec);
    await advance(SECOND);
    expect(reasons()).toEqual([
      "pending -> up: first check passed",
      "up -> paused: paused",
      "paused -> pending: resumed",
    ]);
    await advance(10 * SECOND);
    expect(await getMonitorView(store.db, "shop", clock.now())).toMatchObject({ state: "up" });
  });

  it("enters and leaves a maintenance window on time, with no check result needed", async () => {
    const target = await startServer();
    await startEngine();
    const window = { name: "upgrade", start: "2026-11-26T13:10:00Z", end: "2026-11-26T13:20:00Z" };
    await createMonitor("shop", {
      type: "http",
      url: target.url,
      interval: "1h",
      timeout: "5s",
      maintenance: [window],
    });
    await advance(2 * 60 * MINUTE);
    expect(reasons()).toEqual([
      "pending -> up: first check passed",
      'up -> maintenance: maintenance window "upgrade" started',
      'maintenance -> up: maintenance window "upgrade" ended',
    ]);
    expect(changes.slice(1).map((change) => change.event.at)).toEqual([
      Date.parse(window.start),
      Date.parse(window.end),
    ]);
  });

  it("marks results taken in a window and keeps them from moving the state", async () => {
    const target = await startServer();
    target.status = 500;
    await startEngine();
    const window = { schedule: "0 12 * * *", duration: "1h", timeZone: "UTC" };
    const shop = await createMonitor("shop", {
      type: "http",
      url: target.url,
      interval: "10s",
      timeout: "5s",
      maintenance: [window],
    });
    await advance(30 * SECOND);
    expect(reasons()).toEqual(['pending -> maintenance: maintenance window "0 12 * * * (UTC) for 1h" started']);
    const marks = await store.db
      .selectFrom("monitor_results")
      .select("in_maintenance")
      .where("monitor_id", "=", shop.id)
      .execute();
    expect(marks.length).toBeGreaterThanOrEqual(2);
    expect(marks.every((row) => Number(row.in_maintenance) === 1)).toBe(true);
  });

  it("records a missed heartbeat as down, a ping as up, and says since when it waits", async () => {
    const running = await startEngine();
    await createMonitor("backup", { type: "heartbeat", period: "5m", grace: "1m" });
    const token = await heartbeatToken("backup");
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);

    await advance(6 * MINUTE - 1);
    expect(changes).toEqual([]);
    await advance(1);
    expect(reasons()).toEqual(["pending -> down: no ping yet (expected every 5m, grace 1m)"]);

    await advance(MINUTE);
    expect(await running.recordPing(token)).toBe(true);
    expect(reasons()[1]).toBe("down -> up: recovered after 1 successful check");
    const pingedAt = clock.now();

    await advance(6 * MINUTE);
    expect(reasons()[2]).toBe("up -> down: no ping since 2026-11-26 12:07:00Z (expected every 5m, grace 1m)");
    expect(changes[2]?.event.at).toBe(pingedAt + 6 * MINUTE);
    expect(await running.recordPing("unknown-token")).toBe(false);
  });

  it("records a failure the job reports with its message", async () => {
    const running = await startEngine();
    await createMonitor("backup", { type: "heartbeat", period: "0 3 * * *", grace: "10m" });
    await running.recordPing(await heartbeatToken("backup"), { status: "down", message: "exit code 3" });
    expect(reasons()).toEqual(["pending -> down: exit code 3"]);
  });
});

describe("probe engine restarts", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "nines-engine-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function restart(): Promise<ProbeEngine> {
    await engine?.stop();
    await store.close();
    store = await openStore({ dataDir });
    events = new ObjectEvents();
    return startEngine();
  }

  it("keeps the failure count and the heartbeat's last ping across a restart", async () => {
    await store.close();
    store = await openStore({ dataDir });
    const target = await startServer();
    let running = await startEngine();
    await createMonitor("shop", { type: "http", url: target.url, interval: "10s", timeout: "5s" });
    await createMonitor("backup", { type: "heartbeat", period: "5m", grace: "1m" });
    await advance(10 * SECOND);
    await running.recordPing(await heartbeatToken("backup"));
    const pingedAt = clock.now();
    target.status = 503;
    await advance(10 * SECOND);
    expect(reasons()).toEqual(["pending -> up: first check passed", "pending -> up: first check passed"]);

    running = await restart();
    await advance(10 * SECOND);
    expect(reasons()[2]).toBe("up -> down: unexpected status 503 (expected 200-399)");
    // The deadline still counts from the ping before the restart.
    await advance(pingedAt + 6 * MINUTE - 1 - clock.now());
    expect(reasons()).toHaveLength(3);
    await advance(1);
    expect(reasons()[3]).toBe("up -> down: no ping since 2026-11-26 12:00:10Z (expected every 5m, grace 1m)");
  });
});
