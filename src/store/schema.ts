import type { Generated } from "kysely";
import type { MonitorState } from "../client/types.js";
import type { CheckStatus } from "../probes/check.js";

/**
 * The tables, as Kysely sees them. Instants are integer epoch milliseconds (UTC) on both backends;
 * JSON columns are text on SQLite and jsonb on PostgreSQL, read and written through `store/json.ts`.
 */
export interface Database {
  objects: ObjectsTable;
  api_tokens: ApiTokensTable;
  monitor_results: MonitorResultsTable;
  monitor_states: MonitorStatesTable;
}

export interface ObjectsTable {
  id: Generated<number>;
  api_version: string;
  kind: string;
  name: string;
  /** JSON of the document's metadata (name, displayName, labels, annotations). */
  metadata: string;
  /** JSON of the document's spec, after validation (defaults filled in). */
  spec: string;
  /** Increases by one on every change of the document. */
  generation: number;
  created_at: number;
  updated_at: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  /** SHA-256 of the token, hex; the token itself is shown once and never stored. */
  token_hash: string;
  /** The token's first characters, so a person can tell tokens apart in listings. */
  prefix: string;
  created_at: number;
  last_used_at: number | null;
}

export interface MonitorResultsTable {
  id: Generated<number>;
  monitor_id: number;
  started_at: number;
  status: CheckStatus;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  /** JSON of per-phase timings in milliseconds ({dns, connect, tls, firstByte, transfer}). */
  timings: string | null;
}

export interface MonitorStatesTable {
  monitor_id: number;
  state: MonitorState;
  since: number;
  last_check_at: number | null;
  last_error: string | null;
}
