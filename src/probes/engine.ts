import type { Logger } from "pino";
import type { ObjectChange, ObjectEvents } from "../config/events.js";
import { listObjects, type StoredObject } from "../config/objects.js";
import type { CancelTimer, Clock } from "../core/clock.js";
import type { Connector } from "../net/connector.js";
import { hasReferences } from "../secrets/references.js";
import type { Store } from "../store/database.js";
import type { Check, CheckOutcome } from "./check.js";
import { findCheck } from "./checks/index.js";
import { findHeartbeatAnchor } from "./heartbeat.js";
import { ensureHeartbeats, findHeartbeatMonitor } from "./heartbeat-store.js";
import { createHeartbeatWatch } from "./heartbeat-watch.js";
import { createModeWatch } from "./mode-watch.js";
import { type CheckSpec, type MonitorSpec, monitorSpec } from "./model.js";
import { createResultBuffer } from "./result-buffer.js";
import { createScheduler } from "./scheduler.js";
import type { MonitorResult } from "./state-store.js";
import { createTimerQueue } from "./timers.js";
import type { MonitorEvent } from "./views.js";

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
  /** How checks connect: the probe policy. Default: the policy's defaults. */
  connector?: Connector | undefined;
  /** Most checks running at once. Default 64. */
  concurrency?: number | undefined;
  /** How often buffered results are written. Default 1000 ms. */
  flushIntervalMs?: number | undefined;
  /** The only directory checks may read files from (`caFile`). */
  filesDir?: string | undefined;
  /** Called as each check starts, with how late it starts against its schedule (ms). */
  onCheckStart?: ((monitor: MonitorIdentity, latenessMs: number) => void) | undefined;
  /** Called for every result as it is buffered; must be quick and must not throw. */
  onResult?: ((monitor: MonitorIdentity, result: MonitorResult) => void) | undefined;
  /**
   * Called for every change of a monitor's state once it is stored (alerting and incidents follow
   * monitors through this); must be quick. The same events are in `monitor_events`.
   */
  onStateChange?: ((monitor: MonitorIdentity, event: MonitorEvent) => void) | undefined;
  /**
   * Turns the secret references of a spec into their values just before its check runs, so the
   * stored spec keeps the references; `error` (a missing secret) makes the result down.
   */
  resolveSpec?: ((spec: MonitorSpec) => Promise<{ value: CheckSpec } | { error: string }>) | undefined;
}

/** A heartbeat ping: `down` when the job reports its own failure (`?status=fail`). */
export interface Ping {
  status: "up" | "down";
  message?: string | undefined;
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
  /** Records a heartbeat ping, written before it resolves; false when no heartbeat monitor has the token. */
  recordPing(token: string, ping?: Ping): Promise<boolean>;
  stats(): ProbeStats;
}

interface ScheduledMonitor {
  identity: MonitorIdentity;
  spec: MonitorSpec;
  check: Check<CheckSpec>;
  /** Whether the spec has references to resolve before each check. */
  hasReferences: boolean;
  /** Checks in flight, aborted when the monitor is deleted. */
  checks: Set<AbortController>;
}

