import { sql } from "kysely";
import { chunks } from "../store/batches.js";
import type { Store } from "../store/database.js";
import { fromJson, toJson } from "../store/json.js";
import type { Sums } from "./budget.js";

/**
 * The SLO engine's tables (decision 0005): series, their per-minute counts, the exact hourly sums of
 * those minutes, the read position of pulled sources, and burn alerts.
 */

export interface SeriesKey {
  slo: string;
  stream: string;
  labels: Readonly<Record<string, string>>;
}

export interface SeriesRow extends SeriesKey {
  id: number;
  fingerprint: string;
}

export interface MinuteCount {
  seriesId: number;
  minute: number;
  good: number;
  total: number;
}

/** Labels as stored: keys sorted, so one group is one row whatever order its labels came in. */
export function labelsKey(labels: Readonly<Record<string, string>>): string {
  return toJson(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

const rowOf = (row: { id: number; slo: string; stream: string; labels: unknown; fingerprint: string }) => ({
  id: Number(row.id),
  slo: row.slo,
  stream: row.stream,
  labels: fromJson<Record<string, string>>(row.labels),
  fingerprint: row.fingerprint,
});

export async function listSeries(store: Store): Promise<SeriesRow[]> {
  const rows = await store.db
    .selectFrom("slo_series")
    .select(["id", "slo", "stream", "labels", "fingerprint"])
    .execute();
  return rows.map(rowOf);
}

/** The series' id, made when new; a series whose indicator changed starts over with no counts. */
export async function ensureSeries(store: Store, key: SeriesKey, fingerprint: string, now: number): Promise<SeriesRow> {
  const labels = labelsKey(key.labels);
  const find = () =>
    store.db
      .selectFrom("slo_series")
      .select(["id", "slo", "stream", "labels", "fingerprint"])
      .where("slo", "=", key.slo)
      .where("stream", "=", key.stream)
      .where("labels", "=", labels)
      .executeTakeFirst();
  const existing = await find();
  if (existing && existing.fingerprint === fingerprint) return rowOf(existing);
  if (existing) await store.db.deleteFrom("slo_series").where("id", "=", existing.id).execute();
  await store.db
    .insertInto("slo_series")
    .values({ slo: key.slo, stream: key.stream, labels, fingerprint, created_at: now })
    .onConflict((conflict) => conflict.columns(["slo", "stream", "labels"]).doNothing())
    .execute();
  const made = await find();
  if (!made) throw new Error(`series ${key.slo}/${key.stream} vanished while being made`);
  return rowOf(made);
}

export async function deleteSeries(store: Store, ids: readonly number[]): Promise<void> {
  for (const part of chunks([...ids])) {
    await store.db.deleteFrom("slo_series").where("id", "in", part).execute();
  }
}

/**
 * Writes minutes: `add` adds to what is stored (events, remote_write increases), `set` replaces it
 * (a query API answers the whole minute again). The hours the minutes fall in are then recomputed
 * from their minutes, so hours stay exact sums whatever arrives late.
 */
export async function writeMinutes(
  store: Store,
  counts: readonly MinuteCount[],
  mode: "add" | "set",
  /** Hours from this one on are still open: `closeHours` sums them once they end. Default: none open. */
  openFromHour = Number.POSITIVE_INFINITY,
): Promise<void> {
  if (counts.length === 0) return;
  await store.db.transaction().execute(async (trx) => {
    for (const part of chunks([...counts])) {
      await trx
        .insertInto("slo_minutes")
        .values(
          part.map((count) => ({
            series_id: count.seriesId,
            minute: count.minute,
            good: count.good,
            total: count.total,
          })),
        )
        .onConflict((conflict) =>
          conflict.columns(["series_id", "minute"]).doUpdateSet(
            mode === "add"
              ? {
                  good: sql`slo_minutes.good + excluded.good`,
                  total: sql`slo_minutes.total + excluded.total`,
                }
              : { good: sql`excluded.good`, total: sql`excluded.total` },
          ),
        )
        .execute();
    }
    // The hours the minutes fall in, recomputed from their minutes: one statement per hour and
    // chunk of series, not one per series (10,000 series a cycle made that the cycle's cost).
    const seriesByHour = new Map<number, Set<number>>();
    for (const count of counts) {
      const hour = Math.floor(count.minute / 60);
      if (hour >= openFromHour) continue;
      let series = seriesByHour.get(hour);
      if (!series) {
        series = new Set();
        seriesByHour.set(hour, series);
      }
      series.add(count.seriesId);
    }
    for (const [hour, series] of seriesByHour) {
      for (const part of chunks([...series])) {
        await sql`
          insert into slo_hours (series_id, hour, good, total)
          select series_id, ${hour}, sum(good), sum(total) from slo_minutes
          where series_id in (${sql.join(part)}) and minute >= ${hour * 60} and minute < ${hour * 60 + 60}
          group by series_id
          on conflict (series_id, hour) do update set good = excluded.good, total = excluded.total
        `.execute(trx);
      }
    }
  });
}

const HOURS_CLOSED = "#hours-closed";

/**
 * Sums the minutes of every series into the hours [fromHour, toHour) once they have ended, one
 * statement an hour, and remembers how far hours are closed, so a restart closes what a stop left
 * open. The engine keeps the open hour in its ring; writing it every cycle cost 10,000 upserts.
 */
export async function closeHours(store: Store, fromHour: number, toHour: number, now: number): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    for (let hour = fromHour; hour < toHour; hour++) {
      await sql`
        insert into slo_hours (series_id, hour, good, total)
        select series_id, ${hour}, sum(good), sum(total) from slo_minutes
        where minute >= ${hour * 60} and minute < ${hour * 60 + 60}
        group by series_id
        on conflict (series_id, hour) do update set good = excluded.good, total = excluded.total
      `.execute(trx);
    }
    await trx
      .insertInto("slo_cursors")
      .values({ slo: HOURS_CLOSED, fingerprint: "", minute: toHour, error: null, updated_at: now })
      .onConflict((conflict) => conflict.column("slo").doUpdateSet({ minute: toHour, updated_at: now }))
      .execute();
  });
}

