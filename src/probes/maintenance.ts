import { parseDuration } from "../core/duration.js";
import { findLastOccurrence, findNextOccurrence } from "./cron.js";
import type { MaintenanceWindow } from "./specs/common.js";

export type { MaintenanceWindow };

/** One opening of a window: [start, end) in epoch ms. */
export interface ActiveWindow {
  name: string;
  start: number;
  end: number;
}

/**
 * The window open at `at`, if any. When several overlap, the one that stays open longest, so the
 * monitor leaves maintenance when that one closes.
 */
export function findActiveWindow(windows: readonly MaintenanceWindow[], at: number): ActiveWindow | undefined {
  let found: ActiveWindow | undefined;
  for (const window of windows) {
    const opening = findOpening(window, at);
    if (opening && opening.start <= at && at < opening.end && (!found || opening.end > found.end)) found = opening;
  }
  return found;
}

/**
 * The first instant after `at` when a window opens or the open one closes: when the engine looks
 * again. Undefined when nothing will change any more.
 */
export function findNextWindowChange(windows: readonly MaintenanceWindow[], at: number): number | undefined {
  let next: number | undefined;
  const consider = (instant: number | undefined) => {
    if (instant !== undefined && instant > at && (next === undefined || instant < next)) next = instant;
  };
  for (const window of windows) {
    if ("start" in window) {
      consider(Date.parse(window.start));
      consider(Date.parse(window.end));
    } else {
      consider(findOpening(window, at)?.end);
      consider(findNextOccurrence(window.schedule, window.timeZone, at));
    }
  }
  return next;
}

/** How events and the UI name a window: its name, or its times. */
export function describeWindow(window: MaintenanceWindow): string {
  if (window.name) return window.name;
  if ("start" in window) return `${window.start} to ${window.end}`;
  return `${window.schedule} (${window.timeZone}) for ${window.duration}`;
}

/** The latest opening of the window that started at or before `at` (it may have closed already). */
function findOpening(window: MaintenanceWindow, at: number): ActiveWindow | undefined {
  const name = describeWindow(window);
  if ("start" in window) return { name, start: Date.parse(window.start), end: Date.parse(window.end) };
  const start = findLastOccurrence(window.schedule, window.timeZone, at);
  if (start === undefined) return undefined;
  return { name, start, end: start + (parseDuration(window.duration) ?? 0) };
}
