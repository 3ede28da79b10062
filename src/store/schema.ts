import type { Generated } from "kysely";
import type { Role } from "../core/access.js";
import type { CheckStatus, MonitorState } from "../probes/model.js";
import type { CheckedState } from "../probes/state.js";

/**
 * The tables, as Kysely sees them. Instants are integer epoch milliseconds (UTC) on both backends;
 * JSON columns are text on SQLite and jsonb on PostgreSQL, read and written through `store/json.ts`.
 */
export interface Database {
  objects: ObjectsTable;
  api_tokens: ApiTokensTable;
  monitor_results: MonitorResultsTable;
  monitor_states: MonitorStatesTable;
  monitor_events: MonitorEventsTable;
  monitor_rollups: MonitorRollupsTable;
  rollup_watermarks: RollupWatermarksTable;
  audit_log: AuditLogTable;
  secret_values: SecretValuesTable;
  slo_series: SloSeriesTable;
  slo_minutes: SloCountsTable & { minute: number };
  slo_hours: SloCountsTable & { hour: number };
  slo_cursors: SloCursorsTable;
  slo_alerts: SloAlertsTable;
  alerts: AlertsTable;
  alert_history: AlertHistoryTable;
  silences: SilencesTable;
  alert_groups: AlertGroupsTable;
  notifications: NotificationsTable;
  pages: PagesTable;
  page_events: PageEventsTable;
  inbox_messages: InboxMessagesTable;
  leases: LeasesTable;
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
  /** One of `ROLES` (core/access.ts): what the token may do. */
  role: Role;
  created_at: number;
  /** When the token stops working; null for never. */
  expires_at: number | null;
  /** Updated at most once a minute (auth/tokens.ts). */
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
  /** 1 when taken inside a maintenance window: kept, but it moved no state. */
  in_maintenance: Generated<number>;
}

export interface MonitorStatesTable {
  monitor_id: number;
  state: MonitorState;
  since: number;
  last_check_at: number | null;
  last_error: string | null;
  /** The state the results decided, kept under `paused` and `maintenance` (see `probes/state.ts`). */
  checked_state: Generated<CheckedState>;
  /** Consecutive down results, and consecutive results that were not down. */
  failures: Generated<number>;
  successes: Generated<number>;
  last_ping_at: number | null;
  /** The secret of a heartbeat monitor's push URL; unique. */
  heartbeat_token: string | null;
}

/** Every change of a monitor's state, with why. */
export interface MonitorEventsTable {
  id: Generated<number>;
  monitor_id: number;
  at: number;
  from_state: MonitorState;
  to_state: MonitorState;
  reason: string | null;
}

/** One monitor's results of one hour, once the hour is complete (see `probes/retention.ts`). */
export interface MonitorRollupsTable {
  monitor_id: number;
  /** Epoch ms of the hour's start, a whole hour in UTC. */
  hour_start: number;
  checks: number;
  /** Down results. */
  failures: number;
  degraded: number;
  /** Sum of the durations of results that were not down. */
  duration_sum_ms: number;
  /** Latency histogram of results that were not down, sparse `bucket:count` pairs (`probes/rollups.ts`). */
  histogram: string;
}

/** How far a series of raw data has been rolled up: everything before `rolled_up_until` (epoch ms). */
export interface RollupWatermarksTable {
  series: string;
  rolled_up_until: number;
}

/** The append-only, hash-chained record of changes (see `audit/chain.ts`). */
export interface AuditLogTable {
  /** 1, 2, 3 ... without gaps, assigned by the writer under a lock. */
  seq: number;
  at: number;
  actor_name: string;
  actor_role: string | null;
  actor_address: string | null;
  action: string;
  kind: string | null;
  name: string | null;
  version_before: number | null;
  version_after: number | null;
  /** JSON object of small facts, or null; never a spec or a secret. */
  detail: string | null;
  prev_hash: string;
  hash: string;
}

/** One value of a Secret object, sealed with AES-256-GCM; see `secrets/crypto.ts`. */
export interface SecretValuesTable {
  secret_name: string;
  key: string;
  /** `v1.<keyId>.<nonce>.<ciphertext>.<tag>`; never the value itself. */
  sealed: string;
  /** Goes up by one when the value changes; shown in place of the value. */
  revision: number;
  updated_at: number;
}

