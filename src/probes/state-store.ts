import type { Kysely, Transaction } from "kysely";
import { chunks } from "../store/batches.js";
import { fromJson, toJson } from "../store/json.js";
import type { Database } from "../store/schema.js";
import { insertEvents, type MonitorEventRow } from "./events-store.js";
import type { CheckStatus, MonitorState, PhaseTimings } from "./model.js";
import { selectMonitors } from "./monitor-objects.js";
import {
  advanceStatus,
  type CheckedState,
  changeMode,
  createInitialStatus,
  DEFAULT_THRESHOLDS,
  type ModeChange,
  type MonitorStatus,
  type StateThresholds,
} from "./state.js";
import type { MonitorEvent } from "./views.js";

/** One check result on its way to the database. */
export interface MonitorResult {
  monitorId: number;
  startedAt: number;
  status: CheckStatus;
  durationMs: number;
  statusCode?: number | null;
  error?: string | null;
  timings?: PhaseTimings | null;
  /** Not stored: read by the Prometheus view (`nines_probe_ssl_earliest_cert_expiry`). */
  certificateExpiresAt?: number | null;
  /** Taken inside a maintenance window: stored and marked, but it moves no state. */
  inMaintenance?: boolean | undefined;
  /** A heartbeat ping, as opposed to a missed deadline. */
  ping?: boolean | undefined;
}

/** A pause or maintenance window laid over a monitor, or lifted, at an instant. */
export interface MonitorModeChange extends ModeChange {
  monitorId: number;
}

/** A state change as the engine reports it once its transaction committed. */
export interface RecordedStateChange {
  monitor: { id: number; name: string; type: string };
  event: MonitorEvent;
}

export interface RecordOutcome {
  recorded: number;
  dropped: number;
  changes: RecordedStateChange[];
}

interface MonitorRecord {
  name: string;
  type: string;
  thresholds: StateThresholds;
  status: MonitorStatus;
  dirty: boolean;
}

/**
 * Writes a batch of results with multi-row inserts and moves each monitor's state along (results
 * and mode changes in time order), with an event per state change, in one transaction. Input for
 * monitors deleted meanwhile is dropped: its rows would break the foreign key and the whole batch.
 */
export async function recordResults(
  db: Kysely<Database>,
  results: readonly MonitorResult[],
  modeChanges: readonly MonitorModeChange[] = [],
): Promise<RecordOutcome> {
  if (results.length === 0 && modeChanges.length === 0) return { recorded: 0, dropped: 0, changes: [] };
  return db.transaction().execute(async (trx) => {
    const ids = new Set([...results, ...modeChanges].map((input) => input.monitorId));
    const monitors = await loadMonitorRecords(trx, [...ids]);
    const kept = results.filter((result) => monitors.has(result.monitorId));
    const inputs = [
      ...modeChanges.map((change) => ({ at: change.at, monitorId: change.monitorId, change })),
      ...kept.map((result) => ({ at: result.startedAt, monitorId: result.monitorId, result })),
    ].sort((a, b) => a.at - b.at);
    const events: MonitorEventRow[] = [];
    const changes: RecordedStateChange[] = [];
    for (const input of inputs) {
      const monitor = monitors.get(input.monitorId);
      if (!monitor) continue;
      const { status, event } =
        "result" in input
          ? advanceStatus(monitor.status, input.result, monitor.thresholds)
          : changeMode(monitor.status, input.change);
      if (status === monitor.status) continue;
      monitor.status = status;
      monitor.dirty = true;
      if (!event) continue;
      events.push({ monitorId: input.monitorId, ...event });
      changes.push({ monitor: { id: input.monitorId, name: monitor.name, type: monitor.type }, event });
    }
    for (const chunk of chunks(kept)) await trx.insertInto("monitor_results").values(chunk.map(toResultRow)).execute();
    const dirty = [...monitors].filter(([, monitor]) => monitor.dirty);
    for (const chunk of chunks(dirty)) await upsertStates(trx, chunk);
    await insertEvents(trx, events);
    return { recorded: kept.length, dropped: results.length - kept.length, changes };
  });
}

