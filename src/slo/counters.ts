import type { Sample } from "./remote-write.js";

/**
 * Per-series state that turns raw samples into per-minute numbers, exactly:
 * - a counter's first sample is its baseline (nothing counted); after that, each sample adds its
 *   increase over the previous one to the minute of the later sample (zero too: a minute where a
 *   counter was seen and did not move is data, not a gap). A drop is a reset, and the increase is
 *   the new value, as Prometheus' `increase()` counts it;
 * - a gauge's minute is the last sample in that minute, reported once the minute is closed (a
 *   sample of a later minute arrived, the series went stale, or it is forgotten), so every minute
 *   is reported once per series and the sums over series stay right;
 * - a sample at or before the series' last timestamp is out of order, one more than 5 minutes
 *   ahead of `now` is from the future: both are dropped and counted;
 * - a value that is not a finite number (Prometheus' stale marker, any NaN, ±Inf) ends the series:
 *   its next sample is a new baseline;
 * - series not seen for an hour are forgotten, so memory follows the live series.
 */

export const FUTURE_TOLERANCE_MS = 5 * 60_000;
export const FORGET_AFTER_MS = 60 * 60_000;
export const MINUTE_MS = 60_000;

export type SeriesKind = "counter" | "gauge";

/** Called with an epoch minute and its increase (counters) or last value (gauges). */
export type EmitMinute = (minute: number, value: number) => void;

export interface DroppedSamples {
  outOfOrder: number;
  future: number;
}

interface SeriesState {
  lastTimestamp: number;
  /** The counter's last value; NaN when there is no baseline (new, or ended by a stale marker). */
  lastValue: number;
  /** Gauges: the minute not yet reported and its last value; NaN when none. */
  openMinute: number;
  openValue: number;
  /** Gauges: the last minute reported, so a minute is never reported twice. */
  closedMinute: number;
  lastSeen: number;
}

export interface SeriesCounters {
  /**
   * Feeds one series' samples, oldest first, and emits what they add. `key` is the series' identity
   * (its sorted label set); the same key may be kept as a counter and as a gauge at once.
   */
  record(
    key: string,
    kind: SeriesKind,
    samples: readonly Sample[],
    now: number,
    emit: EmitMinute,
    dropped: DroppedSamples,
  ): void;
  /** Forgets series not seen since `now - FORGET_AFTER_MS`; a gauge's open minute is emitted first. */
  forgetIdle(now: number, emit: (key: string, kind: SeriesKind, minute: number, value: number) => void): number;
  readonly size: number;
}

export const minuteOf = (timestamp: number) => Math.floor(timestamp / MINUTE_MS);

export function createSeriesCounters(): SeriesCounters {
  const states: Record<SeriesKind, Map<string, SeriesState>> = { counter: new Map(), gauge: new Map() };

  function stateOf(kind: SeriesKind, key: string, now: number): SeriesState {
    const map = states[kind];
    let state = map.get(key);
    if (!state) {
      state = {
        lastTimestamp: Number.NEGATIVE_INFINITY,
        lastValue: Number.NaN,
        openMinute: Number.NaN,
        openValue: 0,
        closedMinute: Number.NEGATIVE_INFINITY,
        lastSeen: now,
      };
      map.set(key, state);
    }
    state.lastSeen = now;
    return state;
  }

  return {
    record(key, kind, samples, now, emit, dropped) {
      const state = stateOf(kind, key, now);
      const latest = now + FUTURE_TOLERANCE_MS;
      for (const sample of samples) {
        if (sample.timestamp > latest) {
          dropped.future++;
          continue;
        }
        if (sample.timestamp <= state.lastTimestamp) {
          dropped.outOfOrder++;
          continue;
        }
        if (kind === "counter") recordCounterSample(state, sample, emit);
        else if (!recordGaugeSample(state, sample, emit)) dropped.outOfOrder++;
      }
    },
    forgetIdle(now, emit) {
      const before = now - FORGET_AFTER_MS;
      let forgotten = 0;
      for (const kind of ["counter", "gauge"] as const) {
        for (const [key, state] of states[kind]) {
          if (state.lastSeen >= before) continue;
          if (kind === "gauge") closeGaugeMinute(state, (minute, value) => emit(key, kind, minute, value));
          states[kind].delete(key);
          forgotten++;
        }
      }
      return forgotten;
    },
    get size() {
      return states.counter.size + states.gauge.size;
    },
  };
}

function recordCounterSample(state: SeriesState, sample: Sample, emit: EmitMinute) {
  state.lastTimestamp = sample.timestamp;
  const value = sample.value;
  if (!Number.isFinite(value)) {
    state.lastValue = Number.NaN;
    return;
  }
  const previous = state.lastValue;
  state.lastValue = value;
  if (Number.isNaN(previous)) return;
  emit(minuteOf(sample.timestamp), value >= previous ? value - previous : value);
}

/** False when the sample's minute was already reported (after a stale marker in the same minute). */
function recordGaugeSample(state: SeriesState, sample: Sample, emit: EmitMinute): boolean {
  const minute = minuteOf(sample.timestamp);
  if (minute <= state.closedMinute) return false;
  state.lastTimestamp = sample.timestamp;
  if (!Number.isFinite(sample.value)) {
    closeGaugeMinute(state, emit);
    return true;
  }
  if (minute > state.openMinute) closeGaugeMinute(state, emit);
  state.openMinute = minute;
  state.openValue = sample.value;
  return true;
}

function closeGaugeMinute(state: SeriesState, emit: EmitMinute) {
  if (Number.isNaN(state.openMinute)) return;
  emit(state.openMinute, state.openValue);
  state.closedMinute = state.openMinute;
  state.openMinute = Number.NaN;
}
