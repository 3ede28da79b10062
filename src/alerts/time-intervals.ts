import type { TimeIntervalEntry } from "./model.js";

/**
 * Alertmanager's time intervals: an instant is inside an entry when every field the entry sets
 * holds (times, weekdays, days of the month counting negative from the end, months, years) in the
 * entry's location; inside the interval when inside any entry.
 */
export function isInTimeInterval(entries: readonly TimeIntervalEntry[], at: number): boolean {
  void entries;
  void at;
  throw new Error("not implemented yet");
}

/** Named intervals, for routes and recurring silences: name to a test. An unknown name is never active. */
export type TimeIntervals = (name: string, at: number) => boolean;

export function compileTimeIntervals(
  objects: readonly { name: string; spec: { timeIntervals: readonly TimeIntervalEntry[] } }[],
): TimeIntervals {
  void objects;
  throw new Error("not implemented yet");
}
