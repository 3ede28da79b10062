import { pino } from "pino";
import { afterAll, describe, expect, it, vi } from "vitest";
import { backends, dropTestSchemas, openStoreForEachTest } from "../../test/support/databases.js";
import { insertMonitors, insertResults, type ResultSeed } from "../../test/support/probe-data.js";
import { deleteObject } from "../config/objects.js";
import { createManualClock } from "../core/clock.js";
import type { Store } from "../store/database.js";
import { createRetentionJob, ROLLUP_DELAY_MS } from "./retention.js";
import { readRollupWatermark, rollUpHour } from "./rollup-store.js";
import { decodeHistogram, estimateBucketValue, findLatencyBucket } from "./rollups.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Midnight UTC: hours of the test day are 0 .. 23. */
const DAY_START = Date.UTC(2026, 2, 1);
const logger = pino({ level: "silent" });

afterAll(dropTestSchemas);

describe.each(backends)("retention job on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });

  /** Results every 10 minutes from `from` for `hours` hours; every sixth is down, every fourth degraded. */
  function resultsEveryTenMinutes(monitorId: number, from: number, hours: number): ResultSeed[] {
    return Array.from({ length: hours * 6 }, (_, index) => ({
      monitorId,
      startedAt: from + index * 10 * 60_000,
      status: index % 6 === 5 ? "down" : index % 4 === 3 ? "degraded" : "up",
      durationMs: 20 + index,
    }));
  }

  const rollups = () =>
    store.db.selectFrom("monitor_rollups").selectAll().orderBy("monitor_id").orderBy("hour_start").execute();
  const rawCount = async () =>
    Number(
      (
        await store.db
          .selectFrom("monitor_results")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirst()
      )?.n,
    );

  it("rolls up complete hours only, with counts and a latency histogram of the results that were not down", async () => {
    const [shop] = await insertMonitors(store.db, [{ name: "shop" }], DAY_START);
    await insertResults(store.db, resultsEveryTenMinutes(shop as number, DAY_START, 3));
    // 03:05: hour 2 ended, but results of its last checks may still be on their way.
    const clock = createManualClock(DAY_START + 3 * HOUR + 5 * 60_000);
    const job = createRetentionJob({ store, clock, logger });
    expect(await job.runOnce()).toMatchObject({ hoursRolledUp: 2, rollupsWritten: 2, rawDeleted: 0 });
    expect(await readRollupWatermark(store.db)).toBe(DAY_START + 2 * HOUR);

    const [first, second] = await rollups();
    expect(await rollups()).toHaveLength(2);
    // Hour 0: indexes 0..5, so one down (5) and one degraded (3); durations 20..25 ms.
    expect(first).toMatchObject({ monitor_id: shop, hour_start: DAY_START, checks: 6, failures: 1, degraded: 1 });
    expect(Number(first?.duration_sum_ms)).toBe(20 + 21 + 22 + 23 + 24);
    const histogram = decodeHistogram(first?.histogram as string);
    expect(histogram.reduce((sum, count) => sum + count, 0)).toBe(5);
    expect(histogram[findLatencyBucket(22)]).toBeGreaterThan(0);
    expect(estimateBucketValue(findLatencyBucket(22))).toBeCloseTo(22, -1);
    expect(second).toMatchObject({ hour_start: DAY_START + HOUR, checks: 6, failures: 1 });

    clock.set(DAY_START + 3 * HOUR + ROLLUP_DELAY_MS);
    expect(await job.runOnce()).toMatchObject({ hoursRolledUp: 1 });
    expect(await rollups()).toHaveLength(3);
  });

  it("changes nothing when run again or when an hour is rolled up twice", async () => {
    const [a, b] = await insertMonitors(store.db, [{ name: "a" }, { name: "b" }], DAY_START);
    await insertResults(store.db, [
      ...resultsEveryTenMinutes(a as number, DAY_START, 4),
      ...resultsEveryTenMinutes(b as number, DAY_START + HOUR, 2),
    ]);
    const clock = createManualClock(DAY_START + 5 * HOUR);
    const job = createRetentionJob({ store, clock, logger });
    await job.runOnce();
    const once = await rollups();
    expect(once).toHaveLength(4 + 2);
    expect(await job.runOnce()).toEqual({ hoursRolledUp: 0, rollupsWritten: 0, rawDeleted: 0, rollupsDeleted: 0 });
    expect(await rollUpHour(store.db, DAY_START + HOUR, [a as number, b as number])).toBe(2);
    expect(await rollups()).toEqual(once);
    expect(await rawCount()).toBe(6 * 6);
  });

  it("deletes raw results past their retention only once their hour is rolled up", async () => {
    const [shop] = await insertMonitors(store.db, [{ name: "shop" }], DAY_START);
    await insertResults(store.db, resultsEveryTenMinutes(shop as number, DAY_START, 3));
    // 03:05 with a 30-minute raw retention: hours 0 and 1 are rolled up, hour 2 is not complete.
    const clock = createManualClock(DAY_START + 3 * HOUR + 5 * 60_000);
    const job = createRetentionJob({ store, clock, logger, rawRetentionMs: 30 * 60_000 });
    expect(await job.runOnce()).toMatchObject({ hoursRolledUp: 2, rawDeleted: 12 });
    expect(await rawCount()).toBe(6);

    clock.set(DAY_START + 3 * HOUR + ROLLUP_DELAY_MS);
    // Hour 2 is rolled up now; of it, what started before 02:40 is past the retention.
    expect(await job.runOnce()).toMatchObject({ hoursRolledUp: 1, rawDeleted: 4 });
    expect(await rawCount()).toBe(2);
    expect((await rollups()).map((row) => Number(row.checks))).toEqual([6, 6, 6]);
  });

  it("deletes rollups past their retention and skips hours that would go at once", async () => {
    const [shop] = await insertMonitors(store.db, [{ name: "shop" }], DAY_START);
    await insertResults(store.db, resultsEveryTenMinutes(shop as number, DAY_START, 48));
    const clock = createManualClock(DAY_START + 2 * DAY + HOUR);
    const job = createRetentionJob({ store, clock, logger, rawRetentionMs: HOUR, rollupRetentionMs: DAY });
    // Up to 01:00 on the second day is past the rollup retention: not rolled up, and its raw results go.
    expect(await job.runOnce()).toMatchObject({ hoursRolledUp: 23, rawDeleted: 48 * 6, rollupsDeleted: 0 });
    expect((await rollups())[0]?.hour_start).toBe(DAY_START + DAY + HOUR);

    await clock.advance(3 * HOUR);
    expect(await job.runOnce()).toMatchObject({ hoursRolledUp: 3, rollupsDeleted: 3 });
    expect((await rollups())[0]?.hour_start).toBe(DAY_START + DAY + 4 * HOUR);
  });

  it("loses a monitor's rollups with the monitor", async () => {
    const [gone, kept] = await insertMonitors(store.db, [{ name: "gone" }, { name: "kept" }], DAY_START);
    await insertResults(store.db, [
      ...resultsEveryTenMinutes(gone as number, DAY_START, 2),
      ...resultsEveryTenMinutes(kept as number, DAY_START, 2),
    ]);
    await createRetentionJob({ store, clock: createManualClock(DAY_START + 3 * HOUR), logger }).runOnce();
    expect(await rollups()).toHaveLength(4);
    await deleteObject(store.db, gone as number);
    expect((await rollups()).map((row) => Number(row.monitor_id))).toEqual([kept, kept]);
  });

  it("runs at start and every ten minutes of its clock until stopped", async () => {
    const [shop] = await insertMonitors(store.db, [{ name: "shop" }], DAY_START);
    await insertResults(store.db, resultsEveryTenMinutes(shop as number, DAY_START, 6));
    const clock = createManualClock(DAY_START + HOUR + ROLLUP_DELAY_MS);
    const job = createRetentionJob({ store, clock, logger });
    // Idle: the run is over and the next one is scheduled.
    const settle = () => vi.waitFor(() => expect(clock.pendingTimers()).toBe(1));
    job.start();
    await clock.advance(0);
    await settle();
    expect(await readRollupWatermark(store.db)).toBe(DAY_START + HOUR);

    for (let step = 0; step < 6; step++) {
      await clock.advance(10 * 60_000);
      await settle();
    }
    expect(await readRollupWatermark(store.db)).toBe(DAY_START + 2 * HOUR);
    await job.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});
