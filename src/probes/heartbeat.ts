import { parseDuration } from "../core/duration.js";
import { findNextOccurrence } from "./cron.js";
import type { MonitorStatus } from "./state.js";

/** The part of a heartbeat spec that decides when pings are due. */
export interface HeartbeatTiming {
  /** A duration (`5m`) or a cron expression (`0 3 * * *`). */
  period: string;
  grace: string;
  timeZone?: string | undefined;
}

export const HEARTBEAT_PATH = "/api/v1/heartbeat/";

/** The path the jobs of a pushed monitor ping; null for a pulled one. */
export function toHeartbeatUrl(pushed: boolean, token: string | null): string | null {
  return pushed && token ? `${HEARTBEAT_PATH}${token}` : null;
}

export interface HeartbeatDeadline {
  /** When the ping was due. */
  expectedAt: number;
  /** When its absence counts as a failure: `expectedAt` plus the grace. */
  deadline: number;
}

/**
 * The first ping due after `anchor` (the last ping, or the last due time already judged) whose
 * deadline is still after `now`. Due times whose deadline passed while nobody watched (the server
 * was down, so the job's pings had nowhere to go) are skipped rather than counted as missed.
 */
export function planHeartbeatDeadline(
  timing: HeartbeatTiming,
  anchor: number,
  now: number,
): HeartbeatDeadline | undefined {
  const graceMs = parseDuration(timing.grace) ?? 0;
  const periodMs = parseDuration(timing.period);
  let expectedAt: number | undefined;
  if (periodMs !== undefined) {
    const periods = Math.max(1, Math.floor((now - graceMs - anchor) / periodMs) + 1);
    expectedAt = anchor + periods * periodMs;
  } else {
    expectedAt = findNextOccurrence(timing.period, timing.timeZone ?? "UTC", Math.max(anchor, now - graceMs));
  }
  return expectedAt === undefined ? undefined : { expectedAt, deadline: expectedAt + graceMs };
}

/**
 * Where watching starts: the last ping, or when the monitor was created; a monitor that is pending
 * (new or just resumed) counts from then, and one being resumed from a pause counts from `now`.
 */
export function findHeartbeatAnchor(
  status: Pick<MonitorStatus, "state" | "since" | "lastPingAt"> | undefined,
  createdAt: number,
  now: number,
): number {
  const anchor = status?.lastPingAt ?? createdAt;
  if (status?.state === "paused") return Math.max(anchor, now);
  if (status?.state === "pending") return Math.max(anchor, status.since);
  return anchor;
}

/** The reason of a missed ping: `no ping since 2026-11-26 12:00:00Z (expected every 5m, grace 1m)`. */
export function describeMissedPing(timing: HeartbeatTiming, lastPingAt: number | null): string {
  const expected =
    parseDuration(timing.period) === undefined
      ? `expected at "${timing.period}" ${timing.timeZone ?? "UTC"}`
      : `expected every ${timing.period}`;
  const since = lastPingAt === null ? "no ping yet" : `no ping since ${formatInstant(lastPingAt)}`;
  return `${since} (${expected}, grace ${timing.grace})`;
}

const formatInstant = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