export function createProbeEngine(options: ProbeEngineOptions): ProbeEngine {
  const { store, events, clock, logger } = options;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const resolveSpec =
    options.resolveSpec ??
    (async (): Promise<{ error: string }> => ({ error: "this server resolves no secret references" }));
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
  const timers = createTimerQueue(clock, (key, error) => logger.error({ err: error, timer: key }, "timer failed"));
  const buffer = createResultBuffer({
    store,
    logger,
    isKnown: (id) => monitors.has(id),
    onChange: ({ monitor, event }) => options.onStateChange?.(monitor, event),
  });
  const modes = createModeWatch({ clock, timers, onChange: (change) => buffer.addModeChange(change) });
  const heartbeats = createHeartbeatWatch({
    clock,
    timers,
    onMissed: (id, deadline, reason) =>
      record(monitors.get(id), {
        monitorId: id,
        startedAt: deadline,
        status: "down",
        durationMs: 0,
        error: reason,
        inMaintenance: modes.modeOf(id) === "maintenance",
      }),
  });
  let cancelFlushTimer: CancelTimer | undefined;
  let unsubscribe: (() => void) | undefined;
  let phase: "idle" | "running" | "stopped" = "idle";
  let stopping: Promise<void> | undefined;

  /** Follows a created or changed monitor; true when it is pushed and `watchHeartbeats` must arm it. */
  function schedule(object: StoredObject): boolean {
    const parsed = monitorSpec.safeParse(object.spec);
    if (!parsed.success) {
      logger.warn(
        { monitor: object.metadata.name, issues: parsed.error.issues.map((issue) => issue.message) },
        "monitor spec is not valid; not scheduled",
      );
      unschedule(object.id);
      return false;
    }
    const spec = parsed.data;
    // Scheduling fields (interval, period, grace) never hold secret references: the stored spec serves.
    const scheduled = spec as CheckSpec;
    const check = findCheck<CheckSpec>(spec);
    const id = object.id;
    if (!check) {
      logger.warn({ monitor: object.metadata.name, type: spec.type }, "no check for this type; not scheduled");
      unschedule(id);
      return false;
    }
    const identity = { id, name: object.metadata.name, type: spec.type };
    const monitor = monitors.get(id);
    const references = hasReferences(spec);
    if (monitor) Object.assign(monitor, { identity, spec, check, hasReferences: references });
    else monitors.set(id, { identity, spec, check, hasReferences: references, checks: new Set() });
    modes.follow(id, spec);
    // A pushed check has nothing to run on a schedule, only deadlines to watch.
    if (spec.paused || check.schedule === "pushed") scheduler.remove(id);
    else scheduler.update(id, check.intervalMs(scheduled), (dueAt) => runCheck(id, dueAt));
    if (spec.paused || check.schedule === "pulled") heartbeats.forget(id);
    else if (heartbeats.isWatched(id)) heartbeats.watch(id, check.timing(scheduled));
    else return true;
    return false;
  }

  function unschedule(id: number): void {
    scheduler.remove(id);
    heartbeats.forget(id);
    modes.forget(id);
    const monitor = monitors.get(id);
    if (!monitor) return;
    monitors.delete(id);
    for (const check of monitor.checks) check.abort();
    buffer.discard(id);
  }

  /** Gives new heartbeat monitors their token and arms their deadlines from what is stored. */
  async function watchHeartbeats(ids: number[]): Promise<void> {
    const stored = await ensureHeartbeats(store.db, ids, clock.now());
    const now = clock.now();
    for (const id of ids) {
      const monitor = monitors.get(id);
      const found = stored.get(id);
      if (phase !== "running" || !found || monitor?.check.schedule !== "pushed" || monitor.spec.paused) continue;
      const anchor = findHeartbeatAnchor(found.status, found.createdAt, now);
      heartbeats.watch(id, monitor.check.timing(monitor.spec as CheckSpec), {
        anchor,
        lastPingAt: found.status.lastPingAt,
      });
    }
  }

  function applyChange(change: ObjectChange): Promise<void> | undefined {
    if (phase !== "running") return undefined;
    if (change.type === "deleted") return void unschedule(change.object.id);
    if (!schedule(change.object)) return undefined;
    // Awaited by `apply`, so the push URL exists by the time the monitor is reported created.
    return watchHeartbeats([change.object.id]).catch((error) =>
      logger.error({ err: error, monitor: change.object.metadata.name }, "watching the heartbeat failed"),
    );
  }

  async function runCheck(id: number, dueAt: number): Promise<void> {
    const monitor = monitors.get(id);
    if (!monitor) return;
    const controller = new AbortController();
    monitor.checks.add(controller);
    const startedAt = clock.now();
    const inMaintenance = modes.modeOf(id) === "maintenance";
    options.onCheckStart?.(monitor.identity, startedAt - dueAt);
    let outcome: CheckOutcome;
    try {
      const resolved = monitor.hasReferences ? await resolveSpec(monitor.spec) : { value: monitor.spec as CheckSpec };
      outcome =
        "error" in resolved
          ? { status: "down", durationMs: clock.now() - startedAt, error: resolved.error }
          : await monitor.check.run(resolved.value, {
              signal: controller.signal,
              now: () => clock.now(),
              connector: options.connector,
              filesDir: options.filesDir,
            });
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
      certificateExpiresAt: outcome.certificateExpiresAt ?? null,
      inMaintenance,
    });
  }

  /** Buffers a result; `monitor` is undefined for a ping of a monitor this engine does not follow. */
  function record(monitor: ScheduledMonitor | undefined, result: MonitorResult): void {
    counters.checksTotal++;
    if (result.status === "down") counters.checksFailed++;
    buffer.addResult(result);
    if (!monitor) return;
    try {
      options.onResult?.(monitor.identity, result);
    } catch (error) {
      logger.warn({ err: error }, "onResult observer threw");
    }
  }

  async function recordPing(token: string, ping: Ping = { status: "up" }): Promise<boolean> {
    const found = await findHeartbeatMonitor(store.db, token);
    if (!found) return false;
    const at = clock.now();
    const monitor = monitors.get(found.id);
    heartbeats.ping(found.id, at);
    record(monitor, {
      monitorId: found.id,
      startedAt: at,
      status: ping.status,
      durationMs: 0,
      error: ping.status === "up" ? null : (ping.message ?? "the job reported a failure"),
      inMaintenance: modes.modeOf(found.id) === "maintenance",
      ping: true,
    });
    await buffer.flush();
    return true;
  }

  function armFlushTimer(): void {
    cancelFlushTimer = clock.setTimer(() => {
      void buffer.flush();
      armFlushTimer();
    }, flushIntervalMs);
  }

  async function shutDown(): Promise<void> {
    phase = "stopped";
    unsubscribe?.();
    cancelFlushTimer?.();
    timers.stop();
    await scheduler.stop();
    await buffer.flush();
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
      // Tokens and deadlines of all heartbeat monitors at once: a query per chunk, not per monitor.
      await watchHeartbeats(objects.filter(schedule).map((object) => object.id));
      for (const change of early) await applyChange(change);
      early = undefined;
      armFlushTimer();
      logger.info({ monitors: monitors.size }, "probe engine started");
    },
    stop() {
      if (phase === "idle") phase = "stopped";
      stopping ??= phase === "stopped" ? Promise.resolve() : shutDown();
      return stopping;
    },
    flush: () => buffer.flush(),
    recordPing,
    stats() {
      const { scheduled, running } = scheduler.stats();
      return { ...counters, scheduled, inFlight: running };
    },
  };
}
