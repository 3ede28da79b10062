import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { backends, dropTestSchemas, openStoreForEachTest } from "../../test/support/databases.js";
import { createRandom, insertMonitors, insertResults, type ResultSeed } from "../../test/support/probe-data.js";
import { createManualClock } from "../core/clock.js";
import type { NinesError } from "../core/errors.js";
import type { Store } from "../store/database.js";
import { createRetentionJob } from "./retention.js";
import { HISTOGRAM_RELATIVE_ERROR } from "./rollups.js";
import { getMonitorView } from "./store.js";
import { getUptimeReport, MAX_UPTIME_BUCKETS, selectUptimeSummaries } from "./uptime-store.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 2, 1);
/** Not on a whole hour, so ranges end and begin inside hours. */
const NOW = START + 3 * DAY + 5 * HOUR + 17 * 60_000 + 300;
const logger = pino({ level: "silent" });

afterAll(dropTestSchemas);

/** Three days of checks every 30 s up to NOW: about 3% down, 5% degraded, log-normal latency. */
function simulateResults(monitorId: number, seed: number): ResultSeed[] {
  const random = createRandom(seed);
  const results: ResultSeed[] = [];
  for (let at = START; at < NOW; at += 30_000) {
    const roll = random();
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    results.push({
      monitorId,
      startedAt: at,
      status: roll < 0.03 ? "down" : roll < 0.08 ? "degraded" : "up",
      durationMs: 80 * Math.exp(0.6 * normal),
    });
  }
  return results;
}

function exactPercentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] as number;
}

