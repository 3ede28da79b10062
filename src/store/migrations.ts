import { type ColumnDataType, type Kysely, type Migration, Migrator, sql } from "kysely";
import type { Dialect, Store } from "./database.js";

/**
 * One migration list for both backends. Each migration is named by its order and what it adds;
 * never edit one that has shipped: add the next.
 */
type NinesMigration = (db: Kysely<unknown>, types: ColumnTypes) => Promise<void>;

interface ColumnTypes {
  /** Auto-incrementing integer primary key. */
  id: ColumnDataType;
  json: ColumnDataType;
  /** Epoch milliseconds and other integers past 2^31. */
  bigint: ColumnDataType;
}

const COLUMN_TYPES: Record<Dialect, ColumnTypes> = {
  sqlite: { id: "integer", json: "text", bigint: "integer" },
  postgres: { id: "bigserial", json: "jsonb", bigint: "bigint" },
};

const MIGRATIONS: Record<string, NinesMigration> = {
  "0001-objects-and-tokens": async (db, t) => {
    await db.schema
      .createTable("objects")
      .addColumn("id", t.id, (col) => col.primaryKey())
      .addColumn("api_version", "text", (col) => col.notNull())
      .addColumn("kind", "text", (col) => col.notNull())
      .addColumn("name", "text", (col) => col.notNull())
      .addColumn("metadata", t.json, (col) => col.notNull())
      .addColumn("spec", t.json, (col) => col.notNull())
      .addColumn("generation", "integer", (col) => col.notNull())
      .addColumn("created_at", t.bigint, (col) => col.notNull())
      .addColumn("updated_at", t.bigint, (col) => col.notNull())
      .addUniqueConstraint("objects_kind_name", ["kind", "name"])
      .execute();

    await db.schema
      .createTable("api_tokens")
      .addColumn("id", t.id, (col) => col.primaryKey())
      .addColumn("name", "text", (col) => col.notNull().unique())
      .addColumn("token_hash", "text", (col) => col.notNull().unique())
      .addColumn("prefix", "text", (col) => col.notNull())
      .addColumn("created_at", t.bigint, (col) => col.notNull())
      .addColumn("last_used_at", t.bigint)
      .execute();
  },

  "0002-monitor-results": async (db, t) => {
    await db.schema
      .createTable("monitor_results")
      .addColumn("id", t.id, (col) => col.primaryKey())
      .addColumn("monitor_id", t.bigint, (col) => col.notNull().references("objects.id").onDelete("cascade"))
      .addColumn("started_at", t.bigint, (col) => col.notNull())
      .addColumn("status", "text", (col) => col.notNull())
      .addColumn("duration_ms", "real", (col) => col.notNull())
      .addColumn("status_code", "integer")
      .addColumn("error", "text")
      .addColumn("timings", t.json)
      .execute();
    await db.schema
      .createIndex("monitor_results_monitor_time")
      .on("monitor_results")
      .columns(["monitor_id", "started_at"])
      .execute();

    await db.schema
      .createTable("monitor_states")
      .addColumn("monitor_id", t.bigint, (col) => col.primaryKey().references("objects.id").onDelete("cascade"))
      .addColumn("state", "text", (col) => col.notNull())
      .addColumn("since", t.bigint, (col) => col.notNull())
      .addColumn("last_check_at", t.bigint)
      .addColumn("last_error", "text")
      .execute();
  },
};

export async function migrateToLatest(store: Store): Promise<void> {
  const types = COLUMN_TYPES[store.dialect];
  const migrator = new Migrator({
    db: store.db,
    // Kysely looks for its bookkeeping tables in every schema; pin them to ours, or a second
    // schema in the same database (tests run one each) would find the first one's tables.
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
    provider: {
      async getMigrations() {
        const migrations: Record<string, Migration> = {};
        for (const [name, up] of Object.entries(MIGRATIONS)) {
          migrations[name] = { up: (db) => up(db, types) };
        }
        return migrations;
      },
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === "Error");
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed on ${store.location}: ${reason}`);
  }
}

/** Used by readiness checks: a trivial round trip to the database. */
export async function pingStore(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}
