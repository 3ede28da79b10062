import { type Expression, type Kysely, type RawBuilder, sql } from "kysely";
import { invalid } from "../core/errors.js";
import type { Database } from "../store/schema.js";
import { HOUR_MS, selectLatencyBucket, selectRollupWatermark } from "./rollup-store.js";
import {
  addToBucket,
  createHistogram,
  decodeHistogram,
  type Histogram,
  mergeHistograms,
  summarizeLatency,
} from "./rollups.js";
import type { UptimeBucket, UptimeReport } from "./views.js";

// Uptime is the share of results that were not down: a degraded result (slow, a certificate near
// expiry) still served its users. Every range is answered in one query: hourly rollups for the
// whole hours inside it that are rolled up, raw results for the rest (the recent hours not yet
// rolled up and a partial hour at its start). See docs/decisions/0003-bounded-probe-storage.md.

const DAY_MS = 86_400_000;
export const MAX_UPTIME_BUCKETS = 10_000;

/** The range [from, to) in buckets of `step`, counted from `from`. */
interface Span {
  from: number;
  to: number;
  step: number;
}

type PartQuery = ReturnType<typeof selectRawPart>;

/** One part's columns; rollups and raw results give the same ones, so the parts can be unioned. */
function selectColumns(
  index: number,
  bucket: RawBuilder<number>,
  counts: { checks: RawBuilder<number>; failures: RawBuilder<number>; degraded: RawBuilder<number> },
  histogram: RawBuilder<string | null>,
  latencyBucket: RawBuilder<number | null>,
) {
  return [
    sql<number>`monitor_id`.as("monitor_id"),
    sql<number>`${sql.lit(index)}`.as("span"),
    bucket.as("bucket"),
    counts.checks.as("checks"),
    counts.failures.as("failures"),
    counts.degraded.as("degraded"),
    histogram.as("histogram"),
    latencyBucket.as("latency_bucket"),
  ] as const;
}

const countStatus = (status: string) => sql<number>`sum(case when status = ${sql.lit(status)} then 1 else 0 end)`;

function selectRawPart(
  db: Kysely<Database>,
  monitorIds: number[],
  range: { lower: Expression<number> | number; upper: number },
  columns: ReturnType<typeof selectColumns>,
  groupBy: RawBuilder<unknown>[],
) {
  return (
    db
      .selectFrom("monitor_results")
      .select(columns)
      .where("monitor_id", "in", monitorIds)
      .where("started_at", ">=", range.lower)
      .where("started_at", "<", range.upper)
      // Planned maintenance does not count against uptime; rollups leave it out the same way.
      .where("in_maintenance", "=", 0)
      .groupBy(groupBy)
  );
}

/**
 * The parts of one span: rollups for its whole hours before the watermark, raw results before the
 * first whole hour and from the watermark (or the last whole hour) on. With `withLatency` raw
 * results are grouped by latency bucket too and rollups come one row per hour with their
 * histogram; without, rollups are summed in the database.
 */
function selectSpanParts(
  db: Kysely<Database>,
  monitorIds: number[],
  span: Span,
  index: number,
  withLatency: boolean,
): PartQuery[] {
  const firstHour = Math.ceil(span.from / HOUR_MS) * HOUR_MS;
  const lastHour = Math.floor(span.to / HOUR_MS) * HOUR_MS;
  const [rolledFrom, rolledTo] = firstHour < lastHour ? [firstHour, lastHour] : [span.from, span.from];
  const watermark = selectRollupWatermark();
  // Literals, not parameters: PostgreSQL must see the same expression in `select` and `group by`.
  const bucketOf = (column: string) =>
    sql<number>`cast((${sql.ref(column)} - ${sql.lit(span.from)}) / ${sql.lit(span.step)} as integer)`;
  const parts: PartQuery[] = [];

  if (rolledFrom < rolledTo) {
    const bucket = bucketOf("hour_start");
    const rollups = db
      .selectFrom("monitor_rollups")
      .where("monitor_id", "in", monitorIds)
      .where("hour_start", ">=", rolledFrom)
      .where("hour_start", "<", rolledTo)
      .where("hour_start", "<", watermark);
    const none = sql<null>`null`;
    parts.push(
      (withLatency
        ? rollups.select(
            selectColumns(
              index,
              bucket,
              { checks: sql`checks`, failures: sql`failures`, degraded: sql`degraded` },
              sql`histogram`,
              none,
            ),
          )
        : rollups
            .select(
              selectColumns(
                index,
                bucket,
                { checks: sql`sum(checks)`, failures: sql`sum(failures)`, degraded: sql`sum(degraded)` },
                none,
                none,
              ),
            )
            .groupBy([sql`monitor_id`, bucket])) as unknown as PartQuery,
    );
  }

  // Everything the rollups leave out: [from, rolledFrom) and [watermark within [rolledFrom, rolledTo], to).
  const resumeAt = sql<number>`case when ${watermark} < ${sql.lit(rolledFrom)} then ${sql.lit(rolledFrom)} when ${watermark} > ${sql.lit(rolledTo)} then ${sql.lit(rolledTo)} else ${watermark} end`;
  const ranges: Array<{ lower: Expression<number> | number; upper: number }> = [{ lower: resumeAt, upper: span.to }];
  if (span.from < rolledFrom) ranges.unshift({ lower: span.from, upper: rolledFrom });
  const bucket = bucketOf("started_at");
  const latency = withLatency
    ? sql<number | null>`case when status = 'down' then null else ${selectLatencyBucket(sql`duration_ms`)} end`
    : sql<number | null>`null`;
  const counts = { checks: sql<number>`count(*)`, failures: countStatus("down"), degraded: countStatus("degraded") };
  const columns = selectColumns(index, bucket, counts, sql<null>`null`, latency);
  const groupBy = withLatency ? [sql`monitor_id`, bucket, latency] : [sql`monitor_id`, bucket];
  for (const range of ranges) parts.push(selectRawPart(db, monitorIds, range, columns, groupBy));
  return parts;
}

