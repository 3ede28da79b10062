import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

/** An open database; `openStore` (database.ts) makes one and migrations bring it up to date. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for messages: a file path or a URL with the password removed. */
  location: string;
  /** The PostgreSQL schema in use when not the default. */
  schema?: string;
  close(): Promise<void>;
}
