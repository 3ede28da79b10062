import { createSeriesCounters, FORGET_AFTER_MS, minuteOf, type SeriesKind } from "./counters.js";
import { compileMatchers, type Labels, metricNamesOf, type SliQuery } from "./promql.js";
import type { TimeSeries, WriteRequest } from "./remote-write.js";

/**
 * The SLI queries Nines evaluates itself on remote_write data: it keeps only the series some
 * query selects, turns them into exact per-minute increases (counters) or values (gauges), and
 * sums them per query, group and minute. Most series sent are selected by no query, so those
 * cost one map lookup by metric name; the match decision for the others is cached per series.
 */

export interface EmbeddedQuery {
  /** Whatever the caller needs to route the counts back: an SLO's indicator, good or total. */
  id: string;
  query: SliQuery;
  /** Whether the series are counters; `rate()` and `increase()` read counters whatever this says. */
  counter: boolean;
  /** The SLO's groupBy labels, kept in the counts beside the query's `sum by` labels. */
  groupBy: string[];
}

export interface EmbeddedCount {
  id: string;
  /** The values of `query.by` and `groupBy`; a label a series lacks is left out, as Prometheus does. */
  labels: Record<string, string>;
  /** Epoch minute. */
  minute: number;
  /** The increase in that minute (counters) or the minute's last value (gauges), summed over the group's series. */
  value: number;
}

export interface IngestReport {
  series: number;
  samples: number;
  selectedSeries: number;
  selectedSamples: number;
  /** Samples of selected series at or before their series' last timestamp, dropped. */
  outOfOrder: number;
  /** Samples of selected series more than 5 minutes ahead of now, dropped. */
  future: number;
}

export interface EmbeddedQueries {
  /** Replaces the whole set of queries (when SLOs change); counter state of the series is kept. */
  setQueries(queries: readonly EmbeddedQuery[]): void;
  /** Counts what a write request adds and hands it to `onCounts`, one entry per (id, labels, minute). */
  ingest(request: WriteRequest, now: number): IngestReport;
  /** Whether any query may select series of this metric name (for `decodeWriteRequest`'s `keepName`). */
  wantsName(name: string): boolean;
  /** Forgets series idle for an hour (ingest does it too, once a minute); a gauge's open minute is reported first. */
  forgetIdle(now: number): void;
  /** Series whose match decision is cached. */
  readonly cachedSeries: number;
}

/** Beyond this many cached decisions, series no query selects are matched again each time instead of cached. */
export const MAX_CACHED_SERIES = 200_000;

interface CompiledQuery {
  id: string;
  kind: SeriesKind;
  matches: (labels: Labels) => boolean;
  groupLabels: string[];
}

interface Selection {
  /** `id` and group labels, the key counts are summed under. */
  groupKey: string;
  id: string;
  labels: Record<string, string>;
}

interface CachedSeries {
  labels: Labels;
  counter: Selection[];
  gauge: Selection[];
  lastSeen: number;
}

// Decoded UTF-8 can never hold a lone surrogate, so as a separator it can't be forged by a label.
const SEPARATOR = "\uD800";

