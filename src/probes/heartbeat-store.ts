import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { chunks } from "../store/batches.js";
import { fromJson } from "../store/json.js";
import type { Database } from "../store/schema.js";
import { isPushed } from "./checks/index.js";
import { monitorObjects, selectMonitors } from "./monitor-objects.js";
import type { MonitorStatus } from "./state.js";

/** What the engine needs to watch a heartbeat monitor after a (re)start. */
export interface StoredHeartbeat {
  token: string;
  createdAt: number;
  status: Pick<MonitorStatus, "state" | "since" | "lastPingAt">;
}

/**
 * Gives each monitor a heartbeat token unless it has one, and returns what is stored. The token is
 * the push URL's secret, so it lives in the database, not in the YAML, and survives every apply.
 */
export async function ensureHeartbeats(
  db: Kysely<Database>,
  monitorIds: readonly number[],
  now: number,
): Promise<Map<number, StoredHeartbeat>> {
  const found = new Map<number, StoredHeartbeat>();
  for (const ids of chunks(monitorIds)) {
    await db.transaction().execute(async (trx) => {
      // Only monitors that still exist: a row of a deleted one would break the foreign key.
      const existing = await selectMonitors(trx).select("monitors.id").where("monitors.id", "in", ids).execute();
      if (existing.length === 0) return;
      await trx
        .insertInto("monitor_states")
        .values(
          existing.map((row) => ({
            monitor_id: Number(row.id),
            state: "pending" as const,
            since: now,
            heartbeat_token: randomBytes(16).toString("base64url"),
          })),
        )
        .onConflict((oc) =>
          oc.column("monitor_id").doUpdateSet((eb) => ({
            heartbeat_token: eb.fn.coalesce("monitor_states.heartbeat_token", eb.ref("excluded.heartbeat_token")),
          })),
        )
        .execute();
    });
    const rows = await db
      .selectFrom("monitor_states")
      .innerJoin(monitorObjects(db), "monitors.id", "monitor_states.monitor_id")
      .select([
        "monitors.id",
        "monitors.created_at",
        "monitor_states.state",
        "monitor_states.since",
        "monitor_states.last_ping_at",
        "monitor_states.heartbeat_token",
      ])
      .where("monitors.id", "in", ids)
      .execute();
    for (const row of rows) {
      found.set(Number(row.id), {
        token: row.heartbeat_token as string,
        createdAt: Number(row.created_at),
        status: {
          state: row.state,
          since: Number(row.since),
          lastPingAt: row.last_ping_at === null ? null : Number(row.last_ping_at),
        },
      });
    }
  }
  return found;
}

/** The pushed (heartbeat) monitor a token belongs to, with its stored spec; undefined for an unknown token. */
export async function findHeartbeatMonitor(
  db: Kysely<Database>,
  token: string,
): Promise<{ id: number; spec: unknown } | undefined> {
  const row = await db
    .selectFrom("monitor_states")
    .innerJoin(monitorObjects(db), "monitors.id", "monitor_states.monitor_id")
    .select(["monitors.id", "monitors.spec"])
    .where("monitor_states.heartbeat_token", "=", token)
    .executeTakeFirst();
  if (!row) return undefined;
  const spec = fromJson<{ type: string }>(row.spec);
  return isPushed(spec) ? { id: Number(row.id), spec } : undefined;
}
