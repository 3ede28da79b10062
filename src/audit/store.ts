import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import { chunks } from "../store/batches.js";
import type { Dialect, Store } from "../store/database.js";
import { fromJson, toJson } from "../store/json.js";
import type { AuditLogTable, Database } from "../store/schema.js";
import { chainRecord, verifyChain } from "./chain.js";
import type { AuditEntry, AuditRecord, ChainAnchor, ChainVerification } from "./model.js";

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Appends entries to the log inside the caller's transaction, so a change and its record commit
 * or roll back together. Appends are serialised: two transactions must never both chain onto the
 * same last record. PostgreSQL gets a transaction-level advisory lock (per schema, released at
 * commit); SQLite runs one writing transaction at a time already, and should another process win
 * the race anyway, the primary key on `seq` refuses the second record rather than fork the chain.
 */
export async function appendAudit(
  trx: Transaction<Database>,
  dialect: Dialect,
  entries: readonly AuditEntry[],
): Promise<AuditRecord[]> {
  if (entries.length === 0) return [];
  if (dialect === "postgres")
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.audit_log'))`.execute(trx);
  let previous = await trx
    .selectFrom("audit_log")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const records: AuditRecord[] = [];
  for (const entry of entries) {
    const record = chainRecord(previous, toContent(entry));
    records.push(record);
    previous = record;
  }
  for (const chunk of chunks(records)) await trx.insertInto("audit_log").values(chunk.map(toRow)).execute();
  return records;
}

/** One record in a transaction of its own: tokens created or revoked, bursts of failed logins. */
export async function recordAudit(store: Pick<Store, "db" | "dialect">, entry: AuditEntry): Promise<AuditRecord> {
  const [record] = await store.db.transaction().execute((trx) => appendAudit(trx, store.dialect, [entry]));
  return record as AuditRecord;
}

export interface AuditFilter {
  kind?: string | undefined;
  name?: string | undefined;
  actor?: string | undefined;
  limit: number;
  offset: number;
}

/** A page of records, newest first, with the count of all that match. */
export async function listAudit(db: Executor, filter: AuditFilter): Promise<{ items: AuditRecord[]; total: number }> {
  let query = db.selectFrom("audit_log");
  if (filter.kind) query = query.where("kind", "=", filter.kind);
  if (filter.name) query = query.where("name", "=", filter.name);
  if (filter.actor) query = query.where("actor_name", "=", filter.actor);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy("seq", "desc").limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toRecord), total: Number(count.count) };
}

const VERIFY_BATCH = 1000;

/** Every record, oldest first, read in batches. */
export async function readAuditChain(db: Executor): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let after = Number.NEGATIVE_INFINITY;
  for (;;) {
    let query = db.selectFrom("audit_log").selectAll().orderBy("seq").limit(VERIFY_BATCH);
    if (after !== Number.NEGATIVE_INFINITY) query = query.where("seq", ">", after);
    const rows = await query.execute();
    records.push(...rows.map(toRecord));
    if (rows.length < VERIFY_BATCH) return records;
    after = Number(rows.at(-1)?.seq);
  }
}

export async function verifyAuditLog(db: Executor, anchor?: ChainAnchor): Promise<ChainVerification> {
  return verifyChain(await readAuditChain(db), anchor);
}

function toContent(entry: AuditEntry): Omit<AuditRecord, "seq" | "prevHash" | "hash"> {
  return {
    at: entry.at,
    actorName: entry.actor.name,
    actorRole: entry.actor.role ?? null,
    actorAddress: entry.actor.address ?? null,
    action: entry.action,
    kind: entry.kind ?? null,
    name: entry.name ?? null,
    versionBefore: entry.versionBefore ?? null,
    versionAfter: entry.versionAfter ?? null,
    detail: entry.detail ?? null,
  };
}

function toRow(record: AuditRecord): AuditLogTable {
  return {
    seq: record.seq,
    at: record.at,
    actor_name: record.actorName,
    actor_role: record.actorRole,
    actor_address: record.actorAddress,
    action: record.action,
    kind: record.kind,
    name: record.name,
    version_before: record.versionBefore,
    version_after: record.versionAfter,
    detail: record.detail === null ? null : toJson(record.detail),
    prev_hash: record.prevHash,
    hash: record.hash,
  };
}

function toRecord(row: Selectable<AuditLogTable>): AuditRecord {
  return {
    seq: Number(row.seq),
    at: Number(row.at),
    actorName: row.actor_name,
    actorRole: row.actor_role,
    actorAddress: row.actor_address,
    action: row.action,
    kind: row.kind,
    name: row.name,
    versionBefore: row.version_before,
    versionAfter: row.version_after,
    detail: row.detail === null ? null : fromJson<Record<string, unknown>>(row.detail),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
