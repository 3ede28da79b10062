import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { Database } from "../store/schema.js";
import type { Metadata } from "./document.js";

type Executor = Kysely<Database> | Transaction<Database>;

/** The keys of any branch of a spec type, so a query can only name fields the kind has. */
export type SpecKey<Spec> = Spec extends unknown ? Extract<keyof Spec, string> : never;

/**
 * The stored objects of one kind, as a subquery a module joins its own tables to: the only way a
 * module reads config's table, so a change to `objects` is made here alone.
 */
export function selectObjectsOfKind(db: Executor, kind: string) {
  return db
    .selectFrom("objects")
    .select(["objects.id", "objects.name", "objects.metadata", "objects.spec", "objects.created_at"])
    .where("objects.kind", "=", kind);
}

/** Reads the JSON fields of objects selected as `alias` from `selectObjectsOfKind`. */
export interface ObjectFields<Spec> {
  alias: string;
  /** A spec field as text (`->>`, the same on SQLite and PostgreSQL), null when absent. */
  specText(key: SpecKey<Spec>): RawBuilder<string | null>;
  metadataText(key: Extract<keyof Metadata, string>): RawBuilder<string | null>;
  /** Every spec key asked for so far, for the test that ties them to the kind's schema. */
  specKeysUsed(): string[];
}

export function objectFields<Spec>(alias: string): ObjectFields<Spec> {
  const used = new Set<string>();
  const text = (column: string, key: string) =>
    sql<string | null>`(${sql.ref(`${alias}.${column}`)} ->> ${sql.lit(key)})`;
  return {
    alias,
    specText(key) {
      used.add(key);
      return text("spec", key);
    },
    metadataText: (key) => text("metadata", key),
    specKeysUsed: () => [...used],
  };
}
