import type { Transaction } from "kysely";
import type { Issue } from "../core/errors.js";
import type { Database } from "../store/schema.js";
import type { NinesDocument } from "./document.js";
import type { StoredObject } from "./objects.js";

export interface SealedDocuments {
  /** The documents as they may be stored: no credential value left in them. */
  documents: NinesDocument[];
  /** References to Secrets or keys that do not exist, values to keep that were never stored. */
  issues: Issue[];
  /** Stores the values taken out of the documents; called in the same transaction, unless a dry run. */
  write(): Promise<void>;
}

/**
 * Where `apply` puts what must not be stored in the objects table as written (a Secret's values),
 * inside its transaction, so a document and its values are committed together or not at all.
 */
export interface DocumentVault {
  seal(trx: Transaction<Database>, documents: readonly NinesDocument[], now: number): Promise<SealedDocuments>;
  /** Drops the values of a deleted object. */
  forget(trx: Transaction<Database>, object: StoredObject): Promise<void>;
}
