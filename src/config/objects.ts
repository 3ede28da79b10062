import type { Kysely, Selectable, Transaction } from "kysely";
import { conflict } from "../core/errors.js";
import { fromJson, toJson } from "../store/json.js";
import type { Database, ObjectsTable } from "../store/schema.js";
import type { Metadata, NinesDocument } from "./document.js";
import type { KindRegistry } from "./kinds.js";

/** A declarative object as stored: the validated document plus bookkeeping. */
export interface StoredObject<Spec = Record<string, unknown>> extends NinesDocument<Spec> {
  id: number;
  generation: number;
  createdAt: number;
  updatedAt: number;
}

type Executor = Kysely<Database> | Transaction<Database>;

function toStoredObject(row: Selectable<ObjectsTable>): StoredObject {
  return {
    id: Number(row.id),
    apiVersion: row.api_version,
    kind: row.kind,
    metadata: fromJson<Metadata>(row.metadata),
    spec: fromJson<Record<string, unknown>>(row.spec),
    generation: row.generation,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The stored object as a document, its keys in schema order. PostgreSQL's jsonb keeps keys in its
 * own order; parsing again restores the order people wrote and `export` must reproduce.
 */
export function toDocument(object: StoredObject, kinds: KindRegistry): NinesDocument<Record<string, unknown>> {
  const document = { apiVersion: object.apiVersion, kind: object.kind, metadata: object.metadata, spec: object.spec };
  const parsed = kinds.get(object.kind)?.schema.safeParse(document);
  return parsed?.success ? (parsed.data as NinesDocument<Record<string, unknown>>) : document;
}

export async function listObjects(db: Executor, kinds?: readonly string[]): Promise<StoredObject[]> {
  let query = db.selectFrom("objects").selectAll().orderBy("kind").orderBy("name");
  if (kinds) {
    if (kinds.length === 0) return [];
    query = query.where("kind", "in", kinds);
  }
  return (await query.execute()).map(toStoredObject);
}

export async function getObject(db: Executor, kind: string, name: string): Promise<StoredObject | undefined> {
  const row = await db
    .selectFrom("objects")
    .selectAll()
    .where("kind", "=", kind)
    .where("name", "=", name)
    .executeTakeFirst();
  return row ? toStoredObject(row) : undefined;
}

export async function getObjectById(db: Executor, id: number): Promise<StoredObject | undefined> {
  const row = await db.selectFrom("objects").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toStoredObject(row) : undefined;
}

export async function insertObject(db: Executor, document: NinesDocument, now: number): Promise<StoredObject> {
  const row = await db
    .insertInto("objects")
    .values({
      api_version: document.apiVersion,
      kind: document.kind,
      name: document.metadata.name,
      metadata: toJson(document.metadata),
      spec: toJson(document.spec),
      generation: 1,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStoredObject(row);
}

/**
 * A compare-and-set on the generation read: a Conflict when the row changed or vanished since, so
 * a racing writer is never overwritten between the read and this write.
 */
export async function updateObject(
  db: Executor,
  previous: StoredObject,
  document: NinesDocument,
  now: number,
): Promise<StoredObject> {
  const row = await db
    .updateTable("objects")
    .set({
      api_version: document.apiVersion,
      metadata: toJson(document.metadata),
      spec: toJson(document.spec),
      generation: previous.generation + 1,
      updated_at: now,
    })
    .where("id", "=", previous.id)
    .where("generation", "=", previous.generation)
    .returningAll()
    .executeTakeFirst();
  if (!row)
    throw conflict(
      `${previous.kind}/${previous.metadata.name} was changed or deleted by someone else meanwhile; apply again`,
    );
  return toStoredObject(row);
}

/** Deletes the row, only at `generation` when one is given; false when nothing matched. */
export async function deleteObject(db: Executor, id: number, generation?: number): Promise<boolean> {
  let query = db.deleteFrom("objects").where("id", "=", id);
  if (generation !== undefined) query = query.where("generation", "=", generation);
  const result = await query.executeTakeFirst();
  return result.numDeletedRows > 0n;
}
