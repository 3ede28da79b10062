import { describe, expect, it } from "vitest";
import { encodeWriteRequest, STALE } from "../../test/support/remote-write.js";
import { minuteOf } from "./counters.js";
import { createEmbeddedQueries, type EmbeddedCount, type EmbeddedQuery, seriesKey } from "./embedded-queries.js";
import { parseSliQuery } from "./promql.js";
import { decodeWriteRequest, type TimeSeries } from "./remote-write.js";

const T = Date.UTC(2026, 0, 5, 12, 0, 0);
const M = minuteOf(T);

function query(id: string, text: string, options: { counter?: boolean; groupBy?: string[] } = {}): EmbeddedQuery {
  const parsed = parseSliQuery(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return { id, query: parsed.query, counter: options.counter ?? true, groupBy: options.groupBy ?? [] };
}

function setup(queries: EmbeddedQuery[]) {
  const calls: EmbeddedCount[][] = [];
  const embedded = createEmbeddedQueries({ onCounts: (counts) => calls.push(counts) });
  embedded.setQueries(queries);
  return {
    embedded,
    calls,
    /** Sends the series through a real remote_write body, as the receiver does. */
    send(series: { labels: Record<string, string>; samples: [number, number][] }[], now = T + 600_000) {
      const body = encodeWriteRequest(
        series.map((item) => ({
          labels: item.labels,
          samples: item.samples.map(([seconds, value]) => ({ timestamp: T + seconds * 1000, value })),
        })),
      );
      const before = calls.length;
      const report = embedded.ingest(decodeWriteRequest(body), now);
      return { report, counts: calls.slice(before).flat() };
    },
  };
}

/** Counts as [id, labels, minute offset, value], sorted, for comparing. */
const tidy = (counts: EmbeddedCount[]) =>
  counts
    .map((count) => [count.id, count.labels, count.minute - M, count.value] as const)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const requests = (code: string, samples: [number, number][], extra: Record<string, string> = {}) => ({
  labels: { __name__: "http_requests_total", job: "api", code, ...extra },
  samples,
});

describe("embedded queries", () => {
  it("counts the increase of the selected series per query and minute, summed over series", () => {
    const { send } = setup([
      query("total", 'sum(rate(http_requests_total{job="api"}[5m]))'),
      query("errors", 'sum(rate(http_requests_total{job="api",code=~"5.."}[5m]))'),
    ]);
    send([requests("200", [[0, 100]]), requests("500", [[0, 7]]), requests("503", [[0, 1]])]);
    const { counts, report } = send([
      requests("200", [
        [30, 110],
        [70, 130],
      ]),
      requests("500", [[30, 9]]),
      requests("503", [[70, 2]]),
      { labels: { __name__: "http_requests_total", job: "web", code: "200" }, samples: [[30, 1]] },
    ]);
    expect(tidy(counts)).toEqual([
      ["errors", {}, 0, 2],
      ["errors", {}, 1, 1],
      ["total", {}, 0, 12],
      ["total", {}, 1, 21],
    ]);
    expect(report).toEqual({
      series: 4,
      samples: 5,
      selectedSeries: 3,
      selectedSamples: 4,
      outOfOrder: 0,
      future: 0,
    });
  });

  it("keeps the labels of sum by and groupBy, leaving out those a series lacks", () => {
    const { send } = setup([
      query("by-code", 'sum by (code) (increase(http_requests_total{job="api"}[1m]))', { groupBy: ["region"] }),
    ]);
    send([
      requests("200", [[0, 0]], { region: "eu" }),
      requests("200", [[0, 0]], { region: "us" }),
      requests("500", [[0, 0]], { region: "eu", pod: "a" }),
      requests("500", [[0, 0]], { region: "eu", pod: "b" }),
      requests("500", [[0, 0]]),
    ]);
    const { counts } = send([
      requests("200", [[10, 5]], { region: "eu" }),
      requests("200", [[10, 6]], { region: "us" }),
      requests("500", [[10, 1]], { region: "eu", pod: "a" }),
      requests("500", [[10, 2]], { region: "eu", pod: "b" }),
      requests("500", [[10, 4]]),
    ]);
    expect(tidy(counts)).toEqual([
      ["by-code", { code: "200", region: "eu" }, 0, 5],
      ["by-code", { code: "200", region: "us" }, 0, 6],
      ["by-code", { code: "500", region: "eu" }, 0, 3],
      ["by-code", { code: "500" }, 0, 4],
    ]);
  });

  it("selects by regular expression, anchored, and by negative matchers", () => {
    const { send } = setup([query("q", 'sum(http_requests_total{code=~"2..", code!="204", job!~"we.*"})')]);
    const series = ["200", "2000", "204", "x200"].map((code) => requests(code, [[0, 0]]));
    const web = requests("201", [[0, 0]], { job: "web" });
    send([...series, web]);
    const { counts, report } = send([
      ...["200", "2000", "204", "x200"].map((code) => requests(code, [[10, 1]])),
      { ...web, samples: [[10, 1]] },
    ]);
    expect(report.selectedSeries).toBe(1);
    expect(tidy(counts)).toEqual([["q", {}, 0, 1]]);
  });

  it("matches queries without a metric name against every series", () => {
    const { send } = setup([query("any", 'sum(rate({job="batch"}[5m]))')]);
    send([
      { labels: { __name__: "a_total", job: "batch" }, samples: [[0, 1]] },
      { labels: { __name__: "b_total", job: "batch" }, samples: [[0, 1]] },
      { labels: { __name__: "a_total", job: "api" }, samples: [[0, 1]] },
    ]);
    const { counts } = send([
      { labels: { __name__: "a_total", job: "batch" }, samples: [[10, 3]] },
      { labels: { __name__: "b_total", job: "batch" }, samples: [[10, 5]] },
      { labels: { __name__: "a_total", job: "api" }, samples: [[10, 100]] },
    ]);
    expect(tidy(counts)).toEqual([["any", {}, 0, 6]]);
  });

  it("handles resets, stale markers, out-of-order and future samples of the selected series", () => {
    const { send } = setup([query("q", "sum(rate(jobs_total[5m]))")]);
    const now = T + 120_000;
    send([{ labels: { __name__: "jobs_total" }, samples: [[0, 10]] }], now);
    const { counts, report } = send(
      [
        {
          labels: { __name__: "jobs_total" },
          samples: [
            [15, 14],
            [10, 99],
            [30, 2],
            [45, STALE],
            [60, 50],
            [75, 53],
            [500, 60],
          ],
        },
      ],
      now,
    );
    // 4 up to the reset, 2 after it, then a new baseline at 50 and 3 more; 500 s is the future.
    expect(tidy(counts)).toEqual([
      ["q", {}, 0, 6],
      ["q", {}, 1, 3],
    ]);
    expect(report).toMatchObject({ outOfOrder: 1, future: 1, selectedSamples: 7 });
  });

  it("sums gauges' last value per minute, reported once the minute is closed", () => {
    const { send } = setup([query("queue", "sum by (pool) (queue_depth)", { counter: false })]);
    const first = send([
      {
        labels: { __name__: "queue_depth", pool: "a", pod: "1" },
        samples: [
          [0, 4],
          [30, 6],
        ],
      },
      { labels: { __name__: "queue_depth", pool: "a", pod: "2" }, samples: [[20, 1]] },
    ]);
    expect(first.counts).toEqual([]);
    const { counts } = send([
      { labels: { __name__: "queue_depth", pool: "a", pod: "1" }, samples: [[65, 9]] },
      { labels: { __name__: "queue_depth", pool: "a", pod: "2" }, samples: [[70, 2]] },
    ]);
    expect(tidy(counts)).toEqual([["queue", { pool: "a" }, 0, 7]]);
  });

  it("counts the same series for every query that selects it, counter and gauge alike", () => {
    const { send } = setup([
      query("a", "sum(x_total)"),
      query("b", 'sum(increase(x_total{env="prod"}[5m]))'),
      query("raw", "x_total", { counter: false }),
    ]);
    send([{ labels: { __name__: "x_total", env: "prod" }, samples: [[0, 1]] }]);
    const { counts } = send([{ labels: { __name__: "x_total", env: "prod" }, samples: [[70, 4]] }]);
    expect(tidy(counts)).toEqual([
      ["a", {}, 1, 3],
      ["b", {}, 1, 3],
      ["raw", {}, 0, 1],
    ]);
  });

  it("re-selects when the queries change, keeping the counters' baselines", () => {
    const { send, embedded } = setup([query("q", "sum(a_total)")]);
    send([
      { labels: { __name__: "a_total" }, samples: [[0, 1]] },
      { labels: { __name__: "b_total" }, samples: [[0, 1]] },
    ]);
    embedded.setQueries([query("q2", "sum(a_total)"), query("b", "sum(b_total)")]);
    const { counts } = send([
      { labels: { __name__: "a_total" }, samples: [[10, 5]] },
      { labels: { __name__: "b_total" }, samples: [[10, 5]] },
    ]);
    // a_total keeps its baseline of 1; b_total was never selected, so 5 is its baseline.
    expect(tidy(counts)).toEqual([["q2", {}, 0, 4]]);
    embedded.setQueries([]);
    expect(send([{ labels: { __name__: "a_total" }, samples: [[20, 9]] }]).counts).toEqual([]);
    expect(embedded.cachedSeries).toBe(0);
  });

  it("selects 1% of the series and counts exactly those", () => {
    const { send } = setup([query("q", 'sum(rate(http_requests_total{job="api"}[5m]))')]);
    const series = (seconds: number, value: number) =>
      Array.from({ length: 1000 }, (_, index) =>
        index % 100 === 0
          ? requests(String(index), [[seconds, value]])
          : {
              labels: { __name__: `other_${index % 37}_total`, job: "api", n: String(index) },
              samples: [[seconds, value]],
            },
      ) as { labels: Record<string, string>; samples: [number, number][] }[];
    send(series(0, 0));
    const { counts, report } = send(series(15, 3));
    expect(report).toMatchObject({ series: 1000, samples: 1000, selectedSeries: 10, selectedSamples: 10 });
    expect(tidy(counts)).toEqual([["q", {}, 0, 30]]);
  });

  it("forgets series idle for an hour, reporting a gauge's open minute on the way out", () => {
    const { send, embedded, calls } = setup([query("g", "sum(temperature)", { counter: false })]);
    send([{ labels: { __name__: "temperature" }, samples: [[0, 21]] }], T);
    expect(embedded.cachedSeries).toBe(1);
    embedded.forgetIdle(T + 3_600_001);
    expect(embedded.cachedSeries).toBe(0);
    expect(tidy(calls.flat())).toEqual([["g", {}, 0, 21]]);
  });
});

describe("seriesKey", () => {
  const series = (labels: Record<string, string>): TimeSeries => ({ labels, samples: [] });

  it("is the same for the same label set in any order, and differs for any other", () => {
    expect(seriesKey(series({ a: "1", b: "2" }))).toBe(seriesKey(series({ b: "2", a: "1" })));
    expect(seriesKey(series({ a: "1", b: "2" }))).not.toBe(seriesKey(series({ a: "1", b: "3" })));
    expect(seriesKey(series({ a: "1b", c: "" }))).not.toBe(seriesKey(series({ a: "1", bc: "" })));
  });
});
