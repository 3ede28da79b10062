import type { Kysely, Transaction } from "kysely";
import type { Database } from "../store/schema.js";

type Executor = Kysely<Database> | Transaction<Database>;

export interface StoredSecretValue {
  name: string;
  key: string;
  sealed: string;
  revision: number;
}

/** What a sealed value is bound to, so a row copied under another name or key does not open. */
export const sealContext = (name: string, key: string) => `Secret/${name}/${key}`;

export async function listSecretValues(db: Executor, names?: readonly string[]): Promise<StoredSecretValue[]> {
  let query = db
    .selectFrom("secret_values")
    .select(["secret_name as name", "key", "sealed", "revision"])
    .orderBy("secret_name")
    .orderBy("key");
  if (names) {
    if (names.length === 0) return [];
    query = query.where("secret_name", "in", names);
  }
  return query.execute();
}

export async function getSecretValue(db: Executor, name: string, key: string): Promise<StoredSecretValue | undefined> {
  return db
    .selectFrom("secret_values")
    .select(["secret_name as name", "key", "sealed", "revision"])
    .where("secret_name", "=", name)
    .where("key", "=", key)
    .executeTakeFirst();
}

export async function putSecretValue(db: Executor, value: StoredSecretValue, now: number): Promise<void> {
  await db
    .insertInto("secret_values")
    .values({
      secret_name: value.name,
      key: value.key,
      sealed: value.sealed,
      revision: value.revision,
      updated_at: now,
    })
    .onConflict((conflict) =>
      conflict
        .columns(["secret_name", "key"])
        .doUpdateSet({ sealed: value.sealed, revision: value.revision, updated_at: now }),
    )
    .execute();
}

/** Deletes a Secret's values, all of them or those whose keys are not in `keep`. */
export async function deleteSecretValues(db: Executor, name: string, keep: readonly string[] = []): Promise<void> {
  let query = db.deleteFrom("secret_values").where("secret_name", "=", name);
  if (keep.length) query = query.where("key", "not in", keep);
  await query.execute();
}

/** Replaces one sealed value by another, only if it is still the one read (a rotation racing an apply). */
export async function resealSecretValue(db: Executor, value: StoredSecretValue, sealed: string): Promise<boolean> {
  const result = await db
    .updateTable("secret_values")
    .set({ sealed })
    .where("secret_name", "=", value.name)
    .where("key", "=", value.key)
    .where("sealed", "=", value.sealed)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
