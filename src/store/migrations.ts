import { type ColumnDataType, type Kysely, type Migration, Migrator, sql } from "kysely";
import type { Dialect, Store } from "./store.js";

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
  dialect: Dialect;
}

const COLUMN_TYPES: Record<Dialect, ColumnTypes> = {
  sqlite: { id: "integer", json: "text", bigint: "integer", dialect: "sqlite" },
  postgres: { id: "bigserial", json: "jsonb", bigint: "bigint", dialect: "postgres" },
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

  "0003-monitor-state-machine": async (db, t) => {
    // SQLite adds one column per statement. Existing rows start with no failures counted.
    const states = () => db.schema.alterTable("monitor_states");
    await states()
      .addColumn("checked_state", "text", (col) => col.notNull().defaultTo("pending"))
      .execute();
    await states()
      .addColumn("failures", "integer", (col) => col.notNull().defaultTo(0))
      .execute();
    await states()
      .addColumn("successes", "integer", (col) => col.notNull().defaultTo(0))
      .execute();
    await states().addColumn("last_ping_at", t.bigint).execute();
    await states().addColumn("heartbeat_token", "text").execute();
    // Rows already there: whatever state they show is what their results decided.
    await sql`update monitor_states set checked_state = state where state in ('up', 'degraded', 'down')`.execute(db);
    await db.schema
      .createIndex("monitor_states_heartbeat_token")
      .on("monitor_states")
      .column("heartbeat_token")
      .unique()
      .execute();

    await db.schema
      .alterTable("monitor_results")
      .addColumn("in_maintenance", "integer", (col) => col.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable("monitor_events")
      .addColumn("id", t.id, (col) => col.primaryKey())
      .addColumn("monitor_id", t.bigint, (col) => col.notNull().references("objects.id").onDelete("cascade"))
      .addColumn("at", t.bigint, (col) => col.notNull())
      .addColumn("from_state", "text", (col) => col.notNull())
      .addColumn("to_state", "text", (col) => col.notNull())
      .addColumn("reason", "text")
      .execute();
    await db.schema
      .createIndex("monitor_events_monitor_time")
      .on("monitor_events")
      .columns(["monitor_id", "at"])
      .execute();
  },

  "0004-monitor-rollups": async (db, t) => {
    // Hourly aggregates of raw results: a few dozen bytes per monitor and hour, kept for long after
    // the raw results are gone. Keyed by (monitor, hour) alone, so SQLite stores them once, rowid-free.
    await db.schema
      .createTable("monitor_rollups")
      .addColumn("monitor_id", t.bigint, (col) => col.notNull().references("objects.id").onDelete("cascade"))
      .addColumn("hour_start", t.bigint, (col) => col.notNull())
      .addColumn("checks", "integer", (col) => col.notNull())
      .addColumn("failures", "integer", (col) => col.notNull())
      .addColumn("degraded", "integer", (col) => col.notNull())
      .addColumn("duration_sum_ms", "double precision", (col) => col.notNull())
      .addColumn("histogram", "text", (col) => col.notNull())
      .addPrimaryKeyConstraint("monitor_rollups_pk", ["monitor_id", "hour_start"])
      .$call((builder) => (t.dialect === "sqlite" ? builder.modifyEnd(sql`without rowid`) : builder))
      .execute();

    await db.schema
      .createTable("rollup_watermarks")
      .addColumn("series", "text", (col) => col.primaryKey())
      .addColumn("rolled_up_until", t.bigint, (col) => col.notNull())
      .execute();
  },

  "0005-token-roles": async (db, t) => {
    // Tokens made before roles could apply and delete, and nothing more existed: `editor` keeps
    // them working without granting what `admin` adds (managing tokens, secrets, the audit log).
    await db.schema
      .alterTable("api_tokens")
      .addColumn("role", "text", (col) => col.notNull().defaultTo("editor"))
      .execute();
    await db.schema.alterTable("api_tokens").addColumn("expires_at", t.bigint).execute();
  },

  "0006-audit-log": async (db, t) => {
    // Numbered by the writer, not by the database: a gap must mean a removed record (audit/chain.ts).
    await db.schema
      .createTable("audit_log")
      .addColumn("seq", t.bigint, (col) => col.primaryKey())
      .addColumn("at", t.bigint, (col) => col.notNull())
      .addColumn("actor_name", "text", (col) => col.notNull())
      .addColumn("actor_role", "text")
      .addColumn("actor_address", "text")
      .addColumn("action", "text", (col) => col.notNull())
      .addColumn("kind", "text")
      .addColumn("name", "text")
      .addColumn("version_before", "integer")
      .addColumn("version_after", "integer")
      .addColumn("detail", t.json)
      .addColumn("prev_hash", "text", (col) => col.notNull())
      .addColumn("hash", "text", (col) => col.notNull())
      .execute();
    await db.schema.createIndex("audit_log_object").on("audit_log").columns(["kind", "name"]).execute();
    await db.schema.createIndex("audit_log_actor").on("audit_log").column("actor_name").execute();
  },

  "0007-secrets": async (db, t) => {
    // Values of Secret objects, sealed (secrets/crypto.ts); the objects table holds only their keys.
    await db.schema
      .createTable("secret_values")
      .addColumn("secret_name", "text", (col) => col.notNull())
      .addColumn("key", "text", (col) => col.notNull())
      .addColumn("sealed", "text", (col) => col.notNull())
      .addColumn("revision", "integer", (col) => col.notNull())
      .addColumn("updated_at", t.bigint, (col) => col.notNull())
      .addPrimaryKeyConstraint("secret_values_pk", ["secret_name", "key"])
      .execute();
  },

  "0008-slo-counts": async (db, t) => {
    // One stream of an SLO: (SLO, indicator, group). Counts are kept per minute for a day and as
    // exact hourly sums for the SLO windows (decision 0005).
    await db.schema
      .createTable("slo_series")
      .addColumn("id", t.id, (col) => col.primaryKey())
      .addColumn("slo", "text", (col) => col.notNull())
      .addColumn("stream", "text", (col) => col.notNull())
      .addColumn("labels", t.json, (col) => col.notNull())
      .addColumn("fingerprint", "text", (col) => col.notNull())
      .addColumn("created_at", t.bigint, (col) => col.notNull())
      .addUniqueConstraint("slo_series_key", ["slo", "stream", "labels"])
      .execute();
    await db.schema
      .createTable("slo_minutes")
      .addColumn("series_id", t.bigint, (col) => col.notNull().references("slo_series.id").onDelete("cascade"))
      .addColumn("minute", t.bigint, (col) => col.notNull())
      .addColumn("good", "real", (col) => col.notNull())
      .addColumn("total", "real", (col) => col.notNull())
      .addPrimaryKeyConstraint("slo_minutes_pk", ["series_id", "minute"])
      .execute();
    await db.schema
      .createTable("slo_hours")
      .addColumn("series_id", t.bigint, (col) => col.notNull().references("slo_series.id").onDelete("cascade"))
      .addColumn("hour", t.bigint, (col) => col.notNull())
      .addColumn("good", "real", (col) => col.notNull())
      .addColumn("total", "real", (col) => col.notNull())
      .addPrimaryKeyConstraint("slo_hours_pk", ["series_id", "hour"])
      .execute();
    await db.schema.createIndex("slo_hours_hour").on("slo_hours").columns(["hour", "series_id"]).execute();
    // How far each pulled source (a Prometheus query API) has read, per SLO.
    await db.schema
      .createTable("slo_cursors")
      .addColumn("slo", "text", (col) => col.notNull().primaryKey())
      .addColumn("fingerprint", "text", (col) => col.notNull())
      .addColumn("minute", t.bigint, (col) => col.notNull())
      .addColumn("error", "text")
      .addColumn("updated_at", t.bigint, (col) => col.notNull())
      .execute();
    await db.schema
      .createTable("slo_alerts")
      .addColumn("id", t.id, (col) => col.primaryKey())
      .addColumn("slo", "text", (col) => col.notNull())
      .addColumn("objective", "text", (col) => col.notNull())
      .addColumn("group_key", "text", (col) => col.notNull())
      .addColumn("name", "text", (col) => col.notNull())
      .addColumn("severity", "text", (col) => col.notNull())
      .addColumn("state", "text", (col) => col.notNull())
      .addColumn("starts_at", t.bigint, (col) => col.notNull())
      .addColumn("ends_at", t.bigint)
      .addColumn("labels", t.json, (col) => col.notNull())
      .addColumn("annotations", t.json, (col) => col.notNull())
      .execute();
    await db.schema.createIndex("slo_alerts_slo").on("slo_alerts").columns(["slo", "starts_at"]).execute();
    await db.schema.createIndex("slo_alerts_state").on("slo_alerts").columns(["state"]).execute();
  },

  "0009-alerting": async (db, t) => {
    // Alerts by their fingerprint (Alertmanager's identity of a label set), what happened to each,
    // the silences made through the API, the aggregation groups' notification state, the outbox,
    // pages with their escalation, and the leases of the singleton loops (decision 0006).
    await db.schema
      .createTable("alerts")
      .addColumn("fingerprint", "text", (col) => col.primaryKey())
      .addColumn("labels", t.json, (col) => col.notNull())
      .addColumn("annotations", t.json, (col) => col.notNull())
      .addColumn("starts_at", t.bigint, (col) => col.notNull())
      .addColumn("ends_at", t.bigint, (col) => col.notNull())
      .addColumn("timeout", "integer", (col) => col.notNull())
      .addColumn("generator_url", "text")
      .addColumn("source", "text", (col) => col.notNull())
      .addColumn("received_at", t.bigint, (col) => col.notNull())
      .addColumn("updated_at", t.bigint, (col) => col.notNull())
      .execute();
    await db.schema.createIndex("alerts_updated").on("alerts").columns(["updated_at"]).execute();
    await db.schema.createIndex("alerts_ends").on("alerts").columns(["ends_at"]).execute();
    await db.schema
      .createTable("alert_history")
      .addColumn("id", t.id, (col) => col.primaryKey())
      .addColumn("fingerprint", "text", (col) => col.notNull())
      .addColumn("at", t.bigint, (col) => col.notNull())
      .addColumn("event", "text", (col) => col.notNull())
      .addColumn("detail", t.json, (col) => col.notNull())
      .execute();
    await db.schema.createIndex("alert_history_alert").on("alert_history").columns(["fingerprint", "at"]).execute();
    await db.schema.createIndex("alert_history_at").on("alert_history").columns(["at"]).execute();
    await db.schema
      .createTable("silences")
      .addColumn("id", "text", (col) => col.primaryKey())
      .addColumn("matchers", t.json, (col) => col.notNull())
      .addColumn("starts_at", t.bigint, (col) => col.notNull())
      .addColumn("ends_at", t.bigint, (col) => col.notNull())
      .addColumn("created_by", "text", (col) => col.notNull())
      .addColumn("comment", "text", (col) => col.notNull())
      .addColumn("updated_at", t.bigint, (col) => col.notNull())
      .execute();
    await db.schema.createIndex("silences_ends").on("silences").columns(["ends_at"]).execute();
    await db.schema
      .createTable("alert_groups")
      .addColumn("key", "text", (col) => col.primaryKey())
      .addColumn("route", "text", (col) => col.notNull())
      .addColumn("receiver", "text", (col) => col.notNull())
      .addColumn("labels", t.json, (col) => col.notNull())
      .addColumn("created_at", t.bigint, (col) => col.notNull())
      .addColumn("next_flush_at", t.bigint)
      .addColumn("last_notified_at", t.bigint)
      .addColumn("notified", t.json, (col) => col.notNull())
      .addColumn("updated_at", t.bigint, (col) => col.notNull())
      .execute();
    await db.schema
      .createTable("notifications")
      .addColumn("id", t.id, (col) => col.primaryKey())
      .addColumn("idempotency_key", "text", (col) => col.notNull().unique())
      .addColumn("channel_type", "text", (col) => col.notNull())
      .addColumn("destination", "text", (col) => col.notNull())
      .addColumn("channel", t.json, (col) => col.notNull())
      .addColumn("content", t.json, (col) => col.notNull())
      .addColumn("subject", "text", (col) => col.notNull())
      .addColumn("source", "text", (col) => col.notNull())
      .addColumn("state", "text", (col) => col.notNull())
      .addColumn("attempts", "integer", (col) => col.notNull())
      .addColumn("next_attempt_at", t.bigint, (col) => col.notNull())
      .addColumn("last_error", "text")
      .addColumn("claimed_by", "text")
      .addColumn("claimed_until", t.bigint)
      .addColumn("created_at", t.bigint, (col) => col.notNull())
      .addColumn("delivered_at", t.bigint)
      .execute();
    await db.schema
      .createIndex("notifications_due")
      .on("notifications")
      .columns(["state", "next_attempt_at"])
      .execute();
    await db.schema.createIndex("notifications_created").on("notifications").columns(["created_at"]).execute();
    await db.schema
      .createTable("pages")
      .addColumn("id", t.id, (col) => col.primaryKey())
      .addColumn("group_key", "text", (col) => col.notNull())
      .addColumn("policy", "text", (col) => col.notNull())
      .addColumn("receiver", "text", (col) => col.notNull())
      .addColumn("title", "text", (col) => col.notNull())
      .addColumn("labels", t.json, (col) => col.notNull())
      .addColumn("content", t.json, (col) => col.notNull())
      .addColumn("state", "text", (col) => col.notNull())
      .addColumn("level", "integer", (col) => col.notNull())
      .addColumn("round", "integer", (col) => col.notNull())
      .addColumn("next_escalation_at", t.bigint)
      .addColumn("created_at", t.bigint, (col) => col.notNull())
      .addColumn("acknowledged_at", t.bigint)
      .addColumn("acknowledged_by", "text")
      .addColumn("resolved_at", t.bigint)
      .addColumn("resolved_by", "text")
      .addColumn("updated_at", t.bigint, (col) => col.notNull())
      .execute();
    await db.schema.createIndex("pages_state").on("pages").columns(["state", "next_escalation_at"]).execute();
    await db.schema.createIndex("pages_group").on("pages").columns(["group_key"]).execute();
    await db.schema.createIndex("pages_created").on("pages").columns(["created_at"]).execute();
    await db.schema
      .createTable("page_events")
      .addColumn("id", t.id, (col) => col.primaryKey())
      .addColumn("page_id", t.bigint, (col) => col.notNull().references("pages.id").onDelete("cascade"))
      .addColumn("at", t.bigint, (col) => col.notNull())
      .addColumn("event", "text", (col) => col.notNull())
      .addColumn("user_name", "text")
      .addColumn("detail", t.json, (col) => col.notNull())
      .execute();
    await db.schema.createIndex("page_events_page").on("page_events").columns(["page_id", "at"]).execute();
    await db.schema.createIndex("page_events_user").on("page_events").columns(["user_name", "at"]).execute();
    await db.schema
      .createTable("inbox_messages")
      .addColumn("id", t.id, (col) => col.primaryKey())
      .addColumn("destination", "text", (col) => col.notNull())
      .addColumn("notification_key", "text", (col) => col.notNull().unique())
      .addColumn("subject", "text", (col) => col.notNull())
      .addColumn("text", "text", (col) => col.notNull())
      .addColumn("received_at", t.bigint, (col) => col.notNull())
      .execute();
    await db.schema
      .createTable("leases")
      .addColumn("name", "text", (col) => col.primaryKey())
      .addColumn("holder", "text", (col) => col.notNull())
      .addColumn("expires_at", t.bigint, (col) => col.notNull())
      .addColumn("acquired_at", t.bigint, (col) => col.notNull())
      .execute();
  },
  "0010-alert-resolutions": async (db, t) => {
    // When the pipeline recorded an alert's resolution (null while it fires), so the resolve-timeout
    // sweep and a late resend each write the `resolved` event once; and silences' annotations (API v2).
    await db.schema.alterTable("alerts").addColumn("resolved_at", t.bigint).execute();
    // Only alerts still firing as recorded: the sweep's range, small whatever the history holds.
    await db.schema
      .createIndex("alerts_unresolved")
      .on("alerts")
      .column("ends_at")
      .where(sql.ref("resolved_at"), "is", null)
      .execute();
    await db.schema
      .alterTable("silences")
      .addColumn("annotations", t.json, (col) => col.notNull().defaultTo("{}"))
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
