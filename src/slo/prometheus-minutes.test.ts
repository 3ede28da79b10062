import { describe, expect, it } from "vitest";
import type { Labels, PrometheusApi, RangeSeries } from "./prometheus-api.js";
import { MAX_POINTS_PER_REQUEST, readMinuteCounts, readMinuteValues } from "./prometheus-minutes.js";
import { parseSliQuery, type SliQuery } from "./promql.js";

const MINUTE = 60_000;
const LOOKBACK = 5 * MINUTE;
const T0 = 28_000_000; // an epoch minute (2023-03-30)

interface RawSeries {
  labels: Labels;
  /** [epoch ms, value], as scraped. */
  samples: Array<[number, number]>;
}

/**
 * A Prometheus in memory: a range query evaluates every series at each step as Prometheus does,
 * the last sample at or before the instant and no older than 5 minutes. It records each request.
 */
function fakePrometheus(data: RawSeries[], answer?: (query: string) => RawSeries[]) {
  const requests: Array<{ query: string; startMs: number; endMs: number; stepMs: number }> = [];
  const api: PrometheusApi = {
    url: "http://fake",
    async queryRange(query, startMs, endMs, stepMs) {
      requests.push({ query, startMs, endMs, stepMs });
      if ((endMs - startMs) / stepMs + 1 > 11_000) throw new Error("exceeded maximum resolution of 11,000 points");
      return (answer?.(query) ?? data).flatMap((series): RangeSeries[] => {
        const samples: Array<[number, number]> = [];
        let next = 0;
        for (let t = startMs; t <= endMs; t += stepMs) {
          while (next < series.samples.length && (series.samples[next] as [number, number])[0] <= t) next++;
          const latest = series.samples[next - 1];
          if (latest && latest[0] > t - LOOKBACK) samples.push([t, latest[1]]);
        }
        return samples.length ? [{ labels: series.labels, samples }] : [];
      });
    },
    query: async () => [],
  };
  return { api, requests };
}

