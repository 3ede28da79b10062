import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { CheckResultView, MonitorPage, MonitorState, MonitorView, PhaseTimings } from "../client/types.js";
import type { Metadata } from "../config/document.js";
import { parseDuration } from "../core/duration.js";
import { fromJson, toJson } from "../store/json.js";
import type { Database, MonitorResultsTable } from "../store/schema.js";
import type { CheckStatus } from "./check.js";
import { describeTarget } from "./checks/index.js";
import { advanceStatus, type MonitorStatus } from "./state.js";

/** One check result on its way to the database. */
export interface MonitorResult {
  monitorId: number;
  startedAt: number;
  status: CheckStatus;
  durationMs: number;
  statusCode?: number | null;
  error?: string | null;
  timings?: PhaseTimings | null;
}

export const RECENT_RESULTS = 20;
/** Worst first: what is broken, then what needs a look, then what is fine or not watched. */
const STATE_ORDER = sql`case coalesce(monitor_states.state, 'pending') when 'down' then 0 when 'degraded' then 1 when 'pending' then 2 when 'up' then 3 when 'maintenance' then 4 else 5 end`;
const DAY_MS = 86_400_000;
// Rows per insert: well under SQLite's and PostgreSQL's limits on bound parameters.
const ROWS_PER_INSERT = 500;

/**
 * Writes a batch of results with multi-row inserts and moves each monitor's state along, in one
 * transaction. Results of monitors deleted meanwhile are dropped: their rows would break the
 * foreign key and, with it, the whole batch.
 */
export async function recordResults(
  db: Kysely<Database>,
  results: readonly MonitorResult[],
): Promise<{ recorded: number; dropped: number }> {
  if (results.length === 0) return { recorded: 0, dropped: 0 };
  return db.transaction().execute(async (trx) => {
    const statuses = await selectStatuses(trx, [...new Set(results.map((result) => result.monitorId))]);
    const kept = results.filter((result) => statuses.has(result.monitorId)).sort((a, b) => a.startedAt - b.startedAt);
    const changed = new Map<number, MonitorStatus>();
    for (const result of kept) {
      const previous = changed.get(result.monitorId) ?? statuses.get(result.monitorId);
      changed.set(result.monitorId, advanceStatus(previous, result));
    }
    for (const chunk of chunks(kept, ROWS_PER_INSERT)) {
      await trx.insertInto("monitor_results").values(chunk.map(toResultRow)).execute();
    }
    for (const chunk of chunks([...changed], ROWS_PER_INSERT)) {
      await trx
        .insertInto("monitor_states")
        .values(chunk.map(([monitorId, status]) => toStateRow(monitorId, status)))
        .onConflict((oc) =>
          oc.column("monitor_id").doUpdateSet((eb) => ({
            state: eb.ref("excluded.state"),
            since: eb.ref("excluded.since"),
            last_check_at: eb.ref("excluded.last_check_at"),
            last_error: eb.ref("excluded.last_error"),
          })),
        )
        .execute();
    }
    return { recorded: kept.length, dropped: results.length - kept.length };
  });
}

/** The current status of each monitor that still exists; `undefined` for one never checked. */
async function selectStatuses(
  trx: Transaction<Database>,
  ids: number[],
): Promise<Map<number, MonitorStatus | undefined>> {
  const statuses = new Map<number, MonitorStatus | undefined>();
  for (const chunk of chunks(ids, ROWS_PER_INSERT)) {
    const rows = await trx
      .selectFrom("objects")
      .leftJoin("monitor_states", "monitor_states.monitor_id", "objects.id")
      .select(["objects.id", ...STATE_COLUMNS])
      .where("objects.kind", "=", "Monitor")
      .where("objects.id", "in", chunk)
      .execute();
    for (const row of rows) statuses.set(Number(row.id), toStatus(row));
  }
  return statuses;
}

const toResultRow = (result: MonitorResult) => ({
  monitor_id: result.monitorId,
  started_at: result.startedAt,
  status: result.status,
  duration_ms: result.durationMs,
  status_code: result.statusCode ?? null,
  error: result.error ?? null,
  timings: result.timings ? toJson(result.timings) : null,
});

