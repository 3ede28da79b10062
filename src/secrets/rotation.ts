import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import { sealedKeyId } from "./crypto.js";
import type { Keyring } from "./keyring.js";
import { listSecretValues, resealSecretValue, sealContext } from "./store.js";

export interface Reencryption {
  /** Values now sealed with the primary key. */
  reencrypted: number;
  /** Values that were already. */
  current: number;
}

/**
 * Seals every stored value again with the keyring's primary key. Each row is replaced only if it
 * is still the one read, so an apply racing the rotation keeps its newer value (sealed with a key
 * every server still has).
 */
export async function reencryptSecretValues(db: Kysely<Database>, keyring: Keyring): Promise<Reencryption> {
  const result: Reencryption = { reencrypted: 0, current: 0 };
  for (const value of await listSecretValues(db)) {
    if (sealedKeyId(value.sealed) === keyring.primaryId) {
      result.current++;
      continue;
    }
    const context = sealContext(value.name, value.key);
    const resealed = keyring.seal(keyring.open(value.sealed, context), context);
    if (await resealSecretValue(db, value, resealed)) result.reencrypted++;
  }
  return result;
}
