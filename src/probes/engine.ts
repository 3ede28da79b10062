import type { Logger } from "pino";
import type { ObjectChange, ObjectEvents } from "../config/events.js";
import { listObjects, type StoredObject } from "../config/objects.js";
import type { CancelTimer, Clock } from "../core/clock.js";
import { parseDuration } from "../core/duration.js";
import type { Store } from "../store/database.js";
import type { CheckOutcome } from "./check.js";
import { findCheck } from "./checks/index.js";
import { type MonitorSpec, monitorSpec } from "./model.js";
import { createScheduler } from "./scheduler.js";
import { type MonitorResult, recordResults } from "./store.js";

/** Who a result belongs to, for observers such as the server's Prometheus metrics. */
export interface MonitorIdentity {
  id: number;
  name: string;
  type: string;
}

export interface ProbeEngineOptions {
  store: Store;
  events: ObjectEvents;
  clock: Clock;
  logger: Logger;
  /** Most checks running at once. Default 64. */
  concurrency?: number | undefined;
  /** How often buffered results are written. Default 1000 ms. */
  flushIntervalMs?: number | undefined;
  /** Called as each check starts, with how late it starts against its schedule (ms). */
  onCheckStart?: ((monitor: MonitorIdentity, latenessMs: number) => void) | undefined;
  /** Called for every result as it is buffered; must be quick and must not throw. */
  onResult?: ((monitor: MonitorIdentity, result: MonitorResult) => void) | undefined;
}

export interface ProbeStats {
  checksTotal: number;
  checksFailed: number;
  scheduled: number;
  inFlight: number;
}

export interface ProbeEngine {
  /** Schedules the stored monitors and follows Monitor changes from then on. */
  start(): Promise<void>;
  /** Stops scheduling, waits for the checks in flight and writes every buffered result. */
  stop(): Promise<void>;
  /** Writes the buffered results now. */
  flush(): Promise<void>;
  stats(): ProbeStats;
}

/** A full buffer is written at once, without waiting for the flush interval. */
export const FLUSH_BATCH_SIZE = 500;
// While the database is unreachable results wait in memory, up to this many; then the oldest go.
const MAX_BUFFERED_RESULTS = 50_000;

interface ScheduledMonitor {
  identity: MonitorIdentity;
  spec: MonitorSpec;
  /** Checks in flight, aborted when the monitor is deleted. */
  checks: Set<AbortController>;
}

