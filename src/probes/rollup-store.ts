import { type Kysely, type RawBuilder, sql } from "kysely";
import { parseDuration } from "../core/duration.js";
import { chunks } from "../store/batches.js";
import { fromJson } from "../store/json.js";
import type { Database } from "../store/schema.js";
import { selectMonitors } from "./monitor-objects.js";
import {
  addToBucket,
  createHistogram,
  encodeHistogram,
  HISTOGRAM_MAX_MS,
  HISTOGRAM_SCALE,
  type Histogram,
  OVERFLOW_BUCKET,
} from "./rollups.js";

export const HOUR_MS = 3_600_000;
const SERIES = "monitor_results";

/**
 * `findLatencyBucket` in SQL, for raw results grouped in the database. Constants are literals, not
 * parameters, so PostgreSQL sees the same expression in `select` and `group by`.
 */
export function selectLatencyBucket(duration: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`case when ${duration} < 1 then 0 when ${duration} >= ${sql.lit(HISTOGRAM_MAX_MS)} then ${sql.lit(OVERFLOW_BUCKET)} else cast(floor(ln(${duration}) * cast(${sql.lit(HISTOGRAM_SCALE)} as double precision)) as integer) + 1 end`;
}

/** Everything before this instant (a whole hour) has been rolled up; `undefined` before the first run. */
export async function readRollupWatermark(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db
    .selectFrom("rollup_watermarks")
    .select("rolled_up_until")
    .where("series", "=", SERIES)
    .executeTakeFirst();
  return row ? Number(row.rolled_up_until) : undefined;
}

/** The watermark as a scalar subquery, 0 before the first run, for queries that split raw from rolled up. */
export function selectRollupWatermark(): RawBuilder<number> {
  return sql<number>`coalesce((select rolled_up_until from rollup_watermarks where series = ${sql.lit(SERIES)}), 0)`;
}

export async function writeRollupWatermark(db: Kysely<Database>, until: number): Promise<void> {
  await db
    .insertInto("rollup_watermarks")
    .values({ series: SERIES, rolled_up_until: until })
    .onConflict((oc) => oc.column("series").doUpdateSet({ rolled_up_until: until }))
    .execute();
}

/** When the oldest raw result started, to know where the first run begins. */
export async function findOldestResultAt(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db
    .selectFrom("monitor_results")
    .select((eb) => eb.fn.min("started_at").as("oldest"))
    .executeTakeFirst();
  return row?.oldest === null || row?.oldest === undefined ? undefined : Number(row.oldest);
}

/** Each monitor with the raw results it writes per hour, to size batches; 60 s for a monitor without an interval. */
export async function listMonitorLoads(db: Kysely<Database>): Promise<Array<{ id: number; resultsPerHour: number }>> {
  const rows = await selectMonitors(db).select(["monitors.id", "monitors.spec"]).orderBy("monitors.id").execute();
  return rows.map((row) => {
    const interval = parseDuration(fromJson<{ interval?: string }>(row.spec).interval ?? "") ?? 60_000;
    return { id: Number(row.id), resultsPerHour: Math.ceil(HOUR_MS / Math.max(interval, 1000)) };
  });
}

interface RollupCounts {
  checks: number;
  failures: number;
  degraded: number;
  durationSumMs: number;
  histogram: Histogram;
}

/**
 * Rolls the raw results of one hour up into one row per monitor (those with results), replacing
 * any earlier rollup of that hour, so running it again changes nothing.
 */
export async function rollUpHour(db: Kysely<Database>, hourStart: number, monitorIds: number[]): Promise<number> {
  if (monitorIds.length === 0) return 0;
  const bucket = selectLatencyBucket(sql`duration_ms`);
  const rows = await db
    .selectFrom("monitor_results")
    .select((eb) => [
      "monitor_id",
      "status",
      bucket.as("bucket"),
      eb.fn.countAll<number>().as("results"),
      eb.fn.sum<number>("duration_ms").as("duration_sum"),
    ])
    .where("monitor_id", "in", monitorIds)
    .where("started_at", ">=", hourStart)
    .where("started_at", "<", hourStart + HOUR_MS)
    // Planned maintenance does not count against uptime (as on status pages and in SLAs).
    .where("in_maintenance", "=", 0)
    .groupBy(["monitor_id", "status", bucket])
    .execute();
  const rollups = new Map<number, RollupCounts>();
  for (const row of rows) {
    const id = Number(row.monitor_id);
    let counts = rollups.get(id);
    if (!counts) {
      counts = { checks: 0, failures: 0, degraded: 0, durationSumMs: 0, histogram: createHistogram() };
      rollups.set(id, counts);
    }
    const results = Number(row.results);
    counts.checks += results;
    // A down result's duration is a timeout or an error's, not the service's latency.
    if (row.status === "down") {
      counts.failures += results;
      continue;
    }
    if (row.status === "degraded") counts.degraded += results;
    counts.durationSumMs += Number(row.duration_sum);
    addToBucket(counts.histogram, Number(row.bucket), results);
  }
  const values = [...rollups].map(([id, counts]) => ({
    monitor_id: id,
    hour_start: hourStart,
    checks: counts.checks,
    failures: counts.failures,
    degraded: counts.degraded,
    duration_sum_ms: counts.durationSumMs,
    histogram: encodeHistogram(counts.histogram),
  }));
  for (const chunk of chunks(values)) {
    await db
      .insertInto("monitor_rollups")
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(["monitor_id", "hour_start"]).doUpdateSet((eb) => ({
          checks: eb.ref("excluded.checks"),
          failures: eb.ref("excluded.failures"),
          degraded: eb.ref("excluded.degraded"),
          duration_sum_ms: eb.ref("excluded.duration_sum_ms"),
          histogram: eb.ref("excluded.histogram"),
        })),
      )
      .execute();
  }
  return values.length;
}

/**
 * Deletes up to `limit` raw results of these monitors that started before `before`; the caller
 * repeats while a full batch went, so no single statement holds the database for long.
 */
export async function deleteRawResults(
  db: Kysely<Database>,
  monitorIds: number[],
  before: number,
  limit: number,
): Promise<number> {
  if (monitorIds.length === 0) return 0;
  const result = await db
    .deleteFrom("monitor_results")
    .where("id", "in", (eb) =>
      eb
        .selectFrom("monitor_results")
        .select("id")
        .where("monitor_id", "in", monitorIds)
        .where("started_at", "<", before)
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteRollups(db: Kysely<Database>, monitorIds: number[], before: number): Promise<number> {
  if (monitorIds.length === 0) return 0;
  const result = await db
    .deleteFrom("monitor_rollups")
    .where("monitor_id", "in", monitorIds)
    .where("hour_start", "<", before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