const toStateRow = (monitorId: number, status: MonitorStatus) => ({
  monitor_id: monitorId,
  state: status.state,
  since: status.since,
  last_check_at: status.lastCheckAt,
  last_error: status.lastError,
});

const STATE_COLUMNS = [
  "monitor_states.state",
  "monitor_states.since",
  "monitor_states.last_check_at",
  "monitor_states.last_error",
] as const;

type StateColumns = {
  state: MonitorState | null;
  since: number | null;
  last_check_at: number | null;
  last_error: string | null;
};

function toStatus(row: StateColumns): MonitorStatus | undefined {
  if (row.state === null || row.since === null) return undefined;
  const lastCheckAt = row.last_check_at === null ? null : Number(row.last_check_at);
  return { state: row.state, since: Number(row.since), lastCheckAt, lastError: row.last_error };
}

export interface ListMonitorViewsOptions {
  limit: number;
  offset: number;
  now: number;
}

/**
 * A page of monitors, worst first (down, then pending, then up) and by name within a state, with
 * the count of monitors in each state across all pages; in four queries however long the page.
 */
export async function listMonitorViews(db: Kysely<Database>, options: ListMonitorViewsOptions): Promise<MonitorPage> {
  const [rows, states] = await Promise.all([
    selectMonitorRows(db)
      .orderBy(STATE_ORDER)
      .orderBy("objects.name")
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    db
      .selectFrom("objects")
      .leftJoin("monitor_states", "monitor_states.monitor_id", "objects.id")
      .select((eb) => [
        eb.fn.coalesce("monitor_states.state", sql.lit("pending")).as("state"),
        eb.fn.countAll<number>().as("count"),
      ])
      .where("objects.kind", "=", "Monitor")
      .groupBy(sql`coalesce(monitor_states.state, 'pending')`)
      .execute(),
  ]);
  const counts: Record<MonitorState, number> = { down: 0, degraded: 0, pending: 0, up: 0, maintenance: 0, paused: 0 };
  for (const row of states) counts[row.state as MonitorState] = Number(row.count);
  return {
    items: await buildViews(db, rows, options.now),
    total: Object.values(counts).reduce((sum, count) => sum + count, 0),
    counts,
    limit: options.limit,
    offset: options.offset,
  };
}

export async function getMonitorView(
  db: Kysely<Database>,
  name: string,
  now: number,
): Promise<MonitorView | undefined> {
  const rows = await selectMonitorRows(db).where("objects.name", "=", name).execute();
  return (await buildViews(db, rows, now))[0];
}

/** A monitor's results, newest first; `before` (epoch ms, exclusive) pages back in time. */
export async function listResults(
  db: Kysely<Database>,
  monitorId: number,
  options: { limit: number; before?: number | undefined },
): Promise<CheckResultView[]> {
  let query = db.selectFrom("monitor_results").selectAll().where("monitor_id", "=", monitorId);
  if (options.before !== undefined) query = query.where("started_at", "<", options.before);
  const rows = await query.orderBy("started_at", "desc").orderBy("id", "desc").limit(options.limit).execute();
  return rows.map(toResultView);
}

function selectMonitorRows(db: Kysely<Database>) {
  return db
    .selectFrom("objects")
    .leftJoin("monitor_states", "monitor_states.monitor_id", "objects.id")
    .select(["objects.id", "objects.name", "objects.metadata", "objects.spec", "objects.created_at", ...STATE_COLUMNS])
    .where("objects.kind", "=", "Monitor");
}

type MonitorRow = Awaited<ReturnType<ReturnType<typeof selectMonitorRows>["execute"]>>[number];

interface MonitorSpecFields {
  type: string;
  interval?: string;
}

