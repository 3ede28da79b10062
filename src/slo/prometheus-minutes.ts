import type { Labels, PrometheusApi } from "./prometheus-api.js";
import { formatSelector, type SliQuery } from "./promql.js";

/**
 * Per-minute counts read from a Prometheus query API, the way every SLI source feeds the engine.
 * Minute `m` (epoch minutes) holds what happened in [m, m+1): Prometheus is asked for the value at
 * the instant the minute ends, (m+1) x 60 s, which is the last sample at or before it.
 *
 * Counters are not read through `increase()`, which extrapolates; Nines reads the raw counter
 * once a minute and takes the difference itself, a drop being a reset (the increase is then the new
 * value). A series' first value in the range is its baseline; after a gap, the whole increase
 * across the gap lands in the first minute after it, so sums over a span stay exact.
 */

const MINUTE_MS = 60_000;
/** Prometheus refuses more than 11,000 points per series in one range query. */
export const MAX_POINTS_PER_REQUEST = 10_000;

export interface MinuteValue {
  /** The values of the grouping labels (a label a series lacks is absent, as in PromQL). */
  labels: Labels;
  minute: number;
  value: number;
}

export interface ReadProgress {
  doneMinutes: number;
  totalMinutes: number;
}

export type OnProgress = (progress: ReadProgress) => void;

export interface MinuteCountsInput {
  query: SliQuery;
  /** True: the selector is a counter, read as increases; false: a gauge, read as its value at each minute. */
  counter: boolean;
  /** The SLO's groupBy labels; kept in the result together with the query's `by` labels. */
  groupBy: string[];
  fromMinute: number;
  /** Inclusive. */
  toMinute: number;
  onProgress?: OnProgress | undefined;
}

export async function readMinuteCounts(api: PrometheusApi, input: MinuteCountsInput): Promise<MinuteValue[]> {
  checkRange(input.fromMinute, input.toMinute);
  const selector = formatSelector(input.query.matchers);
  const sums = new GroupSums([...new Set([...input.query.by, ...input.groupBy])]);
  if (!input.counter) {
    await readInChunks(input.fromMinute + 1, input.toMinute + 1, input.onProgress, async (startMs, endMs) => {
      for (const series of await api.queryRange(selector, startMs, endMs, MINUTE_MS))
        for (const [timeMs, value] of series.samples)
          if (Number.isFinite(value)) sums.add(series.labels, timeMs / MINUTE_MS - 1, value);
    });
    return sums.list();
  }
  // The last value of each series, carried across chunks so a chunk's first sample has its predecessor.
  const last = new Map<string, number>();
  await readInChunks(input.fromMinute, input.toMinute + 1, input.onProgress, async (startMs, endMs) => {
    for (const series of await api.queryRange(selector, startMs, endMs, MINUTE_MS)) {
      const key = seriesKey(series.labels);
      let previous = last.get(key);
      for (const [timeMs, value] of series.samples) {
        if (!Number.isFinite(value)) continue;
        if (previous !== undefined)
          sums.add(series.labels, timeMs / MINUTE_MS - 1, value >= previous ? value - previous : value);
        previous = value;
      }
      if (previous !== undefined) last.set(key, previous);
    }
  });
  return sums.list();
}

/**
 * A query as written (a `raw` ratio, a threshold metric), evaluated at the end of each minute.
 * Each group must be one series of the result; NaN and infinities (0/0, x/0) are no data.
 */
export async function readMinuteValues(
  api: PrometheusApi,
  text: string,
  groupBy: string[],
  fromMinute: number,
  toMinute: number,
  onProgress?: OnProgress,
): Promise<MinuteValue[]> {
  checkRange(fromMinute, toMinute);
  const values: MinuteValue[] = [];
  await readInChunks(fromMinute + 1, toMinute + 1, onProgress, async (startMs, endMs) => {
    const seen = new Map<string, string>();
    for (const series of await api.queryRange(text, startMs, endMs, MINUTE_MS)) {
      const labels = pickLabels(series.labels, groupBy);
      const key = seriesKey(labels);
      const other = seen.get(key);
      if (other !== undefined)
        throw new Error(
          `${JSON.stringify(text)} returns more than one series for the group ${key} (${other} and ${seriesKey(series.labels)}); aggregate it by the groupBy labels, such as sum by (${groupBy.join(", ")}) (...)`,
        );
      seen.set(key, seriesKey(series.labels));
      for (const [timeMs, value] of series.samples)
        if (Number.isFinite(value)) values.push({ labels, minute: timeMs / MINUTE_MS - 1, value });
    }
  });
  return values.sort((a, b) => a.minute - b.minute);
}

function checkRange(fromMinute: number, toMinute: number): void {
  if (!Number.isInteger(fromMinute) || !Number.isInteger(toMinute) || toMinute < fromMinute)
    throw new Error(`expected whole epoch minutes with fromMinute <= toMinute, got ${fromMinute} to ${toMinute}`);
}

/** Calls `read` for consecutive spans of at most MAX_POINTS_PER_REQUEST minute instants, first to last. */
async function readInChunks(
  firstMinute: number,
  lastMinute: number,
  onProgress: OnProgress | undefined,
  read: (startMs: number, endMs: number) => Promise<void>,
): Promise<void> {
  const totalMinutes = lastMinute - firstMinute + 1;
  for (let start = firstMinute; start <= lastMinute; start += MAX_POINTS_PER_REQUEST) {
    const end = Math.min(lastMinute, start + MAX_POINTS_PER_REQUEST - 1);
    await read(start * MINUTE_MS, end * MINUTE_MS);
    onProgress?.({ doneMinutes: end - firstMinute + 1, totalMinutes });
  }
}

function pickLabels(labels: Labels, names: readonly string[]): Labels {
  const picked: Labels = {};
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined && value !== "") picked[name] = value;
  }
  return picked;
}

/** A stable key for a label set: the same labels in any order give the same key. */
function seriesKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((name) => `${name}=${JSON.stringify(labels[name])}`).join(",")}}`;
}

/** Sums per group and minute, listed by minute and then in the order the groups first appeared. */
class GroupSums {
  private readonly groups = new Map<string, { labels: Labels; minutes: Map<number, number> }>();

  constructor(private readonly names: readonly string[]) {}

  add(seriesLabels: Labels, minute: number, value: number): void {
    const labels = pickLabels(seriesLabels, this.names);
    const key = seriesKey(labels);
    let group = this.groups.get(key);
    if (!group) {
      group = { labels, minutes: new Map() };
      this.groups.set(key, group);
    }
    group.minutes.set(minute, (group.minutes.get(minute) ?? 0) + value);
  }

  list(): MinuteValue[] {
    const values: MinuteValue[] = [];
    for (const { labels, minutes } of this.groups.values())
      for (const [minute, value] of minutes) values.push({ labels, minute, value });
    return values.sort((a, b) => a.minute - b.minute);
  }
}
