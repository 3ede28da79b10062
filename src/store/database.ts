import { mkdirSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { migrateToLatest } from "./migrations.js";
import type { Database } from "./schema.js";
import type { Store } from "./store.js";

export type { Dialect, Store } from "./store.js";

export interface OpenStoreOptions {
  /** A postgres:// URL; when absent, SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Directory of the SQLite file (`nines.db`); `:memory:` for a throwaway database. */
  dataDir?: string;
  /** PostgreSQL schema to use (created when missing); tests use one each. */
  schema?: string;
  migrate?: boolean;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Opens the configured database and brings its schema to the latest migration. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema)
    : openSqlite(options.dataDir ?? "data");
  if (options.migrate !== false) {
    try {
      await migrateToLatest(store);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function openSqlite(dataDir: string): Store {
  let file = ":memory:";
  if (dataDir !== ":memory:") {
    mkdirSync(dataDir, { recursive: true });
    file = path.join(dataDir, "nines.db");
  }
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  // Another process (the CLI creating a token while the server runs) may hold the write lock briefly.
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: "sqlite", location: file, close: () => db.destroy() };
}

async function openPostgres(url: string, schema: string | undefined): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Epoch milliseconds are bigint columns; they fit a JavaScript number exactly.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
    },
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  if (schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
    await pool.query(`create schema if not exists ${schema}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: "postgres",
    location: redactUrl(url),
    ...(schema ? { schema } : {}),
    close: () => db.destroy(),
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable database URL)";
  }
}
