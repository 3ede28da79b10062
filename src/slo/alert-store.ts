import type { Store } from "../store/database.js";
import { fromJson, toJson } from "../store/json.js";
import type { SloAlertView } from "./views.js";

/** Burn alerts as they fire and resolve: the history the API, the UI and `describe slo` show. */

export interface NewAlert {
  slo: string;
  objective: string;
  groupKey: string;
  name: string;
  severity: string;
  startsAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

type AlertRow = {
  id: number;
  slo: string;
  objective: string;
  group_key: string;
  name: string;
  severity: string;
  state: "firing" | "resolved";
  starts_at: number;
  ends_at: number | null;
  labels: unknown;
  annotations: unknown;
};

export interface StoredAlert extends SloAlertView {
  groupKey: string;
}

const toView = (row: AlertRow): StoredAlert => ({
  id: Number(row.id),
  slo: row.slo,
  objective: row.objective,
  groupKey: row.group_key,
  name: row.name,
  severity: row.severity,
  state: row.state,
  startsAt: Number(row.starts_at),
  endsAt: row.ends_at === null ? null : Number(row.ends_at),
  labels: fromJson(row.labels),
  annotations: fromJson(row.annotations),
});

export async function insertAlert(store: Store, alert: NewAlert): Promise<StoredAlert> {
  const row = await store.db
    .insertInto("slo_alerts")
    .values({
      slo: alert.slo,
      objective: alert.objective,
      group_key: alert.groupKey,
      name: alert.name,
      severity: alert.severity,
      state: "firing",
      starts_at: alert.startsAt,
      ends_at: null,
      labels: toJson(alert.labels),
      annotations: toJson(alert.annotations),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toView(row as AlertRow);
}

export async function resolveAlert(store: Store, id: number, endsAt: number): Promise<void> {
  await store.db.updateTable("slo_alerts").set({ state: "resolved", ends_at: endsAt }).where("id", "=", id).execute();
}

export async function listFiringAlerts(store: Store): Promise<StoredAlert[]> {
  const rows = await store.db.selectFrom("slo_alerts").selectAll().where("state", "=", "firing").execute();
  return rows.map((row) => toView(row as AlertRow));
}

export async function listAlerts(
  store: Store,
  filter: { slo?: string; state?: "firing" | "resolved"; limit: number },
): Promise<StoredAlert[]> {
  let query = store.db.selectFrom("slo_alerts").selectAll();
  if (filter.slo) query = query.where("slo", "=", filter.slo);
  if (filter.state) query = query.where("state", "=", filter.state);
  const rows = await query.orderBy("starts_at", "desc").orderBy("id", "desc").limit(filter.limit).execute();
  return rows.map((row) => toView(row as AlertRow));
}

/** A deleted SLO's firing alerts end with it. */
export async function resolveAlertsOf(store: Store, slo: string, endsAt: number): Promise<void> {
  await store.db
    .updateTable("slo_alerts")
    .set({ state: "resolved", ends_at: endsAt })
    .where("slo", "=", slo)
    .where("state", "=", "firing")
    .execute();
}
