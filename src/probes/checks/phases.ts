import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { PhaseTimings } from "../model.js";

/** Instants (performance.now) at which each phase of one connection or request ended. */
export interface PhaseMarks {
  start: number;
  lookup?: number;
  connect?: number;
  secureConnect?: number;
  /** The first byte of the response or reply. */
  response?: number;
  end?: number;
}

export function watchSocketPhases(socket: Socket, marks: PhaseMarks): void {
  socket.once("lookup", () => (marks.lookup = performance.now()));
  socket.once("connect", () => (marks.connect = performance.now()));
  socket.once("secureConnect", () => (marks.secureConnect = performance.now()));
}

/** The phases that ended, each in milliseconds; a phase cut short by a failure or timeout is left out. */
export function measurePhases(marks: PhaseMarks): PhaseTimings {
  const timings: PhaseTimings = {};
  const connectFrom = marks.lookup ?? marks.start;
  const requestFrom = marks.secureConnect ?? marks.connect ?? marks.start;
  if (marks.lookup !== undefined) timings.dns = roundMs(marks.lookup - marks.start);
  if (marks.connect !== undefined) timings.connect = roundMs(marks.connect - connectFrom);
  if (marks.secureConnect !== undefined && marks.connect !== undefined)
    timings.tls = roundMs(marks.secureConnect - marks.connect);
  if (marks.response !== undefined) timings.firstByte = roundMs(marks.response - requestFrom);
  if (marks.end !== undefined && marks.response !== undefined) timings.transfer = roundMs(marks.end - marks.response);
  return timings;
}

export const roundMs = (ms: number) => Math.round(ms * 100) / 100;

/** `850 ms`, `1.2 s`: how reasons speak of durations. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}