/** Each monitor that still exists, with its thresholds and its stored (or initial) status. */
async function loadMonitorRecords(trx: Transaction<Database>, ids: number[]): Promise<Map<number, MonitorRecord>> {
  const monitors = new Map<number, MonitorRecord>();
  for (const chunk of chunks(ids)) {
    const rows = await selectMonitors(trx)
      .leftJoin("monitor_states", "monitor_states.monitor_id", "monitors.id")
      .select(["monitors.id", "monitors.name", "monitors.spec", "monitors.created_at", ...STATE_COLUMNS])
      .where("monitors.id", "in", chunk)
      .execute();
    for (const row of rows) {
      const spec = fromJson<{ type?: string } & Partial<StateThresholds>>(row.spec);
      monitors.set(Number(row.id), {
        name: row.name,
        type: String(spec.type),
        thresholds: {
          failureThreshold: spec.failureThreshold ?? DEFAULT_THRESHOLDS.failureThreshold,
          recoveryThreshold: spec.recoveryThreshold ?? DEFAULT_THRESHOLDS.recoveryThreshold,
        },
        status: toStatus(row) ?? createInitialStatus(Number(row.created_at)),
        dirty: false,
      });
    }
  }
  return monitors;
}

async function upsertStates(trx: Transaction<Database>, monitors: Array<[number, MonitorRecord]>): Promise<void> {
  await trx
    .insertInto("monitor_states")
    .values(
      monitors.map(([monitorId, { status }]) => ({
        monitor_id: monitorId,
        state: status.state,
        since: status.since,
        last_check_at: status.lastCheckAt,
        last_error: status.lastError,
        checked_state: status.checkedState,
        failures: status.failures,
        successes: status.successes,
        last_ping_at: status.lastPingAt,
      })),
    )
    .onConflict((oc) =>
      oc.column("monitor_id").doUpdateSet((eb) => ({
        state: eb.ref("excluded.state"),
        since: eb.ref("excluded.since"),
        last_check_at: eb.ref("excluded.last_check_at"),
        last_error: eb.ref("excluded.last_error"),
        checked_state: eb.ref("excluded.checked_state"),
        failures: eb.ref("excluded.failures"),
        successes: eb.ref("excluded.successes"),
        last_ping_at: eb.ref("excluded.last_ping_at"),
      })),
    )
    .execute();
}

const toResultRow = (result: MonitorResult) => ({
  monitor_id: result.monitorId,
  started_at: result.startedAt,
  status: result.status,
  duration_ms: result.durationMs,
  status_code: result.statusCode ?? null,
  error: result.error ?? null,
  timings: result.timings ? toJson(result.timings) : null,
  in_maintenance: result.inMaintenance ? 1 : 0,
});

/** The `monitor_states` columns a status is read from; left-joined, so each may be null. */
export const STATE_COLUMNS = [
  "monitor_states.state",
  "monitor_states.since",
  "monitor_states.last_check_at",
  "monitor_states.last_error",
  "monitor_states.checked_state",
  "monitor_states.failures",
  "monitor_states.successes",
  "monitor_states.last_ping_at",
  "monitor_states.heartbeat_token",
] as const;

export type StateColumns = {
  state: MonitorState | null;
  since: number | null;
  last_check_at: number | null;
  last_error: string | null;
  checked_state: CheckedState | null;
  failures: number | null;
  successes: number | null;
  last_ping_at: number | null;
  heartbeat_token: string | null;
};

/** The stored status, or undefined for a monitor without a `monitor_states` row. */
export function toStatus(row: StateColumns): MonitorStatus | undefined {
  if (row.state === null || row.since === null) return undefined;
  return {
    state: row.state,
    since: Number(row.since),
    lastCheckAt: row.last_check_at === null ? null : Number(row.last_check_at),
    lastError: row.last_error,
    checkedState: row.checked_state ?? "pending",
    failures: Number(row.failures ?? 0),
    successes: Number(row.successes ?? 0),
    lastPingAt: row.last_ping_at === null ? null : Number(row.last_ping_at),
  };
}
