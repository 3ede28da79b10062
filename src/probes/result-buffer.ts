import type { Logger } from "pino";
import type { Store } from "../store/database.js";
import { type MonitorModeChange, type MonitorResult, type RecordedStateChange, recordResults } from "./state-store.js";

/** A full buffer is written at once, without waiting for the flush interval. */
export const FLUSH_BATCH_SIZE = 500;
// While the database is unreachable results wait in memory, up to this many; then the oldest go.
const MAX_BUFFERED_RESULTS = 50_000;

export interface ResultBufferOptions {
  store: Store;
  logger: Logger;
  /** Whether a monitor still exists; when a write is retried, the input of others is dropped. */
  isKnown: (monitorId: number) => boolean;
  /** Each state change of a written batch, once its transaction committed. */
  onChange: (change: RecordedStateChange) => void;
}

/** Results and mode changes waiting to be written in one batch. */
export interface ResultBuffer {
  addResult(result: MonitorResult): void;
  addModeChange(change: MonitorModeChange): void;
  /** Drops what waits for a deleted monitor. */
  discard(monitorId: number): void;
  /** Writes what waits now; writes run one after another, and calls while one waits share it. */
  flush(): Promise<void>;
}

export function createResultBuffer(options: ResultBufferOptions): ResultBuffer {
  const { store, logger } = options;
  let results: MonitorResult[] = [];
  let modeChanges: MonitorModeChange[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let queuedFlush: Promise<void> | undefined;

  function flush(): Promise<void> {
    if (queuedFlush) return queuedFlush;
    const next = flushing.then(() => {
      queuedFlush = undefined;
      return write();
    });
    queuedFlush = next;
    flushing = next;
    return next;
  }

  async function write(): Promise<void> {
    if (results.length === 0 && modeChanges.length === 0) return;
    const batch = { results, modeChanges };
    results = [];
    modeChanges = [];
    let outcome: Awaited<ReturnType<typeof recordResults>>;
    try {
      outcome = await recordResults(store.db, batch.results, batch.modeChanges);
    } catch (error) {
      results = batch.results.filter((result) => options.isKnown(result.monitorId)).concat(results);
      modeChanges = batch.modeChanges.filter((change) => options.isKnown(change.monitorId)).concat(modeChanges);
      const excess = results.length - MAX_BUFFERED_RESULTS;
      if (excess > 0) results.splice(0, excess);
      logger.error(
        { err: error, buffered: results.length, lost: Math.max(0, excess) },
        "writing check results failed; retrying at the next flush",
      );
      return;
    }
    if (outcome.dropped > 0) logger.debug({ dropped: outcome.dropped }, "dropped results of deleted monitors");
    for (const change of outcome.changes) {
      try {
        options.onChange(change);
      } catch (error) {
        logger.warn({ err: error, monitor: change.monitor.name }, "state change observer threw");
      }
    }
  }

  return {
    addResult(result) {
      results.push(result);
      if (results.length >= FLUSH_BATCH_SIZE) void flush();
    },
    addModeChange(change) {
      modeChanges.push(change);
    },
    discard(monitorId) {
      results = results.filter((result) => result.monitorId !== monitorId);
      modeChanges = modeChanges.filter((change) => change.monitorId !== monitorId);
    },
    flush,
  };
}
