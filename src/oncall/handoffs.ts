import type { ScheduleSpec } from "./model.js";
import { resolveWholeShifts, type Shift } from "./schedule.js";

const DAY_MS = 86_400_000;
const FIRST_HORIZON_MS = 7 * DAY_MS;
const LAST_HORIZON_MS = 400 * DAY_MS;

export interface OnCallNow {
  /** Whoever is on call at `now`, since when and until when; null when nobody is. */
  current: Shift | null;
  /** The shift after the current one (or the first to come when nobody is on call now). */
  next: Shift | null;
}

/**
 * Who is on call now and who takes over, looking a week ahead first and further (up to 400 days)
 * only when the current or next shift runs past what was looked at.
 */
export function findOnCallNow(spec: ScheduleSpec, now: number): OnCallNow {
  for (let horizon = FIRST_HORIZON_MS; ; horizon *= 4) {
    const end = now + Math.min(horizon, LAST_HORIZON_MS);
    const shifts = resolveWholeShifts(spec, now, end);
    const current = shifts[0] && shifts[0].start <= now ? shifts[0] : null;
    const next = shifts[current ? 1 : 0] ?? null;
    const settled = (!current || current.end < end) && next !== null && next.end < end;
    if (settled || horizon >= LAST_HORIZON_MS) return { current, next };
  }
}