export function createEmbeddedQueries(options: { onCounts: (counts: EmbeddedCount[]) => void }): EmbeddedQueries {
  const counters = createSeriesCounters();
  const cache = new Map<string, CachedSeries>();
  let byName = new Map<string, CompiledQuery[]>();
  let anyName: CompiledQuery[] = [];
  let lastSweepMinute = Number.NEGATIVE_INFINITY;
  let pending = new Map<string, EmbeddedCount>();

  function select(labels: Labels, lastSeen: number): CachedSeries {
    const name = labels.__name__;
    const named = name === undefined ? undefined : byName.get(name);
    const entry: CachedSeries = { labels, counter: [], gauge: [], lastSeen };
    for (const candidates of [named, anyName]) {
      for (const query of candidates ?? []) {
        if (query.matches(labels)) entry[query.kind].push(selectionOf(query, labels));
      }
    }
    return entry;
  }

  function add(selections: readonly Selection[], minute: number, value: number) {
    for (const selection of selections) {
      const key = `${selection.groupKey}${SEPARATOR}${minute}`;
      const count = pending.get(key);
      if (count) count.value += value;
      else pending.set(key, { id: selection.id, labels: { ...selection.labels }, minute, value });
    }
  }

  function forgetIdle(now: number) {
    counters.forgetIdle(now, (key, kind, minute, value) => {
      const entry = cache.get(key);
      if (entry) add(entry[kind], minute, value);
    });
    const before = now - FORGET_AFTER_MS;
    for (const [key, entry] of cache) if (entry.lastSeen < before) cache.delete(key);
  }

  function takePending(): EmbeddedCount[] {
    const counts = [...pending.values()];
    pending = new Map();
    return counts;
  }

  return {
    setQueries(queries) {
      byName = new Map();
      anyName = [];
      for (const item of queries) {
        const compiled = compileQuery(item);
        const names = metricNamesOf(item.query.matchers);
        if (names === null) anyName.push(compiled);
        for (const name of names ?? []) byName.set(name, [...(byName.get(name) ?? []), compiled]);
      }
      for (const [key, entry] of cache) {
        const fresh = select(entry.labels, entry.lastSeen);
        if (fresh.counter.length || fresh.gauge.length || anyName.length) cache.set(key, fresh);
        else cache.delete(key);
      }
    },
    wantsName: (name) => anyName.length > 0 || byName.has(name),
    ingest(request, now) {
      const report: IngestReport = {
        series: request.series.length + (request.skipped?.series ?? 0),
        samples: request.skipped?.samples ?? 0,
        selectedSeries: 0,
        selectedSamples: 0,
        outOfOrder: 0,
        future: 0,
      };
      const checkEveryName = anyName.length > 0;
      for (const series of request.series) {
        const samples = series.samples;
        report.samples += samples.length;
        const name = series.labels.__name__;
        if (!checkEveryName && (name === undefined || !byName.has(name))) continue;
        const key = seriesKey(series);
        let entry = cache.get(key);
        if (entry) entry.lastSeen = now;
        else {
          entry = select(series.labels, now);
          const selected = entry.counter.length > 0 || entry.gauge.length > 0;
          if (selected || cache.size < MAX_CACHED_SERIES) cache.set(key, entry);
        }
        const { counter, gauge } = entry;
        if (counter.length === 0 && gauge.length === 0) continue;
        report.selectedSeries++;
        report.selectedSamples += samples.length;
        if (counter.length)
          counters.record(key, "counter", samples, now, (minute, value) => add(counter, minute, value), report);
        if (gauge.length)
          counters.record(key, "gauge", samples, now, (minute, value) => add(gauge, minute, value), report);
      }
      const minute = minuteOf(now);
      if (minute > lastSweepMinute) {
        lastSweepMinute = minute;
        forgetIdle(now);
      }
      if (pending.size) options.onCounts(takePending());
      return report;
    },
    forgetIdle(now) {
      forgetIdle(now);
      if (pending.size) options.onCounts(takePending());
    },
    get cachedSeries() {
      return cache.size;
    },
  };
}

function compileQuery(item: EmbeddedQuery): CompiledQuery {
  return {
    id: item.id,
    kind: item.counter || item.query.fn !== null ? "counter" : "gauge",
    matches: compileMatchers(item.query.matchers),
    groupLabels: [...new Set([...item.query.by, ...item.groupBy])].sort(),
  };
}

function selectionOf(query: CompiledQuery, labels: Labels): Selection {
  const groupLabels: Record<string, string> = {};
  let groupKey = query.id;
  for (const name of query.groupLabels) {
    const value = labels[name];
    if (value === undefined || value === "") continue;
    groupLabels[name] = value;
    groupKey += `${SEPARATOR}${name}${SEPARATOR}${value}`;
  }
  return { groupKey, id: query.id, labels: groupLabels };
}

/** A series' identity: its label set, sorted by name (Prometheus sends them sorted; others may not). */
export function seriesKey(series: TimeSeries): string {
  const names = Object.keys(series.labels);
  let sorted = true;
  for (let index = 1; index < names.length; index++) {
    if ((names[index - 1] as string) > (names[index] as string)) {
      sorted = false;
      break;
    }
  }
  if (!sorted) names.sort();
  let key = "";
  for (const name of names) key += `${name}${SEPARATOR}${series.labels[name]}${SEPARATOR}`;
  return key;
}