function unionParts(parts: PartQuery[]): PartQuery {
  const [first, ...rest] = parts as [PartQuery, ...PartQuery[]];
  return rest.reduce<PartQuery>((union, part) => union.unionAll(part), first);
}

export interface UptimeReportOptions {
  /** Epoch ms, inclusive; rounded down to the hour. Default: 30 days before `to`. */
  from?: number | undefined;
  /** Epoch ms, exclusive. Default: `now`. */
  to?: number | undefined;
  /** Bucket length: whole hours, at least one. Default one day. */
  stepMs?: number | undefined;
  now: number;
}

/** A monitor's uptime and latency over [from, to) in buckets of `step`, in one query. */
export async function getUptimeReport(
  db: Kysely<Database>,
  monitorId: number,
  options: UptimeReportOptions,
): Promise<UptimeReport> {
  const to = options.to ?? options.now;
  const from = Math.floor((options.from ?? to - 30 * DAY_MS) / HOUR_MS) * HOUR_MS;
  const step = options.stepMs ?? DAY_MS;
  if (step < HOUR_MS || step % HOUR_MS !== 0)
    throw invalid(`expected step to be a whole number of hours (1h, 6h, 1d ...), got ${step} ms`);
  if (to <= from) throw invalid(`expected from (${from}) to be before to (${to})`);
  const count = Math.ceil((to - from) / step);
  if (count > MAX_UPTIME_BUCKETS)
    throw invalid(`the range holds ${count} buckets of ${step / HOUR_MS}h; at most ${MAX_UPTIME_BUCKETS} are allowed`);

  const rows = await unionParts(selectSpanParts(db, [monitorId], { from, to, step }, 0, true)).execute();
  const buckets = Array.from({ length: count }, (_, index) => ({
    start: from + index * step,
    end: Math.min(from + (index + 1) * step, to),
    checks: 0,
    failures: 0,
    degraded: 0,
    histogram: createHistogram() as Histogram,
  }));
  for (const row of rows) {
    const bucket = buckets[Number(row.bucket)];
    if (!bucket) continue;
    bucket.checks += Number(row.checks);
    bucket.failures += Number(row.failures);
    bucket.degraded += Number(row.degraded);
    if (row.histogram !== null) mergeHistograms(bucket.histogram, decodeHistogram(row.histogram));
    if (row.latency_bucket !== null) addToBucket(bucket.histogram, Number(row.latency_bucket), Number(row.checks));
  }
  const checks = buckets.reduce((sum, bucket) => sum + bucket.checks, 0);
  const failures = buckets.reduce((sum, bucket) => sum + bucket.failures, 0);
  return {
    from,
    to,
    uptime: computeUptime(checks, failures),
    checks,
    buckets: buckets.map(
      ({ histogram, ...bucket }): UptimeBucket => ({
        ...bucket,
        uptime: computeUptime(bucket.checks, bucket.failures),
        latency: summarizeLatency(histogram),
      }),
    ),
  };
}

export interface UptimeSummary {
  uptime24h: number | null;
  uptime30d: number | null;
}

/** The 24-hour and 30-day uptime of a page of monitors, in one query. */
export async function selectUptimeSummaries(
  db: Kysely<Database>,
  monitorIds: number[],
  now: number,
): Promise<Map<number, UptimeSummary>> {
  const summaries = new Map<number, UptimeSummary>();
  if (monitorIds.length === 0) return summaries;
  const spans = [DAY_MS, 30 * DAY_MS].map((length) => ({ from: now - length, to: now, step: length }));
  const parts = spans.flatMap((span, index) => selectSpanParts(db, monitorIds, span, index, false));
  const rows = await db
    .selectFrom(unionParts(parts).as("parts"))
    .select((eb) => [
      "monitor_id",
      "span",
      eb.fn.sum<number>("checks").as("checks"),
      eb.fn.sum<number>("failures").as("failures"),
    ])
    .groupBy(["monitor_id", "span"])
    .execute();
  for (const row of rows) {
    const id = Number(row.monitor_id);
    const summary = summaries.get(id) ?? { uptime24h: null, uptime30d: null };
    const uptime = computeUptime(Number(row.checks), Number(row.failures));
    if (Number(row.span) === 0) summary.uptime24h = uptime;
    else summary.uptime30d = uptime;
    summaries.set(id, summary);
  }
  return summaries;
}

const computeUptime = (checks: number, failures: number) => (checks > 0 ? (checks - failures) / checks : null);
