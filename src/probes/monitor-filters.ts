import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { MonitorState } from "./model.js";
import { MONITORS } from "./monitor-objects.js";

/** What the monitor list can be narrowed to; every filter is optional. */
export interface MonitorFilters {
  /** Case-insensitive substring of the name, display name or target (URL, host:port, DNS name). */
  search?: string | undefined;
  state?: MonitorState | undefined;
  /** The check type, e.g. `http`. */
  type?: string | undefined;
}

/**
 * The text a search looks in, from the stored JSON: `->>` reads a key on both SQLite (3.38+, text
 * JSON) and PostgreSQL (jsonb), so no copy of it is kept. Lowercased by the database: ASCII only on
 * SQLite, which is what names and hosts are made of.
 */
const SEARCH_TEXT = sql`lower(monitors.name || ' ' || coalesce(${MONITORS.metadataText("displayName")}, '') || ' ' || coalesce(${MONITORS.specText("url")}, '') || ' ' || coalesce(${MONITORS.specText("host")}, '') || ':' || coalesce(${MONITORS.specText("port")}, '') || ' ' || coalesce(${MONITORS.specText("name")}, ''))`;

const SPEC_TYPE = MONITORS.specText("type");

export const MONITOR_STATE = sql<MonitorState>`coalesce(monitor_states.state, 'pending')`;

/**
 * One condition for the filters given, over `monitors` (see `monitor-objects.ts`) left-joined with
 * `monitor_states`;
 * `ignoreState` for the per-state counts, which show every state the other filters leave.
 */
export function matchMonitorFilters(filters: MonitorFilters, ignoreState = false): RawBuilder<SqlBool> {
  const conditions: RawBuilder<unknown>[] = [];
  const search = filters.search?.trim().toLowerCase();
  if (search) conditions.push(sql`${SEARCH_TEXT} like ${`%${escapeLike(search)}%`} escape '\\'`);
  if (filters.type) conditions.push(sql`${SPEC_TYPE} = ${filters.type}`);
  if (filters.state && !ignoreState) conditions.push(sql`${MONITOR_STATE} = ${filters.state}`);
  return conditions.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);
