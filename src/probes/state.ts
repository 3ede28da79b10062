import type { MonitorState } from "../client/types.js";
import type { CheckStatus } from "./check.js";

/** A monitor's current state as kept in `monitor_states`. */
export interface MonitorStatus {
  state: MonitorState;
  /** When the monitor entered `state` (epoch ms). */
  since: number;
  lastCheckAt: number | null;
  lastError: string | null;
}

export interface ObservedResult {
  startedAt: number;
  status: CheckStatus;
  error?: string | null;
}

/**
 * The state after one more result: the one place that decides up and down. Today a result's status
 * is the state; consecutive-failure thresholds, degraded, paused and maintenance belong here, with
 * whatever counters they need added to `MonitorStatus`.
 */
export function advanceStatus(previous: MonitorStatus | undefined, result: ObservedResult): MonitorStatus {
  const state = result.status;
  return {
    state,
    since: previous?.state === state ? previous.since : result.startedAt,
    lastCheckAt: result.startedAt,
    lastError: result.status === "down" ? (result.error ?? null) : null,
  };
}
