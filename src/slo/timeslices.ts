import { addSums, type Sums } from "./budget.js";
import { fixedMinutes } from "./windows.js";

/**
 * Timeslice budgeting turns per-minute counts into one unit per closed slice of `timeSliceWindow`:
 * with Timeslices a slice is good (1) when its ratio reaches `timeSliceTarget`, with
 * RatioTimeslices it counts its ratio as good. A slice without data is no slice at all, so a quiet
 * hour neither spends nor earns budget. After that, windows and budgets are the same arithmetic.
 */

export type SliceMethod = "Timeslices" | "RatioTimeslices";

/** The index of the slice holding `minute`; slices start at `anchorMinute` (epoch minutes). */
export function sliceOf(minute: number, sliceMinutes: number, anchorMinute = 0): number {
  return Math.floor((minute - anchorMinute) / sliceMinutes);
}

/** The epoch minute of the last minute of slice `index`. */
export function lastMinuteOf(index: number, sliceMinutes: number, anchorMinute = 0): number {
  return anchorMinute + (index + 1) * sliceMinutes - 1;
}

export function sliceOutcome(method: SliceMethod, slice: Sums, timeSliceTarget?: number): Sums | undefined {
  if (slice.total <= 0) return undefined;
  const ratio = slice.good / slice.total;
  if (method === "RatioTimeslices") return { good: ratio, total: 1 };
  // The schema requires timeSliceTarget with Timeslices; without it only a perfect slice is good.
  return { good: ratio >= (timeSliceTarget ?? 1) ? 1 : 0, total: 1 };
}

/**
 * OpenSLO's timeSliceWindow in minutes: a number is minutes, a string a shorthand such as "5m".
 * Counts are per minute, so only whole minutes can be sliced; anything else is `undefined`.
 */
export function timeSliceMinutes(value: number | string): number | undefined {
  const minutes = typeof value === "number" ? value : fixedMinutes(value);
  return minutes !== undefined && Number.isInteger(minutes) && minutes > 0 ? minutes : undefined;
}

export interface SliceEvent {
  /** The slice's last epoch minute. */
  minute: number;
  outcome: Sums;
  /** Set on a correction: what the slice counted before late minutes arrived (absent: it had no data). */
  previous?: Sums;
}

export interface SliceAccumulatorOptions {
  method: SliceMethod;
  sliceMinutes: number;
  timeSliceTarget?: number;
  anchorMinute?: number;
}

/**
 * The slices of one series. Minutes go in with `add`; `close(upto)` hands back each slice that
 * ended by `upto`, once, and a correction for a closed slice that late minutes changed, so the
 * caller can take `previous` out of its sums and put `outcome` in.
 */
export class SliceAccumulator {
  private readonly open = new Map<number, Sums>();
  private readonly closed = new Map<number, Sums>();
  /** Closed slices that late minutes changed, with what each counted when it closed. */
  private readonly changed = new Set<number>();
  private readonly before = new Map<number, Sums | undefined>();
  /** Slices up to this index have been closed. */
  private closedThrough = Number.NEGATIVE_INFINITY;
  /** Slices below this index are forgotten: late minutes for them are dropped. */
  private forgottenBelow = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: SliceAccumulatorOptions) {
    if (timeSliceMinutes(options.sliceMinutes) === undefined) {
      throw new RangeError(`a slice must be a whole number of minutes, got ${options.sliceMinutes}`);
    }
  }

  /** Adds a minute's counts; `false` when the minute's slice is already forgotten. */
  add(minute: number, sums: Sums): boolean {
    const index = this.indexOf(minute);
    if (index < this.forgottenBelow) return false;
    if (index > this.closedThrough) {
      this.open.set(index, addSums(this.open.get(index) ?? { good: 0, total: 0 }, sums));
      return true;
    }
    if (!this.changed.has(index)) {
      // Remember what the slice counted when it closed, to report it as `previous`.
      this.changed.add(index);
      this.before.set(index, this.closed.get(index));
    }
    this.closed.set(index, addSums(this.closed.get(index) ?? { good: 0, total: 0 }, sums));
    return true;
  }

  close(uptoMinute: number): SliceEvent[] {
    const { method, timeSliceTarget } = this.options;
    const events: SliceEvent[] = [];
    for (const index of [...this.changed].sort((a, b) => a - b)) {
      const outcome = sliceOutcome(method, this.closed.get(index) ?? { good: 0, total: 0 }, timeSliceTarget);
      const before = this.before.get(index);
      const previous = before && sliceOutcome(method, before, timeSliceTarget);
      if (outcome && !(previous && previous.good === outcome.good && previous.total === outcome.total)) {
        events.push({ minute: this.lastMinute(index), outcome, ...(previous ? { previous } : {}) });
      }
    }
    this.changed.clear();
    this.before.clear();
    const lastClosable = this.indexOf(uptoMinute + 1) - 1;
    for (const index of [...this.open.keys()].sort((a, b) => a - b)) {
      if (index > lastClosable) continue;
      const sums = this.open.get(index) as Sums;
      this.open.delete(index);
      this.closed.set(index, sums);
      const outcome = sliceOutcome(method, sums, timeSliceTarget);
      if (outcome) events.push({ minute: this.lastMinute(index), outcome });
    }
    this.closedThrough = Math.max(this.closedThrough, lastClosable);
    return events.sort((a, b) => a.minute - b.minute);
  }

  /** Drops closed slices that end before `minute`; late minutes for them are refused from then on. */
  forget(beforeMinute: number): void {
    const below = Math.min(this.indexOf(beforeMinute), this.closedThrough + 1);
    for (const index of this.closed.keys()) {
      if (index < below) {
        this.closed.delete(index);
        this.changed.delete(index);
        this.before.delete(index);
      }
    }
    this.forgottenBelow = Math.max(this.forgottenBelow, below);
  }

  private indexOf(minute: number): number {
    return sliceOf(minute, this.options.sliceMinutes, this.options.anchorMinute ?? 0);
  }

  private lastMinute(index: number): number {
    return lastMinuteOf(index, this.options.sliceMinutes, this.options.anchorMinute ?? 0);
  }
}