export function createProbeEngine(options: ProbeEngineOptions): ProbeEngine {
  const { store, events, clock, logger } = options;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const monitors = new Map<number, ScheduledMonitor>();
  const counters = { checksTotal: 0, checksFailed: 0 };
  const scheduler = createScheduler({
    clock,
    concurrency: options.concurrency ?? 64,
    onError: (id, error) => logger.error({ err: error, monitorId: id }, "check run failed unexpectedly"),
    onSkip: (id) =>
      logger.debug(
        { monitor: monitors.get(Number(id))?.identity.name },
        "check still running at its next slot; slot skipped",
      ),
  });
  let buffer: MonitorResult[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let queuedFlush: Promise<void> | undefined;
  let cancelFlushTimer: CancelTimer | undefined;
  let unsubscribe: (() => void) | undefined;
  let phase: "idle" | "running" | "stopped" = "idle";
  let stopping: Promise<void> | undefined;

  function schedule(object: StoredObject): void {
    const parsed = monitorSpec.safeParse(object.spec);
    if (!parsed.success) {
      logger.warn(
        { monitor: object.metadata.name, issues: parsed.error.issues.map((issue) => issue.message) },
        "monitor spec is not valid; not scheduled",
      );
      unschedule(object.id);
      return;
    }
    const spec = parsed.data;
    const identity = { id: object.id, name: object.metadata.name, type: spec.type };
    const monitor = monitors.get(object.id);
    if (monitor) Object.assign(monitor, { identity, spec });
    else monitors.set(object.id, { identity, spec, checks: new Set() });
    scheduler.update(object.id, parseDuration(spec.interval) as number, (dueAt) => runCheck(object.id, dueAt));
  }

  function unschedule(id: number): void {
    scheduler.remove(id);
    const monitor = monitors.get(id);
    if (!monitor) return;
    monitors.delete(id);
    for (const check of monitor.checks) check.abort();
    buffer = buffer.filter((result) => result.monitorId !== id);
  }

  function applyChange(change: ObjectChange): void {
    if (phase !== "running") return;
    if (change.type === "deleted") unschedule(change.object.id);
    else schedule(change.object);
  }

  async function runCheck(id: number, dueAt: number): Promise<void> {
    const monitor = monitors.get(id);
    if (!monitor) return;
    const controller = new AbortController();
    monitor.checks.add(controller);
    const startedAt = clock.now();
    options.onCheckStart?.(monitor.identity, startedAt - dueAt);
    let outcome: CheckOutcome;
    try {
      const check = findCheck(monitor.spec);
      if (!check) throw new Error(`no check for type "${monitor.spec.type}"`);
      outcome = await check.run(monitor.spec, { signal: controller.signal, now: () => clock.now() });
    } catch (error) {
      logger.error({ err: error, monitor: monitor.identity.name }, "check threw instead of reporting down");
      outcome = {
        status: "down",
        durationMs: clock.now() - startedAt,
        error: `check failed: ${(error as Error).message}`,
      };
    } finally {
      monitor.checks.delete(controller);
    }
    // A monitor deleted while its check ran has nowhere to keep the result.
    if (controller.signal.aborted || monitors.get(id) !== monitor) return;
    record(monitor, {
      monitorId: id,
      startedAt,
      status: outcome.status,
      durationMs: outcome.durationMs,
      statusCode: outcome.statusCode ?? null,
      error: outcome.error ?? null,
      timings: outcome.timings ?? null,
    });
  }

  function record(monitor: ScheduledMonitor, result: MonitorResult): void {
    counters.checksTotal++;
    if (result.status === "down") counters.checksFailed++;
    buffer.push(result);
    try {
      options.onResult?.(monitor.identity, result);
    } catch (error) {
      logger.warn({ err: error }, "onResult observer threw");
    }
    if (buffer.length >= FLUSH_BATCH_SIZE) void flush();
  }

  /** Writes run one after another; calls while one waits to start share it. */
  function flush(): Promise<void> {
    if (queuedFlush) return queuedFlush;
    const next = flushing.then(() => {
      queuedFlush = undefined;
      return writeBuffer();
    });
    queuedFlush = next;
    flushing = next;
    return next;
  }

  async function writeBuffer(): Promise<void> {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    try {
      const { dropped } = await recordResults(store.db, batch);
      if (dropped > 0) logger.debug({ dropped }, "dropped results of deleted monitors");
    } catch (error) {
      buffer = batch.filter((result) => monitors.has(result.monitorId)).concat(buffer);
      const excess = buffer.length - MAX_BUFFERED_RESULTS;
      if (excess > 0) buffer.splice(0, excess);
      logger.error(
        { err: error, buffered: buffer.length, lost: Math.max(0, excess) },
        "writing check results failed; retrying at the next flush",
      );
    }
  }

  function armFlushTimer(): void {
    cancelFlushTimer = clock.setTimer(() => {
      void flush();
      armFlushTimer();
    }, flushIntervalMs);
  }

  async function shutDown(): Promise<void> {
    phase = "stopped";
    unsubscribe?.();
    cancelFlushTimer?.();
    await scheduler.stop();
    await flush();
    logger.info({ checks: counters.checksTotal }, "probe engine stopped");
  }

  return {
    async start() {
      if (phase !== "idle") throw new Error("the probe engine can only be started once");
      phase = "running";
      // Changes that arrive while the stored monitors load are applied after them, in order.
      let early: ObjectChange[] | undefined = [];
      unsubscribe = events.on("Monitor", (change) => (early ? void early.push(change) : applyChange(change)));
      const objects = await listObjects(store.db, ["Monitor"]);
      if (phase !== "running") return;
      for (const object of objects) schedule(object);
      for (const change of early) applyChange(change);
      early = undefined;
      armFlushTimer();
      logger.info({ monitors: monitors.size }, "probe engine started");
    },
    stop() {
      if (phase === "idle") phase = "stopped";
      stopping ??= phase === "stopped" ? Promise.resolve() : shutDown();
      return stopping;
    },
    flush,
    stats() {
      const { scheduled, running } = scheduler.stats();
      return { ...counters, scheduled, inFlight: running };
    },
  };
}
