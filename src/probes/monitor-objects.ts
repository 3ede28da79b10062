import type { Kysely, Transaction } from "kysely";
import { objectFields, selectObjectsOfKind } from "../config/kind-queries.js";
import type { Database } from "../store/schema.js";
import type { MonitorSpec } from "./model.js";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The Monitor objects as probes' queries see them, through config's typed read: `monitors.id`,
 * `monitors.spec` ..., and spec fields by keys the compiler checks against `MonitorSpec`.
 */
export const MONITORS = objectFields<MonitorSpec>("monitors");

/** The Monitor objects as a table named `monitors`, to join. */
export function monitorObjects(db: Executor) {
  return selectObjectsOfKind(db, "Monitor").as("monitors");
}

export function selectMonitors(db: Executor) {
  return db.selectFrom(monitorObjects(db));
}