async function buildViews(db: Kysely<Database>, rows: MonitorRow[], now: number): Promise<MonitorView[]> {
  if (rows.length === 0) return [];
  const monitors = rows.map((row) => {
    const spec = fromJson<MonitorSpecFields>(row.spec);
    return { row, spec, id: Number(row.id), intervalMs: parseDuration(spec.interval ?? "") ?? 0 };
  });
  const ids = monitors.map((monitor) => monitor.id);
  const [recent, uptime] = await Promise.all([selectRecentResults(db, monitors, now), selectUptime(db, ids, now)]);
  return monitors.map(({ row, spec, id, intervalMs }) => {
    const counts = uptime.get(id);
    const status = toStatus(row);
    return {
      name: row.name,
      displayName: fromJson<Metadata>(row.metadata).displayName ?? null,
      type: spec.type,
      target: describeTarget(spec),
      intervalMs,
      state: status?.state ?? "pending",
      since: status?.since ?? Number(row.created_at),
      lastCheckAt: status?.lastCheckAt ?? null,
      lastError: status?.lastError ?? null,
      uptime24h: counts && counts.total > 0 ? counts.up / counts.total : null,
      // Filled in by the rollups (30 days) and heartbeat work of the probe engine issue.
      uptime30d: null,
      heartbeatUrl: null,
      recent: recent.get(id) ?? [],
    };
  });
}

/**
 * The newest results of each monitor, by a window function. Each monitor's rows are first bounded
 * to twice its last RECENT_RESULTS intervals, so the window never ranks weeks of raw results.
 */
async function selectRecentResults(
  db: Kysely<Database>,
  monitors: Array<{ id: number; intervalMs: number }>,
  now: number,
): Promise<Map<number, CheckResultView[]>> {
  const idsByInterval = new Map<number, number[]>();
  for (const { id, intervalMs } of monitors)
    idsByInterval.set(intervalMs, [...(idsByInterval.get(intervalMs) ?? []), id]);
  const ranked = db
    .selectFrom("monitor_results")
    .selectAll()
    .select((eb) =>
      eb.fn
        .agg<number>("row_number")
        .over((over) => over.partitionBy("monitor_id").orderBy("started_at", "desc").orderBy("id", "desc"))
        .as("position"),
    )
    .where((eb) =>
      eb.or(
        [...idsByInterval].map(([intervalMs, ids]) =>
          eb.and([
            eb("monitor_id", "in", ids),
            eb("started_at", ">=", now - 2 * RECENT_RESULTS * Math.max(intervalMs, 1000)),
          ]),
        ),
      ),
    );
  const rows = await db
    .selectFrom(ranked.as("ranked"))
    .selectAll()
    .where("position", "<=", RECENT_RESULTS)
    .orderBy("monitor_id")
    .orderBy("started_at", "desc")
    .orderBy("id", "desc")
    .execute();
  const byMonitor = new Map<number, CheckResultView[]>();
  for (const row of rows) {
    const id = Number(row.monitor_id);
    const list = byMonitor.get(id) ?? [];
    if (list.length === 0) byMonitor.set(id, list);
    list.push(toResultView(row));
  }
  return byMonitor;
}

async function selectUptime(
  db: Kysely<Database>,
  ids: number[],
  now: number,
): Promise<Map<number, { up: number; total: number }>> {
  const rows = await db
    .selectFrom("monitor_results")
    .select((eb) => [
      "monitor_id",
      eb.fn.countAll<number>().as("total"),
      // Literals rather than parameters: PostgreSQL cannot infer a type for `sum(case ... then $1)`.
      eb.fn.sum<number>(eb.case().when("status", "=", "up").then(eb.lit(1)).else(eb.lit(0)).end()).as("up"),
    ])
    .where("monitor_id", "in", ids)
    .where("started_at", ">", now - DAY_MS)
    .groupBy("monitor_id")
    .execute();
  return new Map(rows.map((row) => [Number(row.monitor_id), { up: Number(row.up), total: Number(row.total) }]));
}

function toResultView(row: Selectable<MonitorResultsTable>): CheckResultView {
  return {
    startedAt: Number(row.started_at),
    status: row.status,
    durationMs: Number(row.duration_ms),
    statusCode: row.status_code ?? null,
    error: row.error ?? null,
    timings: row.timings === null ? null : fromJson<PhaseTimings>(row.timings),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