export interface SloSeriesTable {
  id: Generated<number>;
  slo: string;
  /** Which indicator of the SLO: `sli` (its own), `objective-<i>` (composite or threshold), or `slices-<i>`. */
  stream: string;
  /** JSON of the group's label values (`{}` without groupBy), keys sorted. */
  labels: string;
  /** Of the indicator definition: a changed indicator starts new counts. */
  fingerprint: string;
  created_at: number;
}

export interface SloCountsTable {
  series_id: number;
  good: number;
  total: number;
}

export interface SloCursorsTable {
  slo: string;
  fingerprint: string;
  /** The last epoch minute read from the source. */
  minute: number;
  error: string | null;
  updated_at: number;
}

export interface SloAlertsTable {
  id: Generated<number>;
  slo: string;
  objective: string;
  group_key: string;
  name: string;
  severity: string;
  state: "firing" | "resolved";
  starts_at: number;
  ends_at: number | null;
  labels: string;
  annotations: string;
}

export interface AlertsTable {
  /** Alertmanager's fingerprint of the label set (16 hex digits): the alert's identity. */
  fingerprint: string;
  labels: string;
  annotations: string;
  starts_at: number;
  /** When it ends or ended; without an `endsAt` from the sender, now + resolve timeout, renewed by each resend. */
  ends_at: number;
  /** 1 when `ends_at` came from the resolve timeout rather than the sender. */
  timeout: number;
  generator_url: string | null;
  /** Where it came from: `alertmanager`, `pagerduty`, `webhook`, `slo`, `monitor`. */
  source: string;
  received_at: number;
  updated_at: number;
  /** When the `resolved` event was recorded; null while the alert fires (migration 0010). */
  resolved_at: number | null;
}

export interface AlertHistoryTable {
  id: Generated<number>;
  fingerprint: string;
  at: number;
  /** fired, updated, resolved, grouped, silenced, unsilenced, inhibited, uninhibited, muted, notified, acknowledged. */
  event: string;
  detail: string;
}

export interface SilencesTable {
  id: string;
  /** Alertmanager's matchers: `[{name, value, isRegex, isEqual}]`. */
  matchers: string;
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  updated_at: number;
  /** API v2's silence annotations, a label set (migration 0010). */
  annotations: Generated<string>;
}

export interface AlertGroupsTable {
  /** Route path and group labels: Alertmanager's group key. */
  key: string;
  route: string;
  receiver: string;
  labels: string;
  created_at: number;
  /** When the group is next flushed (end of group_wait, then each group_interval); null when idle. */
  next_flush_at: number | null;
  last_notified_at: number | null;
  /** What the receiver was last told: fingerprint to "firing" or "resolved". */
  notified: string;
  updated_at: number;
}

export interface NotificationsTable {
  id: Generated<number>;
  /** Also sent to receivers that deduplicate (PagerDuty's dedup_key, an `Idempotency-Key` header). */
  idempotency_key: string;
  channel_type: string;
  /** Who it is for, for people: `receiver/ops/0`, `user/alice/1`. */
  destination: string;
  /** The channel as declared, secret references unresolved. */
  channel: string;
  content: string;
  subject: string;
  /** What it is about: `group:<key>` or `page:<id>`. */
  source: string;
  state: "pending" | "delivered" | "dead";
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  /** The process delivering it now, until `claimed_until`; a crashed one's claim runs out. */
  claimed_by: string | null;
  claimed_until: number | null;
  created_at: number;
  delivered_at: number | null;
}

export interface PagesTable {
  id: Generated<number>;
  group_key: string;
  policy: string;
  receiver: string;
  title: string;
  labels: string;
  content: string;
  state: "triggered" | "acknowledged" | "resolved";
  /** The escalation level notified last (0-based), within `round`. */
  level: number;
  round: number;
  next_escalation_at: number | null;
  created_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  updated_at: number;
}

export interface PageEventsTable {
  id: Generated<number>;
  page_id: number;
  at: number;
  /** triggered, notified, skipped, escalated, acknowledged, resolved, exhausted. */
  event: string;
  user_name: string | null;
  detail: string;
}

export interface InboxMessagesTable {
  id: Generated<number>;
  destination: string;
  notification_key: string;
  subject: string;
  text: string;
  received_at: number;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: number;
  acquired_at: number;
}
