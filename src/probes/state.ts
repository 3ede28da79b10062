import type { CheckStatus, MonitorState } from "./model.js";
import type { StateThresholds } from "./specs/common.js";
import type { MonitorEvent } from "./views.js";

/** The states results decide; `paused` and `maintenance` are laid over them by the engine. */
export type CheckedState = "pending" | CheckStatus;

/** A monitor's current state as kept in `monitor_states`. */
export interface MonitorStatus {
  /** What people see: the checked state, or `paused` / `maintenance` laid over it. */
  state: MonitorState;
  /** When the monitor entered `state` (epoch ms). */
  since: number;
  lastCheckAt: number | null;
  lastError: string | null;
  /** The state the results decide, kept under `paused` and `maintenance` to resume from. */
  checkedState: CheckedState;
  /** Consecutive down results, and consecutive results that were not down. */
  failures: number;
  successes: number;
  /** The last heartbeat ping, so a restarted engine knows the next deadline. */
  lastPingAt: number | null;
}

export { DEFAULT_THRESHOLDS, type StateThresholds } from "./specs/common.js";

export interface ObservedResult {
  startedAt: number;
  status: CheckStatus;
  error?: string | null;
  /** Taken inside a maintenance window: recorded, but it moves no state and no counter. */
  inMaintenance?: boolean | undefined;
  /** A heartbeat ping (rather than a missed deadline). */
  ping?: boolean | undefined;
}

/** What the engine lays over the results: a pause, a maintenance window, or neither. */
export interface ModeChange {
  at: number;
  mode: "active" | "paused" | "maintenance";
  /** The window that opens (mode `maintenance`) or closes (mode `active`), for the event's reason. */
  window?: string | undefined;
}

/** The status after one input, and the event when the visible state changed. */
export interface Transition {
  status: MonitorStatus;
  event?: MonitorEvent;
}

export function createInitialStatus(since: number): MonitorStatus {
  return {
    state: "pending",
    since,
    lastCheckAt: null,
    lastError: null,
    checkedState: "pending",
    failures: 0,
    successes: 0,
    lastPingAt: null,
  };
}

/**
 * The one place that decides up and down. `pending` takes the first result that is not down at once
 * and a failure only after the failure threshold; `up` and `degraded` follow each result at once
 * (degraded still works); `down` needs `failureThreshold` consecutive failures and leaves after
 * `recoveryThreshold` consecutive results that are not down. Results in maintenance change nothing
 * but the facts, so the monitor resumes where it was when the window closes.
 */
export function advanceStatus(
  previous: MonitorStatus,
  result: ObservedResult,
  thresholds: StateThresholds,
): Transition {
  const facts: MonitorStatus = {
    ...previous,
    lastCheckAt: result.startedAt,
    lastError: result.status === "up" ? null : (result.error ?? null),
    lastPingAt: result.ping ? result.startedAt : previous.lastPingAt,
  };
  if (result.inMaintenance) return { status: facts };
  const failed = result.status === "down";
  const failures = failed ? previous.failures + 1 : 0;
  const successes = failed ? 0 : previous.successes + 1;
  const from = previous.checkedState;
  let checkedState: CheckedState = from;
  if (failed) {
    if (failures >= thresholds.failureThreshold) checkedState = "down";
  } else if (from !== "down" || successes >= thresholds.recoveryThreshold) {
    checkedState = result.status;
  }
  const counted: MonitorStatus = { ...facts, checkedState, failures, successes };
  if (isLaidOver(previous.state) || checkedState === previous.state) return { status: counted };
  return moveTo(counted, checkedState, result.startedAt, describeResultChange(from, result, successes));
}

/**
 * Lays a pause or a maintenance window over the checked state, or lifts it. Leaving a pause starts
 * again from `pending`, since what was known before may be long out of date; leaving maintenance
 * returns to the state the results had decided.
 */
export function changeMode(previous: MonitorStatus, change: ModeChange): Transition {
  const resumed = previous.state === "paused" && change.mode !== "paused";
  const base: MonitorStatus = resumed ? { ...previous, checkedState: "pending", failures: 0, successes: 0 } : previous;
  const target: MonitorState = change.mode === "active" ? base.checkedState : change.mode;
  if (target === previous.state) return { status: base };
  return moveTo(base, target, change.at, describeModeChange(previous.state, change));
}

function moveTo(status: MonitorStatus, state: MonitorState, at: number, reason: string): Transition {
  return { status: { ...status, state, since: at }, event: { at, from: status.state, to: state, reason } };
}

const isLaidOver = (state: MonitorState) => state === "paused" || state === "maintenance";

function describeResultChange(from: CheckedState, result: ObservedResult, successes: number): string {
  const error = result.error ?? null;
  if (result.status === "down") return error ?? "check failed";
  if (from === "down") {
    const recovered = `recovered after ${successes} successful check${successes === 1 ? "" : "s"}`;
    return result.status === "degraded" ? `${recovered}, degraded: ${error ?? "no reason given"}` : recovered;
  }
  if (result.status === "degraded") return error ?? "degraded";
  return from === "pending" ? "first check passed" : "no longer degraded";
}

function describeModeChange(from: MonitorState, change: ModeChange): string {
  const window = change.window === undefined ? "" : ` "${change.window}"`;
  if (change.mode === "paused") return "paused";
  if (from === "paused")
    return change.mode === "maintenance" ? `resumed during maintenance window${window}` : "resumed";
  if (change.mode === "maintenance") return `maintenance window${window} started`;
  return `maintenance window${window} ended`;
}
