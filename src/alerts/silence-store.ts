import { randomUUID } from "node:crypto";
import type { Kysely, Selectable, Transaction } from "kysely";
import { conflict, invalid, notFound } from "../core/errors.js";
import type { Store } from "../store/database.js";
import { fromJson, toJson } from "../store/json.js";
import type { Database, SilencesTable } from "../store/schema.js";
import type { Matcher } from "./matchers.js";
import { type Silence, silenceState } from "./model.js";
import { canUpdateSilence, describeSilenceProblem, expiredSilence, type PostedSilence } from "./silence-rules.js";

type Executor = Kysely<Database> | Transaction<Database>;

/** A matcher as the table and API v2 keep it. */
export interface WireMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export const toWireMatcher = (matcher: Matcher): WireMatcher => ({
  name: matcher.name,
  value: matcher.value,
  isRegex: matcher.type === "=~" || matcher.type === "!~",
  isEqual: matcher.type === "=" || matcher.type === "=~",
});

export const fromWireMatcher = (matcher: WireMatcher): Matcher => ({
  name: matcher.name,
  value: matcher.value,
  type: matcher.isRegex ? (matcher.isEqual ? "=~" : "!~") : matcher.isEqual ? "=" : "!=",
});

/** What a post did: made a silence, changed one in place, or expired `replaced` for a new one. */
export interface SilenceChange {
  silence: Silence;
  change: "created" | "updated";
  replaced?: Silence;
}

/**
 * Alertmanager's `silences.Set`: a post without an id makes a silence; with the id of one it
 * changes that silence in place when `canUpdateSilence`, otherwise expires it (unless it has
 * expired already) and makes a new one with a new id. A new silence never starts in the past.
 */
export async function setSilence(store: Store, posted: PostedSilence, now: number): Promise<SilenceChange> {
  const problem = describeSilenceProblem(posted, now);
  if (problem) throw invalid(problem);
  return store.db.transaction().execute(async (trx) => {
    const previous =
      posted.id === undefined ? undefined : await findSilence(trx, posted.id, store.dialect === "postgres");
    if (posted.id !== undefined && !previous) throw notFound(`silence ${posted.id} not found`);
    const fields = {
      matchers: posted.matchers,
      startsAt: posted.startsAt,
      endsAt: posted.endsAt,
      createdBy: posted.createdBy,
      comment: posted.comment,
      annotations: posted.annotations,
      updatedAt: now,
    };
    if (previous && canUpdateSilence(previous, posted, now)) {
      const silence: Silence = { ...fields, id: previous.id };
      await writeSilence(trx, silence);
      return { silence, change: "updated" };
    }
    let replaced: Silence | undefined;
    if (previous && silenceState(previous, now) !== "expired") {
      replaced = expiredSilence(previous, now);
      await writeSilence(trx, replaced);
    }
    const silence: Silence = { ...fields, id: randomUUID(), startsAt: Math.max(posted.startsAt, now) };
    await trx.insertInto("silences").values(toRow(silence)).execute();
    return { silence, change: "created", ...(replaced && { replaced }) };
  });
}

/** Ends a silence now; an expired one is a conflict (Alertmanager: "already expired"). */
export async function expireSilence(store: Store, id: string, now: number): Promise<Silence> {
  return store.db.transaction().execute(async (trx) => {
    const silence = await findSilence(trx, id, store.dialect === "postgres");
    if (!silence) throw notFound(`silence ${id} not found`);
    if (silenceState(silence, now) === "expired") throw conflict(`silence ${id} already expired`);
    const expired = expiredSilence(silence, now);
    await writeSilence(trx, expired);
    return expired;
  });
}

export async function findSilence(db: Executor, id: string, lock = false): Promise<Silence | undefined> {
  let query = db.selectFrom("silences").selectAll().where("id", "=", id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toSilence(row) : undefined;
}

/** Every silence, newest change first; `endedAfter` leaves out those that ended by then. */
export async function listSilences(db: Executor, options: { endedAfter?: number } = {}): Promise<Silence[]> {
  let query = db.selectFrom("silences").selectAll();
  if (options.endedAfter !== undefined) query = query.where("ends_at", ">", options.endedAfter);
  const rows = await query.orderBy("updated_at", "desc").orderBy("id").execute();
  return rows.map(toSilence);
}

async function writeSilence(trx: Transaction<Database>, silence: Silence) {
  const { id: _id, ...fields } = toRow(silence);
  await trx.updateTable("silences").set(fields).where("id", "=", silence.id).execute();
}

function toSilence(row: Selectable<SilencesTable>): Silence {
  return {
    id: row.id,
    matchers: fromJson<WireMatcher[]>(row.matchers).map(fromWireMatcher),
    startsAt: Number(row.starts_at),
    endsAt: Number(row.ends_at),
    createdBy: row.created_by,
    comment: row.comment,
    updatedAt: Number(row.updated_at),
    annotations: fromJson(row.annotations),
  };
}

function toRow(silence: Silence) {
  return {
    id: silence.id,
    matchers: toJson(silence.matchers.map(toWireMatcher)),
    starts_at: silence.startsAt,
    ends_at: silence.endsAt,
    created_by: silence.createdBy,
    comment: silence.comment,
    updated_at: silence.updatedAt,
    annotations: toJson(silence.annotations ?? {}),
  };
}
