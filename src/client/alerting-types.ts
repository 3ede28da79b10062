/**
 * The shapes of the alerting and on-call API as the UI reads them, written to match the modules'
 * views (src/alerts/views.ts, src/notify/views.ts, the on-call health report) while those land;
 * types.ts re-exports a module's own type once it is there. Alerts, groups and silences are
 * Alertmanager's API v2 (instants as RFC 3339 strings); the rest is /api/v1 (epoch ms). Type-only.
 */

export type LabelSetView = Record<string, string>;

/** Alertmanager's matcher: `isEqual: false` negates, `isRegex` is a RE2 expression. */
export interface MatcherView {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export type AlertState = "unprocessed" | "active" | "suppressed";

/** GET /api/v2/alerts. */
export interface GettableAlert {
  fingerprint: string;
  labels: LabelSetView;
  annotations: LabelSetView;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  generatorURL?: string;
  receivers: { name: string }[];
  status: { state: AlertState; silencedBy: string[]; inhibitedBy: string[]; mutedBy: string[] };
}

/** GET /api/v2/alerts/groups: the dispatcher's groups, each with its receiver and alerts. */
export interface AlertGroupView {
  labels: LabelSetView;
  routeLabels?: LabelSetView;
  receiver: { name: string };
  alerts: GettableAlert[];
}

export type SilenceStateView = "pending" | "active" | "expired";

/** GET /api/v2/silences. */
export interface GettableSilence {
  id: string;
  matchers: MatcherView[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  updatedAt: string;
  status: { state: SilenceStateView };
  annotations?: LabelSetView;
}

/** POST /api/v2/silences; with an `id`, replaces that silence. */
export interface PostableSilence {
  id?: string;
  matchers: MatcherView[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** One entry of an alert's history: fired, grouped, silenced, notified, acknowledged, resolved ... */
export interface AlertHistoryEntryView {
  at: number;
  event: string;
  detail: Record<string, unknown>;
}

/** GET /api/v1/alerts/:fingerprint: Nines' own view of an alert, with its history. */
export interface AlertDetailView {
  fingerprint: string;
  labels: LabelSetView;
  annotations: LabelSetView;
  state: "firing" | "resolved";
  startsAt: number;
  endsAt: number;
  source: string;
  history: AlertHistoryEntryView[];
}

export type NotificationStateView = "pending" | "delivered" | "dead";

/** One row of the outbox. */
export interface NotificationView {
  id: number;
  channelType: string;
  destination: string;
  subject: string;
  source: string;
  state: NotificationStateView;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** A message of the `inbox` channel, kept in Nines. */
export interface InboxMessageView {
  id: number;
  inbox: string;
  subject: string;
  text: string;
  receivedAt: number;
}

export interface ResponseTimes {
  count: number;
  medianMs: number | null;
  meanMs: number | null;
}

export interface OnCallLoad {
  pages: number;
  pagesPerWeek: number;
  outsideWorkingHours: number;
  timeToAcknowledge: ResponseTimes;
  timeToResolve: ResponseTimes;
}

export interface OnCallHealthView {
  from: number;
  to: number;
  people: (OnCallLoad & { user: string })[];
  teams: (OnCallLoad & { team: string })[];
}
