import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import { chunks } from "../store/batches.js";
import type { Store } from "../store/database.js";
import { fromJson, toJson } from "../store/json.js";
import type { AlertsTable, Database } from "../store/schema.js";
import {
  type AlertEvent,
  type AlertEventName,
  mergeAlert,
  type NormalizedAlert,
  type PriorAlert,
  type TrackedAlert,
} from "./ingest.js";
import type { AlertSource, StoredAlert } from "./model.js";

type Executor = Kysely<Database> | Transaction<Database>;

/** Alerts per transaction: Prometheus' batch size, three statements each. */
export const ALERT_BATCH = 256;

export interface UpsertReport {
  /** Every alert as stored after the batch, in the order given (a fingerprint sent twice appears once). */
  alerts: TrackedAlert[];
  events: AlertEvent[];
}

/**
 * Stores alerts, merged with what is stored under each fingerprint (`mergeAlert`), and their
 * history events: per batch of 256 one transaction of one read, one upsert and one insert. On
 * PostgreSQL the read locks the rows, so two senders of one alert merge in turn.
 */
export async function upsertAlerts(
  store: Store,
  alerts: readonly NormalizedAlert[],
  source: AlertSource,
  now: number,
): Promise<UpsertReport> {
  const report: UpsertReport = { alerts: [], events: [] };
  for (const batch of chunks(alerts, ALERT_BATCH)) {
    await store.db.transaction().execute(async (trx) => {
      const fingerprints = batch.map((alert) => alert.fingerprint);
      // Only what a merge reads: labels and annotations come from the sender, unparsed JSON stays behind.
      let read = trx
        .selectFrom("alerts")
        .select(["fingerprint", "starts_at", "ends_at", "timeout", "received_at", "resolved_at"])
        .where("fingerprint", "in", fingerprints);
      if (store.dialect === "postgres") read = read.forUpdate();
      const prior = new Map<string, PriorAlert>();
      for (const row of await read.execute())
        prior.set(row.fingerprint, {
          startsAt: Number(row.starts_at),
          endsAt: Number(row.ends_at),
          timeout: Boolean(row.timeout),
          receivedAt: Number(row.received_at),
          resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
        });
      const current = new Map<string, TrackedAlert>();
      const events: AlertEvent[] = [];
      for (const alert of batch) {
        const merged = mergeAlert(current.get(alert.fingerprint) ?? prior.get(alert.fingerprint), alert, source, now);
        current.set(alert.fingerprint, merged.alert);
        events.push(...merged.events);
      }
      const written = [...current.values()];
      await trx
        .insertInto("alerts")
        .values(written.map(toRow))
        .onConflict((conflict) =>
          conflict.column("fingerprint").doUpdateSet((eb) => ({
            labels: eb.ref("excluded.labels"),
            annotations: eb.ref("excluded.annotations"),
            starts_at: eb.ref("excluded.starts_at"),
            ends_at: eb.ref("excluded.ends_at"),
            timeout: eb.ref("excluded.timeout"),
            generator_url: eb.ref("excluded.generator_url"),
            source: eb.ref("excluded.source"),
            received_at: eb.ref("excluded.received_at"),
            updated_at: eb.ref("excluded.updated_at"),
            resolved_at: eb.ref("excluded.resolved_at"),
          })),
        )
        .execute();
      if (events.length) await trx.insertInto("alert_history").values(events.map(toHistoryRow)).execute();
      report.alerts.push(...written);
      report.events.push(...events);
    });
  }
  return report;
}

/**
 * The resolve-timeout sweep: alerts whose `endsAt` passed without a resolve arriving are resolved
 * at that instant, once each (the engine calls this every few seconds). Returns them.
 */
export async function resolveExpired(store: Store, now: number): Promise<StoredAlert[]> {
  return store.db.transaction().execute(async (trx) => {
    let read = trx.selectFrom("alerts").selectAll().where("resolved_at", "is", null).where("ends_at", "<=", now);
    if (store.dialect === "postgres") read = read.forUpdate();
    const rows = await read.execute();
    if (rows.length === 0) return [];
    const resolved = rows.map(toTracked);
    for (const chunk of chunks(resolved)) {
      const fingerprints = chunk.map((alert) => alert.fingerprint);
      await trx
        .updateTable("alerts")
        .set((eb) => ({ resolved_at: eb.ref("ends_at") }))
        .where("fingerprint", "in", fingerprints)
        .where("resolved_at", "is", null)
        .execute();
      await trx
        .insertInto("alert_history")
        .values(
          chunk.map((alert) =>
            toHistoryRow({
              fingerprint: alert.fingerprint,
              at: alert.endsAt,
              event: "resolved",
              detail: { endsAt: alert.endsAt, ...(alert.timeout && { timeout: true }) },
            }),
          ),
        )
        .execute();
    }
    return resolved.map(({ resolvedAt: _resolved, ...alert }) => alert);
  });
}