describe.each(backends)("uptime over any range on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });

  it("leaves results taken in maintenance out of uptime, in raw results and in rollups alike", async () => {
    const [shop] = await insertMonitors(store.db, [{ name: "shop" }], START);
    const hour = START + DAY;
    await insertResults(store.db, [
      { monitorId: shop as number, startedAt: hour, status: "up", durationMs: 10 },
      { monitorId: shop as number, startedAt: hour + 60_000, status: "down", durationMs: 10, inMaintenance: true },
      { monitorId: shop as number, startedAt: hour + 120_000, status: "down", durationMs: 10 },
      { monitorId: shop as number, startedAt: hour + 180_000, status: "up", durationMs: 10 },
    ]);
    const range = { from: hour, to: hour + HOUR, stepMs: HOUR, now: NOW };
    const raw = await getUptimeReport(store.db, shop as number, range);
    expect(raw).toMatchObject({ checks: 3, uptime: 2 / 3 });
    const clock = createManualClock(NOW);
    await createRetentionJob({ store, clock, logger }).runOnce();
    expect(await getUptimeReport(store.db, shop as number, range)).toMatchObject({ checks: 3, uptime: 2 / 3 });
  });

  it("answers the same from rollups and raw results as from raw results alone", async () => {
    const [shop, other] = await insertMonitors(store.db, [{ name: "shop" }, { name: "other" }], START);
    const results = simulateResults(shop as number, 1);
    await insertResults(store.db, [...results, ...simulateResults(other as number, 2)]);
    const options = { from: NOW - 3 * DAY, to: NOW, now: NOW };
    const hourly = await getUptimeReport(store.db, shop as number, { ...options, stepMs: HOUR });
    const daily = await getUptimeReport(store.db, shop as number, { ...options, stepMs: DAY });
    const viewBefore = await getMonitorView(store.db, "shop", NOW);

    // Raw results stay for a day and a half: the 30-day span starts in rollups, the 24-hour one in raw.
    const job = createRetentionJob({ store, clock: createManualClock(NOW), logger, rawRetentionMs: 36 * HOUR });
    const run = await job.runOnce();
    expect(run.hoursRolledUp).toBe(3 * 24 + 5);
    expect(run.rawDeleted).toBeGreaterThan(0);
    expect(await getUptimeReport(store.db, shop as number, { ...options, stepMs: HOUR })).toEqual(hourly);
    expect(await getUptimeReport(store.db, shop as number, { ...options, stepMs: DAY })).toEqual(daily);
    expect(await getMonitorView(store.db, "shop", NOW)).toEqual(viewBefore);

    // And both agree with the results themselves: counts exactly, latency within the histogram's error.
    expect(daily.from).toBe(START + 5 * HOUR);
    expect(daily.buckets).toHaveLength(4);
    for (const bucket of [...daily.buckets, ...hourly.buckets.slice(-3)]) {
      const inBucket = results.filter((result) => result.startedAt >= bucket.start && result.startedAt < bucket.end);
      const down = inBucket.filter((result) => result.status === "down").length;
      expect(bucket).toMatchObject({
        checks: inBucket.length,
        failures: down,
        degraded: inBucket.filter((result) => result.status === "degraded").length,
        uptime: (inBucket.length - down) / inBucket.length,
      });
      const latencies = inBucket.filter((result) => result.status !== "down").map((result) => result.durationMs);
      for (const q of [0.5, 0.95, 0.99] as const) {
        const exact = exactPercentile(latencies, q);
        const estimate = bucket.latency?.[`p${Math.round(q * 100)}` as "p50" | "p95" | "p99"] as number;
        expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR);
      }
    }
    expect(daily.checks).toBe(results.filter((result) => result.startedAt >= daily.from).length);
    const last24h = results.filter((result) => result.startedAt >= NOW - DAY);
    expect(viewBefore?.uptime24h).toBeCloseTo(
      last24h.filter((result) => result.status !== "down").length / last24h.length,
      12,
    );
    expect(viewBefore?.uptime30d).toBeCloseTo(
      results.filter((result) => result.status !== "down").length / results.length,
      12,
    );
  });

  it("buckets by step from the hour of `from`, the last one cut at `to`, empty ones without uptime", async () => {
    const [shop] = await insertMonitors(store.db, [{ name: "shop" }], START);
    await insertResults(store.db, [
      { monitorId: shop as number, startedAt: START + 30 * 60_000, status: "up", durationMs: 10 },
      { monitorId: shop as number, startedAt: START + 7 * HOUR, status: "down", durationMs: 5000 },
      { monitorId: shop as number, startedAt: START + 7 * HOUR + 1, status: "degraded", durationMs: 900 },
    ]);
    await createRetentionJob({ store, clock: createManualClock(START + 5 * HOUR), logger }).runOnce();

    const report = await getUptimeReport(store.db, shop as number, {
      from: START + 20 * 60_000,
      to: START + 13 * HOUR,
      stepMs: 6 * HOUR,
      now: NOW,
    });
    expect(report).toEqual({
      from: START,
      to: START + 13 * HOUR,
      uptime: 2 / 3,
      checks: 3,
      buckets: [
        {
          start: START,
          end: START + 6 * HOUR,
          checks: 1,
          failures: 0,
          degraded: 0,
          uptime: 1,
          latency: expect.objectContaining({ p50: expect.closeTo(10, 0) }),
        },
        {
          start: START + 6 * HOUR,
          end: START + 12 * HOUR,
          checks: 2,
          failures: 1,
          degraded: 1,
          uptime: 0.5,
          latency: expect.objectContaining({ p99: expect.closeTo(900, -2) }),
        },
        {
          start: START + 12 * HOUR,
          end: START + 13 * HOUR,
          checks: 0,
          failures: 0,
          degraded: 0,
          uptime: null,
          latency: null,
        },
      ],
    });
  });

  it("counts only the results before `to` when `to` falls inside a rolled-up hour", async () => {
    const [shop] = await insertMonitors(store.db, [{ name: "shop" }], START);
    const hour = START + HOUR;
    await insertResults(store.db, [
      { monitorId: shop as number, startedAt: hour + 10 * 60_000, status: "up", durationMs: 10 },
      { monitorId: shop as number, startedAt: hour + 50 * 60_000, status: "down", durationMs: 10 },
    ]);
    await createRetentionJob({ store, clock: createManualClock(START + 5 * HOUR), logger }).runOnce();
    const report = await getUptimeReport(store.db, shop as number, {
      from: START,
      to: hour + 30 * 60_000,
      stepMs: HOUR,
      now: NOW,
    });
    expect(report.buckets.map(({ checks, failures }) => ({ checks, failures }))).toEqual([
      { checks: 0, failures: 0 },
      { checks: 1, failures: 0 },
    ]);
  });

  it("sums the 24-hour and 30-day uptime of a page, null where a span has no result", async () => {
    const [recent, old] = await insertMonitors(store.db, [{ name: "recent" }, { name: "old" }], START);
    await insertResults(store.db, [
      { monitorId: recent as number, startedAt: NOW - HOUR, status: "up", durationMs: 10 },
      { monitorId: recent as number, startedAt: NOW - 2 * DAY, status: "down", durationMs: 10 },
      { monitorId: old as number, startedAt: NOW - 2 * DAY, status: "up", durationMs: 10 },
    ]);
    const summaries = await selectUptimeSummaries(store.db, [recent as number, old as number], NOW);
    expect(summaries.get(recent as number)).toStrictEqual({ uptime24h: 1, uptime30d: 0.5 });
    expect(summaries.get(old as number)).toStrictEqual({ uptime24h: null, uptime30d: 1 });
    expect(await selectUptimeSummaries(store.db, [], NOW)).toEqual(new Map());
  });

  it("defaults to the last 30 days by day and refuses steps it cannot answer", async () => {
    const [shop] = await insertMonitors(store.db, [{ name: "shop" }], START);
    const report = await getUptimeReport(store.db, shop as number, { now: NOW });
    expect(report).toMatchObject({ to: NOW, uptime: null, checks: 0 });
    expect(report.from).toBe(Math.floor((NOW - 30 * DAY) / HOUR) * HOUR);
    expect(report.buckets).toHaveLength(31);

    const attempt = async (options: Parameters<typeof getUptimeReport>[2]) => {
      try {
        await getUptimeReport(store.db, shop as number, options);
        return "no error";
      } catch (error) {
        return `${(error as NinesError).code}: ${(error as Error).message}`;
      }
    };
    expect(await attempt({ now: NOW, stepMs: 0 })).toMatch(/^Invalid: .*whole number of hours/);
    expect(await attempt({ now: NOW, stepMs: HOUR - 1 })).toMatch(/^Invalid: .*whole number of hours/);
    expect(await attempt({ now: NOW, from: NOW - DAY, stepMs: 2 * HOUR })).toBe("no error");
    // from is taken down to its hour, so a range from and to the same instant inside an hour is not empty.
    expect(await attempt({ now: NOW, from: START, to: START })).toMatch(/^Invalid: .*before/);
    expect(await attempt({ now: NOW, from: START + 1, to: START + 1 })).toBe("no error");
    expect(await attempt({ now: NOW, from: START, to: START + MAX_UPTIME_BUCKETS * HOUR, stepMs: HOUR })).toBe(
      "no error",
    );
    expect(await attempt({ now: NOW, from: START, to: START + MAX_UPTIME_BUCKETS * HOUR + 1, stepMs: HOUR })).toMatch(
      new RegExp(`^Invalid: the range holds ${MAX_UPTIME_BUCKETS + 1} buckets of 1h; at most ${MAX_UPTIME_BUCKETS}`),
    );
    expect(await attempt({ now: NOW, stepMs: 90 * 60_000 })).toMatch(/^Invalid: .*whole number of hours/);
    expect(await attempt({ now: NOW, from: NOW, to: NOW - DAY })).toMatch(/^Invalid: .*before/);
    expect(await attempt({ now: NOW, from: 0, stepMs: HOUR })).toMatch(
      new RegExp(`^Invalid: .*at most ${MAX_UPTIME_BUCKETS}`),
    );
  });
});
