import { type Kysely, type Selectable, sql } from "kysely";
import type { Metadata } from "../config/document.js";
import { parseDuration } from "../core/duration.js";
import { fromJson } from "../store/json.js";
import type { Database, MonitorResultsTable } from "../store/schema.js";
import { describeTarget, isPushed } from "./checks/index.js";
import { toHeartbeatUrl } from "./heartbeat.js";
import type { MonitorState, PhaseTimings } from "./model.js";
import { MONITOR_STATE, type MonitorFilters, matchMonitorFilters } from "./monitor-filters.js";
import { selectMonitors } from "./monitor-objects.js";
import { STATE_COLUMNS, toStatus } from "./state-store.js";
import { selectUptimeSummaries } from "./uptime-store.js";
import type { CheckResultView, MonitorPage, MonitorView } from "./views.js";

export { type MonitorResult, recordResults } from "./state-store.js";

export const RECENT_RESULTS = 20;
/** Worst first: what is broken, then what needs a look, then what is fine or not watched. */
const STATE_ORDER = sql`case coalesce(monitor_states.state, 'pending') when 'down' then 0 when 'degraded' then 1 when 'pending' then 2 when 'up' then 3 when 'maintenance' then 4 else 5 end`;
export interface ListMonitorViewsOptions extends MonitorFilters {
  limit: number;
  offset: number;
  now: number;
}

/**
 * A page of the monitors that match the filters, worst first (down, then pending, then up) and by
 * name within a state, with the count in each state of those matching the other filters (the
 * search and the type); in four queries however long the page and however many monitors.
 */
export async function listMonitorViews(db: Kysely<Database>, options: ListMonitorViewsOptions): Promise<MonitorPage> {
  const [rows, states] = await Promise.all([
    selectMonitorRows(db)
      .where(matchMonitorFilters(options))
      .orderBy(STATE_ORDER)
      .orderBy("monitors.name")
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    selectMonitors(db)
      .leftJoin("monitor_states", "monitor_states.monitor_id", "monitors.id")
      .select((eb) => [
        eb.fn.coalesce("monitor_states.state", sql.lit("pending")).as("state"),
        eb.fn.countAll<number>().as("count"),
      ])
      .where(matchMonitorFilters(options, true))
      .groupBy(MONITOR_STATE)
      .execute(),
  ]);
  const counts: Record<MonitorState, number> = { down: 0, degraded: 0, pending: 0, up: 0, maintenance: 0, paused: 0 };
  for (const row of states) counts[row.state as MonitorState] = Number(row.count);
  return {
    items: await buildViews(db, rows, options.now),
    total: options.state ? counts[options.state] : Object.values(counts).reduce((sum, count) => sum + count, 0),
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
  const rows = await selectMonitorRows(db).where("monitors.name", "=", name).execute();
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
  return selectMonitors(db)
    .leftJoin("monitor_states", "monitor_states.monitor_id", "monitors.id")
    .select([
      "monitors.id",
      "monitors.name",
      "monitors.metadata",
      "monitors.spec",
      "monitors.created_at",
      ...STATE_COLUMNS,
    ]);
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
  const [recent, uptime] = await Promise.all([
    selectRecentResults(db, monitors, now),
    selectUptimeSummaries(db, ids, now),
  ]);
  return monitors.map(({ row, spec, id, intervalMs }) => {
    const summary = uptime.get(id);
    const status = toStatus(row);
    const pushed = isPushed(spec);
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
      uptime24h: summary?.uptime24h ?? null,
      uptime30d: summary?.uptime30d ?? null,
      pushed,
      heartbeatUrl: toHeartbeatUrl(pushed, row.heartbeat_token),
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