/** One event outside ingest: `acknowledged` from a PagerDuty acknowledge, for instance. */
export async function recordAlertEvent(
  db: Executor,
  fingerprint: string,
  event: AlertEventName,
  at: number,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.insertInto("alert_history").values(toHistoryRow({ fingerprint, at, event, detail })).execute();
}

/** Alerts that fire at `now` (`endsAt` after it), by fingerprint: what API v2 lists. */
export async function listFiringAlerts(db: Executor, now: number): Promise<StoredAlert[]> {
  const rows = await db.selectFrom("alerts").selectAll().where("ends_at", ">", now).orderBy("fingerprint").execute();
  return rows.map(toStored);
}

/** Firing alerts from `source` with one label's value: PagerDuty's alerts of a dedup_key. */
export async function listFiringAlertsWithLabel(
  db: Executor,
  source: AlertSource,
  label: { name: string; value: string },
  now: number,
): Promise<StoredAlert[]> {
  const rows = await db
    .selectFrom("alerts")
    .selectAll()
    .where("source", "=", source)
    .where("ends_at", ">", now)
    .where(sql<string>`${sql.ref("labels")} ->> ${sql.lit(label.name)}`, "=", label.value)
    .execute();
  return rows.map(toStored);
}

export interface AlertListFilter {
  state?: "firing" | "resolved" | undefined;
  source?: AlertSource | undefined;
  now: number;
}

/** Alerts by state and source, most recently updated first (every one, for the caller to filter and page). */
export async function listAlerts(db: Executor, filter: AlertListFilter): Promise<StoredAlert[]> {
  let query = db.selectFrom("alerts").selectAll();
  if (filter.state === "firing") query = query.where("ends_at", ">", filter.now);
  if (filter.state === "resolved") query = query.where("ends_at", "<=", filter.now);
  if (filter.source) query = query.where("source", "=", filter.source);
  const rows = await query.orderBy("updated_at", "desc").orderBy("fingerprint").execute();
  return rows.map(toStored);
}

export async function findAlert(db: Executor, fingerprint: string): Promise<StoredAlert | undefined> {
  const row = await db.selectFrom("alerts").selectAll().where("fingerprint", "=", fingerprint).executeTakeFirst();
  return row ? toStored(row) : undefined;
}

export interface AlertHistoryEntry {
  at: number;
  event: string;
  detail: Record<string, unknown>;
}

/** An alert's history, newest first. */
export async function readAlertHistory(db: Executor, fingerprint: string, limit: number): Promise<AlertHistoryEntry[]> {
  const rows = await db
    .selectFrom("alert_history")
    .select(["at", "event", "detail"])
    .where("fingerprint", "=", fingerprint)
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ at: Number(row.at), event: row.event, detail: fromJson(row.detail) }));
}

function toTracked(row: Selectable<AlertsTable>): TrackedAlert {
  return { ...toStored(row), resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at) };
}

function toStored(row: Selectable<AlertsTable>): StoredAlert {
  return {
    fingerprint: row.fingerprint,
    labels: fromJson(row.labels),
    annotations: fromJson(row.annotations),
    startsAt: Number(row.starts_at),
    endsAt: Number(row.ends_at),
    timeout: Boolean(row.timeout),
    generatorUrl: row.generator_url,
    source: row.source as AlertSource,
    receivedAt: Number(row.received_at),
    updatedAt: Number(row.updated_at),
  };
}

function toRow(alert: TrackedAlert): AlertsTable {
  return {
    fingerprint: alert.fingerprint,
    labels: toJson(alert.labels),
    annotations: toJson(alert.annotations),
    starts_at: alert.startsAt,
    ends_at: alert.endsAt,
    timeout: alert.timeout ? 1 : 0,
    generator_url: alert.generatorUrl,
    source: alert.source,
    received_at: alert.receivedAt,
    updated_at: alert.updatedAt,
    resolved_at: alert.resolvedAt,
  };
}

const toHistoryRow = (event: AlertEvent) => ({
  fingerprint: event.fingerprint,
  at: event.at,
  event: event.event,
  detail: toJson(event.detail),
});