/** The first hour not yet closed, or undefined on a new database. */
export async function readHoursClosed(store: Store): Promise<number | undefined> {
  const row = await store.db
    .selectFrom("slo_cursors")
    .select("minute")
    .where("slo", "=", HOURS_CLOSED)
    .executeTakeFirst();
  return row ? Number(row.minute) : undefined;
}

/**
 * Writes whole hours straight away (a backfill of a month reads minutes, sums them per hour and
 * keeps only the recent minutes): replaces what is stored for those hours.
 */
export async function writeHours(
  store: Store,
  hours: readonly { seriesId: number; hour: number; good: number; total: number }[],
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    for (const part of chunks([...hours])) {
      await trx
        .insertInto("slo_hours")
        .values(part.map((row) => ({ series_id: row.seriesId, hour: row.hour, good: row.good, total: row.total })))
        .onConflict((conflict) =>
          conflict.columns(["series_id", "hour"]).doUpdateSet({ good: sql`excluded.good`, total: sql`excluded.total` }),
        )
        .execute();
    }
  });
}

export async function readMinutes(
  store: Store,
  fromMinute: number,
  seriesIds?: readonly number[],
): Promise<MinuteCount[]> {
  let query = store.db
    .selectFrom("slo_minutes")
    .select(["series_id", "minute", "good", "total"])
    .where("minute", ">=", fromMinute);
  if (seriesIds) query = query.where("series_id", "in", seriesIds.length ? [...seriesIds] : [-1]);
  const rows = await query.execute();
  return rows.map((row) => ({
    seriesId: Number(row.series_id),
    minute: Number(row.minute),
    good: Number(row.good),
    total: Number(row.total),
  }));
}

/** Sums of whole hours in [fromHour, toHour) per series: one query for every series. */
export async function sumHours(
  store: Store,
  fromHour: number,
  toHour: number,
  seriesIds?: readonly number[],
): Promise<Map<number, Sums>> {
  let query = store.db
    .selectFrom("slo_hours")
    .select(["series_id", sql<number>`sum(good)`.as("good"), sql<number>`sum(total)`.as("total")])
    .where("hour", ">=", fromHour)
    .where("hour", "<", toHour)
    .groupBy("series_id");
  if (seriesIds) query = query.where("series_id", "in", seriesIds.length ? [...seriesIds] : [-1]);
  const rows = await query.execute();
  return new Map(rows.map((row) => [Number(row.series_id), { good: Number(row.good), total: Number(row.total) }]));
}

/** The hours of one series in [fromHour, toHour), for charts. */
export async function readHours(
  store: Store,
  seriesId: number,
  fromHour: number,
  toHour: number,
): Promise<{ hour: number; good: number; total: number }[]> {
  const rows = await store.db
    .selectFrom("slo_hours")
    .select(["hour", "good", "total"])
    .where("series_id", "=", seriesId)
    .where("hour", ">=", fromHour)
    .where("hour", "<", toHour)
    .orderBy("hour")
    .execute();
  return rows.map((row) => ({ hour: Number(row.hour), good: Number(row.good), total: Number(row.total) }));
}

export async function pruneSloCounts(store: Store, minutesBefore: number, hoursBefore: number): Promise<void> {
  await store.db.deleteFrom("slo_minutes").where("minute", "<", minutesBefore).execute();
  await store.db.deleteFrom("slo_hours").where("hour", "<", hoursBefore).execute();
}

export interface Cursor {
  fingerprint: string;
  minute: number;
  error: string | null;
}

export async function readCursors(store: Store): Promise<Map<string, Cursor>> {
  const rows = await store.db.selectFrom("slo_cursors").selectAll().execute();
  return new Map(
    rows.map((row) => [row.slo, { fingerprint: row.fingerprint, minute: Number(row.minute), error: row.error }]),
  );
}

export async function writeCursor(store: Store, slo: string, cursor: Cursor, now: number): Promise<void> {
  await store.db
    .insertInto("slo_cursors")
    .values({ slo, fingerprint: cursor.fingerprint, minute: cursor.minute, error: cursor.error, updated_at: now })
    .onConflict((conflict) =>
      conflict
        .column("slo")
        .doUpdateSet({ fingerprint: cursor.fingerprint, minute: cursor.minute, error: cursor.error, updated_at: now }),
    )
    .execute();
}

/** Read positions of SLOs that no longer exist (keyed `<slo>/<stream>`), so a new SLO of the same name backfills again. */
export async function deleteCursorsExcept(store: Store, keep: ReadonlySet<string>): Promise<void> {
  const rows = await store.db.selectFrom("slo_cursors").select("slo").execute();
  const gone = rows
    .map((row) => row.slo)
    .filter((id) => id !== HOURS_CLOSED && !keep.has(id.slice(0, id.lastIndexOf("/"))));
  for (const part of chunks(gone)) await store.db.deleteFrom("slo_cursors").where("slo", "in", part).execute();
}