const parse = (text: string): SliQuery => {
  const parsed = parseSliQuery(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.query;
};

/** Scrapes every 15 s at +7 s: samples `value(i)` for i = 0.. while the minute offset is below `minutes`. */
function scrape(labels: Labels, minutes: number, value: (index: number) => number | undefined): RawSeries {
  const samples: Array<[number, number]> = [];
  for (let index = 0; index < minutes * 4; index++) {
    const sample = value(index);
    if (sample !== undefined) samples.push([T0 * MINUTE + 7_000 + index * 15_000, sample]);
  }
  return { labels, samples };
}

describe("readMinuteCounts", () => {
  it("counts each minute's increase of a counter exactly, a drop being a reset", async () => {
    // +1 per scrape (4 a minute), reset to 0 at scrape 20 (minute 5), then +2 per scrape.
    const series = scrape({ __name__: "req_total", job: "a" }, 10, (index) => (index < 20 ? index : (index - 20) * 2));
    const { api, requests } = fakePrometheus([series]);
    const counts = await readMinuteCounts(api, {
      query: parse('sum(rate(req_total{job="a"}[5m]))'),
      counter: true,
      groupBy: [],
      fromMinute: T0,
      toMinute: T0 + 8,
    });
    // The series starts inside the range: its first value (3, at the end of minute 0) is the baseline.
    expect(counts.map(({ minute, value }) => [minute - T0, value])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
      [5, 6], // 19 -> 0 (reset, counts 0), then 2, 4, 6
      [6, 8],
      [7, 8],
      [8, 8],
    ]);
    expect(requests).toEqual([
      { query: 'req_total{job="a"}', startMs: T0 * MINUTE, endMs: (T0 + 9) * MINUTE, stepMs: MINUTE },
    ]);
  });

  it("puts the increase across a gap into the first minute after it", async () => {
    // One scrape a minute at +7 s; nothing from minute 2 to 9 (longer than the lookback).
    const series = scrape({ __name__: "c" }, 14, (index) =>
      index % 4 === 0 && (index < 8 || index >= 40) ? index : undefined,
    );
    const { api } = fakePrometheus([series]);
    const counts = await readMinuteCounts(api, {
      query: parse("c"),
      counter: true,
      groupBy: [],
      fromMinute: T0,
      toMinute: T0 + 12,
    });
    const total = counts.reduce((sum, { value }) => sum + value, 0);
    expect(total).toBe(48); // the last value read minus the first (0)
    expect(counts.find(({ minute }) => minute === T0 + 10)?.value).toBe(40 - 4);
    expect(counts.some(({ minute }) => minute > T0 + 5 && minute < T0 + 10)).toBe(false);
  });

  it("sums series per group of the query's by labels and the SLO's groupBy", async () => {
    const data = [
      scrape({ __name__: "r", route: "/a", code: "200", pod: "1" }, 3, (index) => index),
      scrape({ __name__: "r", route: "/a", code: "200", pod: "2" }, 3, (index) => index * 10),
      scrape({ __name__: "r", route: "/b", code: "500", pod: "1" }, 3, (index) => index * 100),
      scrape({ __name__: "r", code: "200", pod: "3" }, 3, (index) => index * 1000),
    ];
    const { api } = fakePrometheus(data);
    const counts = await readMinuteCounts(api, {
      query: parse("sum by (route) (increase(r[5m]))"),
      counter: true,
      groupBy: ["code"],
      fromMinute: T0 + 1,
      toMinute: T0 + 1,
    });
    expect(counts).toEqual([
      { labels: { route: "/a", code: "200" }, minute: T0 + 1, value: 4 + 40 },
      { labels: { route: "/b", code: "500" }, minute: T0 + 1, value: 400 },
      { labels: { code: "200" }, minute: T0 + 1, value: 4000 },
    ]);
  });

  it("reads a gauge as its value at the end of each minute, summed per group", async () => {
    const data = [
      scrape({ __name__: "g", zone: "x" }, 3, (index) => index),
      scrape({ __name__: "g", zone: "y" }, 3, () => 0.5),
    ];
    const { api, requests } = fakePrometheus(data);
    const counts = await readMinuteCounts(api, {
      query: parse("sum(g)"),
      counter: false,
      groupBy: [],
      fromMinute: T0,
      toMinute: T0 + 1,
    });
    expect(counts).toEqual([
      { labels: {}, minute: T0, value: 3 + 0.5 },
      { labels: {}, minute: T0 + 1, value: 7 + 0.5 },
    ]);
    expect(requests[0]).toMatchObject({ startMs: (T0 + 1) * MINUTE, endMs: (T0 + 2) * MINUTE });
  });

  it("splits long spans into requests of at most 10,000 points that meet exactly, and counts across them", async () => {
    const minutes = 25_000;
    // One sample a minute (at +7 s) that rises by 1 each minute: every minute counts exactly 1.
    const series: RawSeries = {
      labels: { __name__: "c" },
      samples: Array.from({ length: minutes + 2 }, (_, index) => [(T0 + index) * MINUTE + 7_000, index]),
    };
    const { api, requests } = fakePrometheus([series]);
    const progress: number[] = [];
    const counts = await readMinuteCounts(api, {
      query: parse("c"),
      counter: true,
      groupBy: [],
      fromMinute: T0 + 1,
      toMinute: T0 + minutes,
      onProgress: ({ doneMinutes, totalMinutes }) => progress.push(doneMinutes / totalMinutes),
    });
    expect(counts).toHaveLength(minutes);
    expect(counts.every(({ value }) => value === 1)).toBe(true);
    expect(requests).toHaveLength(3);
    for (const request of requests)
      expect((request.endMs - request.startMs) / MINUTE + 1).toBeLessThanOrEqual(MAX_POINTS_PER_REQUEST);
    for (let index = 1; index < requests.length; index++)
      expect(requests[index]?.startMs).toBe((requests[index - 1]?.endMs ?? 0) + MINUTE);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort());
  });

  it("refuses a backwards range", async () => {
    const { api } = fakePrometheus([]);
    await expect(
      readMinuteCounts(api, { query: parse("c"), counter: true, groupBy: [], fromMinute: 5, toMinute: 4 }),
    ).rejects.toThrow(/fromMinute <= toMinute/);
  });
});

describe("readMinuteValues", () => {
  it("evaluates the query as written at the end of each minute, per group, NaN being no data", async () => {
    const { api, requests } = fakePrometheus([], () => [
      scrape({ route: "/a" }, 4, (index) => (index < 8 ? 0.99 : Number.NaN)),
      scrape({ route: "/b" }, 4, () => 0.5),
    ]);
    const text = "sum by (route) (rate(bad[5m])) / sum by (route) (rate(all[5m]))";
    const values = await readMinuteValues(api, text, ["route"], T0, T0 + 2);
    expect(requests[0]?.query).toBe(text);
    expect(values).toEqual([
      { labels: { route: "/a" }, minute: T0, value: 0.99 },
      { labels: { route: "/b" }, minute: T0, value: 0.5 },
      { labels: { route: "/a" }, minute: T0 + 1, value: 0.99 },
      { labels: { route: "/b" }, minute: T0 + 1, value: 0.5 },
      { labels: { route: "/b" }, minute: T0 + 2, value: 0.5 },
    ]);
  });

  it("refuses a result with several series in one group", async () => {
    const { api } = fakePrometheus([], () => [
      scrape({ route: "/a", pod: "1" }, 2, () => 1),
      scrape({ route: "/a", pod: "2" }, 2, () => 1),
    ]);
    await expect(readMinuteValues(api, "x", ["route"], T0, T0)).rejects.toThrow(
      /more than one series for the group \{route="\/a"\}.*sum by \(route\)/,
    );
  });
});
