import http from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ObjectEvents } from "../config/events.js";
import { deleteObject, insertObject, type StoredObject, updateObject } from "../config/objects.js";
import { createManualClock, type ManualClock } from "../core/clock.js";
import { openStore, type Store } from "../store/database.js";
import { createProbeEngine, type MonitorIdentity, type ProbeEngine, type ProbeEngineOptions } from "./engine.js";
import { httpMonitorSpec } from "./model.js";
import { listMonitorViews, listResults, type MonitorResult } from "./store.js";

const INTERVAL_MS = 10_000;

interface TestServer {
  url: string;
  hits: () => number;
  respondWith: (status: number) => void;
  /** Holds every response until the returned function is called. */
  hold: () => () => void;
}

let store: Store;
let clock: ManualClock;
let events: ObjectEvents;
let engine: ProbeEngine | undefined;
const servers: http.Server[] = [];

beforeEach(async () => {
  store = await openStore({ dataDir: ":memory:" });
  clock = createManualClock();
  events = new ObjectEvents();
});

afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await store.close();
});

async function startServer(): Promise<TestServer> {
  let hits = 0;
  let status = 200;
  let held: Promise<void> | undefined;
  const server = http.createServer(async (_request, response) => {
    hits++;
    await held;
    response.statusCode = status;
    response.end("ok");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`,
    hits: () => hits,
    respondWith: (next) => {
      status = next;
    },
    hold: () => {
      let release!: () => void;
      held = new Promise((resolve) => {
        release = resolve;
      });
      return release;
    },
  };
}

function startEngine(options: Partial<ProbeEngineOptions> = {}): Promise<void> {
  engine = createProbeEngine({ store, events, clock, logger: pino({ level: "silent" }), ...options });
  return engine.start();
}

function monitorDocument(name: string, url: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: "nines/v1",
    kind: "Monitor",
    metadata: { name },
    spec: httpMonitorSpec.parse({ type: "http", url, interval: "10s", timeout: "5s", ...spec }),
  };
}

async function createMonitor(name: string, url: string, spec: Record<string, unknown> = {}): Promise<StoredObject> {
  const object = await insertObject(store.db, monitorDocument(name, url, spec), clock.now());
  await events.emit({ type: "created", object });
  return object;
}

const stats = () => (engine as ProbeEngine).stats();
const views = () => listMonitorViews(store.db, { limit: 50, offset: 0, now: clock.now() });

describe("probe engine", () => {
  it("checks a created monitor on schedule, storing its results and state", async () => {
    const server = await startServer();
    const seen: Array<{ monitor: MonitorIdentity; result: MonitorResult }> = [];
    await startEngine({ onResult: (monitor, result) => seen.push({ monitor, result }) });
    const shop = await createMonitor("shop", server.url, { failureThreshold: 1 });
    expect(stats()).toMatchObject({ scheduled: 1, checksTotal: 0 });
    expect((await views()).items[0]).toMatchObject({ state: "pending", recent: [] });

    await clock.advance(INTERVAL_MS);
    await vi.waitFor(() => expect(stats().checksTotal).toBe(1));
    expect(seen).toEqual([
      {
        monitor: { id: shop.id, name: "shop", type: "http" },
        result: expect.objectContaining({ status: "up", statusCode: 200 }),
      },
    ]);

    await clock.advance(1000);
    await vi.waitFor(async () =>
      expect((await views()).items[0]).toMatchObject({
        name: "shop",
        state: "up",
        uptime24h: 1,
        recent: [{ status: "up" }],
      }),
    );
    const upSince = (await views()).items[0]?.since;

    server.respondWith(503);
    await clock.advance(INTERVAL_MS);
    await vi.waitFor(() => expect(stats()).toMatchObject({ checksTotal: 2, checksFailed: 1 }));
    await clock.advance(1000);
    await vi.waitFor(async () =>
      expect((await views()).items[0]).toMatchObject({
        state: "down",
        lastError: "unexpected status 503 (expected 200-399)",
        uptime24h: 0.5,
      }),
    );
    expect((await views()).items[0]?.since).toBeGreaterThan(upSince as number);
  });

  it("schedules the monitors stored before it started", async () => {
    const server = await startServer();
    await insertObject(store.db, monitorDocument("stored", server.url), clock.now());
    await startEngine();
    expect(stats().scheduled).toBe(1);
    await clock.advance(INTERVAL_MS);
    await vi.waitFor(() => expect(server.hits()).toBe(1));
  });

  it("unschedules a deleted monitor", async () => {
    const server = await startServer();
    await startEngine();
    const shop = await createMonitor("shop", server.url);
    await clock.advance(INTERVAL_MS);
    await vi.waitFor(() => expect(stats().checksTotal).toBe(1));

    await deleteObject(store.db, shop.id);
    await events.emit({ type: "deleted", object: shop });
    expect(stats().scheduled).toBe(0);
    await clock.advance(5 * INTERVAL_MS);
    expect(server.hits()).toBe(1);
    expect((await views()).total).toBe(0);
  });

  it("follows a changed monitor to its new target", async () => {
    const [before, after] = [await startServer(), await startServer()];
    await startEngine();
    const shop = await createMonitor("shop", before.url);
    await clock.advance(INTERVAL_MS);
    await vi.waitFor(() => expect(before.hits()).toBe(1));

    const changed = await updateObject(store.db, shop, monitorDocument("shop", after.url), clock.now());
    await events.emit({ type: "changed", object: changed, previous: shop });
    await clock.advance(INTERVAL_MS);
    await vi.waitFor(() => expect(after.hits()).toBe(1));
    expect(before.hits()).toBe(1);
    expect(stats().scheduled).toBe(1);
  });

  it("writes a full buffer at once, without waiting for the flush interval", async () => {
    const server = await startServer();
    await startEngine({ flushIntervalMs: 3_600_000 });
    const ids: number[] = [];
    for (let index = 0; index < 500; index++) ids.push((await createMonitor(`m${index}`, server.url)).id);
    await clock.advance(INTERVAL_MS);
    await vi.waitFor(() => expect(stats().checksTotal).toBe(500), { timeout: 20_000 });
    await vi.waitFor(async () => {
      const { count } = await store.db
        .selectFrom("monitor_results")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .executeTakeFirstOrThrow();
      expect(Number(count)).toBe(500);
    });
    expect(stats().inFlight).toBe(0);
  });

  it("finishes the checks in flight and writes every buffered result when stopped", async () => {
    const server = await startServer();
    await startEngine({ flushIntervalMs: 3_600_000 });
    const [first, second] = [await createMonitor("first", server.url), await createMonitor("second", server.url)];
    // Every first slot falls within one interval: two checks answered, then two held in flight.
    await clock.advance(INTERVAL_MS);
    await vi.waitFor(() => expect(server.hits()).toBe(2));
    await vi.waitFor(() => expect(stats().checksTotal).toBe(2));
    const release = server.hold();
    await clock.advance(INTERVAL_MS);
    await vi.waitFor(() => expect(stats().inFlight).toBe(2));

    const stopping = (engine as ProbeEngine).stop();
    release();
    await stopping;
    expect(stats()).toMatchObject({ checksTotal: 4, inFlight: 0 });
    expect(await listResults(store.db, first.id, { limit: 10 })).toHaveLength(2);
    expect(await listResults(store.db, second.id, { limit: 10 })).toHaveLength(2);
    expect(clock.pendingTimers()).toBe(0);
  });
});
