import type { Kysely, Selectable, Transaction } from "kysely";
import { chunks } from "../store/batches.js";
import { fromJson, toJson } from "../store/json.js";
import type { AlertsTable, Database } from "../store/schema.js";
import type { Store } from "../store/store.js";
import type { Told } from "./aggregation.js";
import type { LabelSet, StoredAlert } from "./model.js";

/**
 * The dispatcher's tables: aggregation groups with what their receiver was told, and the alerts it
 * reads back (every process polls them, so alerts taken by another instance reach the leader).
 */

type Executor = Kysely<Database> | Transaction<Database>;

export interface GroupRow {
  key: string;
  route: string;
  receiver: string;
  labels: LabelSet;
  createdAt: number;
  nextFlushAt: number | null;
  lastNotifiedAt: number | null;
  told: Map<string, Told>;
  /** The row's version: a flush writes only over the version it read. */
  updatedAt: number;
}

export async function loadGroups(store: Store): Promise<GroupRow[]> {
  const rows = await store.db.selectFrom("alert_groups").selectAll().execute();
  return rows.map((row) => ({
    key: row.key,
    route: row.route,
    receiver: row.receiver,
    labels: fromJson<LabelSet>(row.labels),
    createdAt: Number(row.created_at),
    nextFlushAt: row.next_flush_at === null ? null : Number(row.next_flush_at),
    lastNotifiedAt: row.last_notified_at === null ? null : Number(row.last_notified_at),
    told: new Map(Object.entries(fromJson<Record<string, Told>>(row.notified))),
    updatedAt: Number(row.updated_at),
  }));
}

/**
 * Stores new groups, many rows a statement, in the caller's transaction; returns the keys it
 * inserted (a key another process stored first is left as it is, for the caller to take over).
 */
export async function insertGroups(executor: Executor, groups: readonly GroupRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const chunk of chunks(groups)) {
    const rows = await executor
      .insertInto("alert_groups")
      .values(
        chunk.map((group) => ({
          key: group.key,
          route: group.route,
          receiver: group.receiver,
          labels: toJson(group.labels),
          created_at: group.createdAt,
          next_flush_at: group.nextFlushAt,
          last_notified_at: group.lastNotifiedAt,
          notified: toJson(Object.fromEntries(group.told)),
          updated_at: group.updatedAt,
        })),
      )
      .onConflict((conflict) => conflict.column("key").doNothing())
      .returning("key")
      .execute();
    for (const row of rows) inserted.add(row.key);
  }
  return inserted;
}

/**
 * Writes a flush's outcome over the version that was read; false when another process flushed the
 * group meanwhile (then this flush's transaction must roll back). `next` null deletes the group.
 */
export async function saveFlush(
  executor: Executor,
  key: string,
  readVersion: number,
  next: {
    nextFlushAt: number | null;
    lastNotifiedAt: number | null;
    told: Map<string, Told>;
    updatedAt: number;
  } | null,
): Promise<boolean> {
  if (next === null) {
    const result = await executor
      .deleteFrom("alert_groups")
      .where("key", "=", key)
      .where("updated_at", "=", readVersion)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
  const result = await executor
    .updateTable("alert_groups")
    .set({
      next_flush_at: next.nextFlushAt,
      last_notified_at: next.lastNotifiedAt,
      notified: toJson(Object.fromEntries(next.told)),
      updated_at: next.updatedAt,
    })
    .where("key", "=", key)
    .where("updated_at", "=", readVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteGroups(executor: Executor, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await executor
    .deleteFrom("alert_groups")
    .where("key", "in", [...keys])
    .execute();
}

export interface HistoryEntry {
  fingerprint: string;
  at: number;
  event: string;
  detail: Record<string, unknown>;
}

export async function appendHistory(executor: Executor, entries: readonly HistoryEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += 200) {
    await executor
      .insertInto("alert_history")
      .values(
        entries.slice(start, start + 200).map((entry) => ({
          fingerprint: entry.fingerprint,
          at: entry.at,
          event: entry.event,
          detail: toJson(entry.detail),
        })),
      )
      .execute();
  }
}

/** What the poll compares with its cache: each alert's version, for those changed at or after `since`. */
export async function readAlertVersionsSince(
  store: Store,
  since: number,
): Promise<{ fingerprint: string; updatedAt: number; endsAt: number }[]> {
  const rows = await store.db
    .selectFrom("alerts")
    .select(["fingerprint", "updated_at", "ends_at"])
    .where("updated_at", ">=", since)
    .execute();
  return rows.map((row) => ({
    fingerprint: row.fingerprint,
    updatedAt: Number(row.updated_at),
    endsAt: Number(row.ends_at),
  }));
}

/** Alerts by fingerprint, or every alert still firing or ended after `endedAfter`. */
export async function readAlerts(
  store: Store,
  which: { fingerprints: readonly string[] } | { endedAfter: number },
): Promise<StoredAlert[]> {
  const alerts: StoredAlert[] = [];
  if ("endedAfter" in which) {
    const rows = await store.db.selectFrom("alerts").selectAll().where("ends_at", ">", which.endedAfter).execute();
    return rows.map(toStoredAlert);
  }
  for (const chunk of chunks(which.fingerprints)) {
    const rows = await store.db.selectFrom("alerts").selectAll().where("fingerprint", "in", chunk).execute();
    for (const row of rows) alerts.push(toStoredAlert(row));
  }
  return alerts;
}

function toStoredAlert(row: Selectable<AlertsTable>): StoredAlert {
  return {
    fingerprint: row.fingerprint,
    labels: fromJson<LabelSet>(row.labels),
    annotations: fromJson<LabelSet>(row.annotations),
    startsAt: Number(row.starts_at),
    endsAt: Number(row.ends_at),
    timeout: Boolean(row.timeout),
    generatorUrl: row.generator_url,
    source: row.source as StoredAlert["source"],
    receivedAt: Number(row.received_at),
    updatedAt: Number(row.updated_at),
  };
}
