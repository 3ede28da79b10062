import type { Sums } from "./budget.js";

/**
 * The running sums of one series (decision 0005). Windows up to `RING_MINUTES` are exact to the
 * minute from a ring of recent minutes; longer ones are whole stored hours plus the ring's minutes
 * of the current hour, so their old edge moves an hour at a time (a 30-day window covers 30 days
 * and up to 59 minutes). Calendar windows sum from their period's start. Pure: the engine feeds
 * the hours that leave a long window from the database.
 */

export const RING_MINUTES = 366;
/** Minutes ahead of now a count may carry (clock skew between Nines and a sender). */
export const AHEAD_MINUTES = 5;

export interface WindowDef {
  /** Rolling length in minutes; for calendar windows, 0. */
  minutes: number;
  calendar: boolean;
}

/** The first minute a window covers when the newest minute is `now`. */
export function windowStartMinute(def: WindowDef, now: number, periodStart: number): number {
  if (def.calendar) return periodStart;
  const start = now - def.minutes + 1;
  return def.minutes <= RING_MINUTES - AHEAD_MINUTES ? start : Math.floor(start / 60) * 60;
}

export class SeriesState {
  /** good, total per ring slot; `stamps` says which minute a slot holds (-1: none). */
  private readonly ring = new Float64Array(RING_MINUTES * 2);
  private readonly stamps = new Int32Array(RING_MINUTES).fill(-1);
  readonly sums: Float64Array;
  /** Newest minute with any data, or -1. */
  lastDataMinute = -1;

  constructor(
    readonly windows: readonly WindowDef[],
    public now: number,
    public periodStart: number,
  ) {
    this.sums = new Float64Array(windows.length * 2);
  }

  minuteAt(minute: number): Sums | undefined {
    // A slot keeps its last minute's stamp until reused: outside the ring's span it says nothing.
    if (minute <= this.now - RING_MINUTES || minute > this.now + AHEAD_MINUTES) return undefined;
    const slot = minute % RING_MINUTES;
    if (this.stamps[slot] !== minute) return undefined;
    return { good: this.ring[slot * 2] as number, total: this.ring[slot * 2 + 1] as number };
  }

  /** Whether a minute can still be held in the ring. */
  inRing(minute: number): boolean {
    return minute > this.now - (RING_MINUTES - AHEAD_MINUTES) && minute <= this.now + AHEAD_MINUTES;
  }

  /** Adds counts to a minute; returns false when the minute is too far ahead to take. */
  add(minute: number, good: number, total: number): boolean {
    if (minute > this.now + AHEAD_MINUTES) return false;
    if (this.inRing(minute)) {
      const slot = minute % RING_MINUTES;
      if (this.stamps[slot] !== minute) {
        this.stamps[slot] = minute;
        this.ring[slot * 2] = 0;
        this.ring[slot * 2 + 1] = 0;
      }
      this.ring[slot * 2] = (this.ring[slot * 2] as number) + good;
      this.ring[slot * 2 + 1] = (this.ring[slot * 2 + 1] as number) + total;
    }
    if (total > 0 && minute > this.lastDataMinute && minute <= this.now) this.lastDataMinute = minute;
    if (minute > this.now) return true;
    this.windows.forEach((def, index) => {
      if (minute >= windowStartMinute(def, this.now, this.periodStart)) {
        this.sums[index * 2] = (this.sums[index * 2] as number) + good;
        this.sums[index * 2 + 1] = (this.sums[index * 2 + 1] as number) + total;
      }
    });
    return true;
  }

  /**
   * Moves the newest minute forward: minutes already held ahead enter every window, minutes
   * leave the short windows from the ring; `leavingHours(from, to)` gives the stored sums of the
   * whole hours [from, to) that leave a long window. A new calendar period starts from zero.
   */
  advance(to: number, periodStart: number, leavingHours: (fromHour: number, toHour: number) => Sums): void {
    const from = this.now;
    if (to <= from) return;
    this.windows.forEach((def, index) => {
      let good = this.sums[index * 2] as number;
      let total = this.sums[index * 2 + 1] as number;
      const oldStart = windowStartMinute(def, from, this.periodStart);
      const newStart = windowStartMinute(def, to, periodStart);
      if (def.calendar && periodStart !== this.periodStart) {
        good = 0;
        total = 0;
        for (let minute = Math.max(periodStart, to - RING_MINUTES + AHEAD_MINUTES + 1); minute <= to; minute++) {
          const held = this.minuteAt(minute);
          if (held) {
            good += held.good;
            total += held.total;
          }
        }
      } else {
        for (let minute = from + 1; minute <= to; minute++) {
          const held = this.minuteAt(minute);
          if (held) {
            good += held.good;
            total += held.total;
          }
        }
        if (!def.calendar && def.minutes <= RING_MINUTES - AHEAD_MINUTES) {
          for (let minute = oldStart; minute < Math.min(newStart, from + 1); minute++) {
            const held = this.minuteAt(minute);
            if (held) {
              good -= held.good;
              total -= held.total;
            }
          }
        } else if (!def.calendar && newStart > oldStart) {
          const leaving = leavingHours(oldStart / 60, newStart / 60);
          good -= leaving.good;
          total -= leaving.total;
        }
      }
      // Floating-point sums drift by ulps when numbers leave; a window can't hold less than nothing.
      this.sums[index * 2] = Math.max(0, good);
      this.sums[index * 2 + 1] = Math.max(0, total);
    });
    this.now = to;
    this.periodStart = periodStart;
  }

  sumsOf(index: number): Sums {
    return { good: this.sums[index * 2] as number, total: this.sums[index * 2 + 1] as number };
  }

  /** Sets a window's sums outright (a rebuild from stored hours and minutes). */
  setSums(index: number, sums: Sums): void {
    this.sums[index * 2] = sums.good;
    this.sums[index * 2 + 1] = sums.total;
  }

  /** Sums of the ring's minutes in [from, to]. */
  ringSum(from: number, to: number): Sums {
    let good = 0;
    let total = 0;
    for (let minute = Math.max(from, to - RING_MINUTES + 1); minute <= to; minute++) {
      const held = this.minuteAt(minute);
      if (held) {
        good += held.good;
        total += held.total;
      }
    }
    return { good, total };
  }
}
