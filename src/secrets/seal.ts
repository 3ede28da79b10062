import type { Transaction } from "kysely";
import type { NinesDocument } from "../config/document.js";
import { listObjects, type StoredObject } from "../config/objects.js";
import type { DocumentVault, SealedDocuments } from "../config/vault.js";
import type { Issue } from "../core/errors.js";
import type { Database } from "../store/schema.js";
import type { Keyring } from "./keyring.js";
import type { KeptValue, SecretSpec } from "./model.js";
import { checkReferences } from "./references.js";
import { deleteSecretValues, listSecretValues, putSecretValue, type StoredSecretValue, sealContext } from "./store.js";

export interface SecretVaultOptions {
  keyring: Keyring;
  filesDir?: string | undefined;
}

const isSecret = (document: NinesDocument): document is NinesDocument<SecretSpec> => document.kind === "Secret";

/**
 * Secrets on the write path: a Secret's values are sealed into `secret_values` and its stored
 * document keeps `{kept: true, revision}` per key. A value equal to the stored one (compared after
 * opening it) keeps its revision, so applying the same values, or an export, changes nothing.
 */
export function createSecretVault({ keyring, filesDir }: SecretVaultOptions): DocumentVault {
  async function seal(
    trx: Transaction<Database>,
    documents: readonly NinesDocument[],
    now: number,
  ): Promise<SealedDocuments> {
    const secrets = documents.filter(isSecret);
    const stored = new Map(
      (
        await listSecretValues(
          trx,
          secrets.map((secret) => secret.metadata.name),
        )
      ).map((value) => [`${value.name}/${value.key}`, value]),
    );
    const issues: Issue[] = [];
    const writes: StoredSecretValue[] = [];

    const sealed = documents.map((document, index) => {
      if (!isSecret(document)) return document;
      const name = document.metadata.name;
      const data: Record<string, KeptValue> = {};
      for (const [key, value] of Object.entries(document.spec.data)) {
        const previous = stored.get(`${name}/${key}`);
        if (typeof value !== "string") {
          if (previous) data[key] = { kept: true, revision: previous.revision };
          else
            issues.push({
              path: `/spec/data/${key}`,
              document: index,
              message: `Secret "${name}" has no stored value for key "${key}" to keep; give the value`,
            });
          continue;
        }
        if (previous && opensTo(previous, value)) {
          data[key] = { kept: true, revision: previous.revision };
          continue;
        }
        const revision = (previous?.revision ?? 0) + 1;
        writes.push({ name, key, revision, sealed: keyring.seal(value, sealContext(name, key)) });
        data[key] = { kept: true, revision };
      }
      return { ...document, spec: { ...document.spec, data } };
    });

    issues.push(...checkReferences(sealed, await knownSecrets(trx, sealed), filesDir));
    return {
      documents: sealed,
      issues,
      async write() {
        for (const value of writes) await putSecretValue(trx, value, now);
        for (const secret of sealed.filter(isSecret))
          await deleteSecretValues(trx, secret.metadata.name, Object.keys(secret.spec.data));
      },
    };
  }

  /** Whether the stored value is `value`; one that no longer opens (a lost key) counts as different. */
  function opensTo(stored: StoredSecretValue, value: string): boolean {
    try {
      return keyring.open(stored.sealed, sealContext(stored.name, stored.key)) === value;
    } catch {
      return false;
    }
  }

  return {
    seal,
    async forget(trx: Transaction<Database>, object: StoredObject) {
      if (object.kind === "Secret") await deleteSecretValues(trx, object.metadata.name);
    },
  };
}

/** Names and keys of the Secrets there will be: the stored ones, overridden by those being applied. */
async function knownSecrets(
  trx: Transaction<Database>,
  documents: readonly NinesDocument[],
): Promise<Map<string, Set<string>>> {
  const known = new Map<string, Set<string>>();
  const add = (document: NinesDocument) => {
    const data = (document.spec as Partial<SecretSpec> | undefined)?.data ?? {};
    known.set(document.metadata.name, new Set(Object.keys(data)));
  };
  for (const object of await listObjects(trx, ["Secret"])) add(object);
  for (const document of documents) if (isSecret(document)) add(document);
  return known;
}
