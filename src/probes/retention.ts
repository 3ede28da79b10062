import type { Logger } from "pino";
import type { CancelTimer, Clock } from "../core/clock.js";
import type { Store } from "../store/database.js";
import {
  deleteRawResults,
  deleteRollups,
  findOldestResultAt,
  HOUR_MS,
  listMonitorLoads,
  readRollupWatermark,
  rollUpHour,
  writeRollupWatermark,
} from "./rollup-store.js";

export const DEFAULT_RAW_RETENTION_MS = 7 * 86_400_000;
export const DEFAULT_ROLLUP_RETENTION_MS = 400 * 86_400_000;
/**
 * An hour is rolled up only this long after it ends: a check may run for up to its 5-minute
 * timeout, and results reach the database in batches after that.
 */
export const ROLLUP_DELAY_MS = 10 * 60_000;
const RUN_INTERVAL_MS = 10 * 60_000;
/** Raw results one rollup query reads at most, estimated from the monitors' intervals. */
const RESULTS_PER_QUERY = 2_500;
const MONITORS_PER_QUERY = 500;
const RESULTS_PER_DELETE = 2_000;

export interface RetentionJobOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** How long raw results are kept; only hours already rolled up are deleted. Default 7 days. */
  rawRetentionMs?: number | undefined;
  /** How long hourly rollups are kept. Default 400 days. */
  rollupRetentionMs?: number | undefined;
}

export interface RetentionRun {
  hoursRolledUp: number;
  rollupsWritten: number;
  rawDeleted: number;
  rollupsDeleted: number;
}

export interface RetentionJob {
  /** Runs now, then every 10 minutes of the clock. */
  start(): void;
  /** Cancels the next run and waits for one in progress, which ends at its next batch. */
  stop(): Promise<void>;
  /** One run: rolls up the complete hours not yet rolled up, then deletes what is past retention. */
  runOnce(): Promise<RetentionRun>;
}

/**
 * Keeps storage bounded: raw results become hourly rollups, and both are deleted when past their
 * retention. Work is done in batches, yielding to the event loop between them.
 */
export function createRetentionJob(options: RetentionJobOptions): RetentionJob {
  const { store, clock, logger } = options;
  const db = store.db;
  const rawRetentionMs = options.rawRetentionMs ?? DEFAULT_RAW_RETENTION_MS;
  const rollupRetentionMs = options.rollupRetentionMs ?? DEFAULT_ROLLUP_RETENTION_MS;
  let stopped = true;
  let cancelTimer: CancelTimer | undefined;
  let running: Promise<RetentionRun> | undefined;

  /** `byTimer`: a run of the timer ends early on `stop()`; one asked for with `runOnce` goes to its end. */
  async function run(byTimer: boolean): Promise<RetentionRun> {
    const now = clock.now();
    const outcome: RetentionRun = { hoursRolledUp: 0, rollupsWritten: 0, rawDeleted: 0, rollupsDeleted: 0 };
    const loads = await listMonitorLoads(db);
    const completeUntil = floorHour(now - ROLLUP_DELAY_MS);
    const rollupCutoff = now - rollupRetentionMs;
    const stored = await readRollupWatermark(db);
    // Hours that the rollup retention would delete at once are not worth rolling up.
    let watermark = Math.max(
      stored ?? floorHour((await findOldestResultAt(db)) ?? completeUntil),
      floorHour(rollupCutoff),
    );
    if (watermark !== stored) await writeRollupWatermark(db, watermark);
    const rollupBatches = batchMonitors(loads, RESULTS_PER_QUERY);
    for (let hour = watermark; hour < completeUntil; hour += HOUR_MS) {
      for (const batch of rollupBatches) {
        if (byTimer && stopped) return outcome;
        outcome.rollupsWritten += await rollUpHour(db, hour, batch);
        await yieldToEventLoop();
      }
      watermark = hour + HOUR_MS;
      await writeRollupWatermark(db, watermark);
      outcome.hoursRolledUp++;
    }

    const rawCutoff = Math.min(now - rawRetentionMs, watermark);
    for (const batch of batchMonitors(loads, Number.POSITIVE_INFINITY)) {
      for (;;) {
        if (byTimer && stopped) return outcome;
        const deleted = await deleteRawResults(db, batch, rawCutoff, RESULTS_PER_DELETE);
        outcome.rawDeleted += deleted;
        await yieldToEventLoop();
        if (deleted < RESULTS_PER_DELETE) break;
      }
      outcome.rollupsDeleted += await deleteRollups(db, batch, rollupCutoff);
    }
    return outcome;
  }

  function runExclusively(byTimer: boolean): Promise<RetentionRun> {
    if (running) return running;
    const started = clock.now();
    running = run(byTimer)
      .then((outcome) => {
        const changed = outcome.hoursRolledUp + outcome.rawDeleted + outcome.rollupsDeleted > 0;
        if (changed) logger.info({ ...outcome, ms: clock.now() - started }, "retention run done");
        return outcome;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  function schedule(delayMs: number) {
    cancelTimer = clock.setTimer(() => {
      cancelTimer = undefined;
      runExclusively(true)
        .catch((error: unknown) => logger.error({ err: error }, "retention run failed; retrying at the next run"))
        .finally(() => {
          if (!stopped) schedule(RUN_INTERVAL_MS);
        });
    }, delayMs);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      cancelTimer?.();
      cancelTimer = undefined;
      await running?.catch(() => undefined);
    },
    runOnce: () => runExclusively(false),
  };
}

/** Monitor ids in batches whose hourly results add up to at most `maxResults` (one monitor at least). */
function batchMonitors(loads: Array<{ id: number; resultsPerHour: number }>, maxResults: number): number[][] {
  const batches: number[][] = [];
  let batch: number[] = [];
  let results = 0;
  for (const load of loads) {
    if (batch.length > 0 && (results + load.resultsPerHour > maxResults || batch.length >= MONITORS_PER_QUERY)) {
      batches.push(batch);
      batch = [];
      results = 0;
    }
    batch.push(load.id);
    results += load.resultsPerHour;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

export const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

// better-sqlite3 answers synchronously: without a macrotask between batches, a run would hold the
// event loop for its whole length.
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
