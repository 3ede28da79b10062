import type { Kysely, Transaction } from "kysely";
import { chunks } from "../store/batches.js";
import type { Database } from "../store/schema.js";
import type { MonitorEvent } from "./views.js";

/** A state change on its way to `monitor_events`. */
export interface MonitorEventRow extends MonitorEvent {
  monitorId: number;
}

/** Writes events inside the caller's transaction, the one that changes the states they record. */
export async function insertEvents(trx: Transaction<Database>, events: readonly MonitorEventRow[]): Promise<void> {
  for (const chunk of chunks(events)) {
    await trx
      .insertInto("monitor_events")
      .values(
        chunk.map((event) => ({
          monitor_id: event.monitorId,
          at: event.at,
          from_state: event.from,
          to_state: event.to,
          reason: event.reason,
        })),
      )
      .execute();
  }
}

/** A monitor's state changes, newest first; `before` (epoch ms, exclusive) pages back in time. */
export async function listMonitorEvents(
  db: Kysely<Database>,
  monitorId: number,
  options: { limit: number; before?: number | undefined },
): Promise<MonitorEvent[]> {
  let query = db
    .selectFrom("monitor_events")
    .select(["at", "from_state", "to_state", "reason"])
    .where("monitor_id", "=", monitorId);
  if (options.before !== undefined) query = query.where("at", "<", options.before);
  const rows = await query.orderBy("at", "desc").orderBy("id", "desc").limit(options.limit).execute();
  return rows.map((row) => ({ at: Number(row.at), from: row.from_state, to: row.to_state, reason: row.reason }));
}
