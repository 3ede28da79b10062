import type {
  AlertDetailView,
  AlertGroupView,
  ApplyRequest,
  AuditPage,
  AuditVerification,
  CheckResultView,
  DemoControl,
  Document,
  GettableAlert,
  GettableSilence,
  InboxMessageView,
  KindInfo,
  MonitorEvent,
  MonitorPage,
  MonitorView,
  NotificationStateView,
  NotificationView,
  OnCallHealthView,
  OnCallView,
  OverrideChangeView,
  Page,
  PageDetailView,
  PageList,
  PageStateView,
  PageView,
  Plan,
  PostableSilence,
  Problem,
  ScheduleShiftsView,
  ServerInfo,
  SloAlertView,
  SloDetailView,
  SloGateView,
  SloHistoryView,
  SloView,
  UptimeReport,
} from "./types.js";

export type * from "./types.js";

/** The one typed client of Nines' HTTP API, used by the CLI and the UI alike. */
export interface ClientOptions {
  /** Base URL of the server, e.g. `http://localhost:9999`; empty for the page's own origin. */
  baseUrl: string;
  /** The API token, or a function asked at each request (the UI's token changes on sign-in). */
  token?: string | undefined | (() => string | undefined);
  fetch?: typeof fetch;
  /** A response already requested for this URL (the UI starts the first page early), used once. */
  takePrefetched?: (url: string) => Promise<Response> | undefined;
}

/** A non-2xx answer of the API, with its problem+json body. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
  }
}

/** An array value repeats the key (`filter=a&filter=b`), as Alertmanager's API takes its matchers. */
type AlertQuery = { active?: boolean; silenced?: boolean; inhibited?: boolean; filter?: string[]; receiver?: string };

type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export function createClient(options: ClientOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/+$/, "");

  async function request<T>(
    method: string,
    path: string,
    init: { query?: Query; body?: unknown; accept?: string } = {},
  ): Promise<T> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (Array.isArray(value)) for (const each of value) search.append(key, each);
      else if (value !== undefined) search.set(key, String(value));
    }
    const url = `${base}${path}${search.size ? `?${search}` : ""}`;
    const headers: Record<string, string> = { accept: init.accept ?? "application/json" };
    const token = typeof options.token === "function" ? options.token() : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      const prefetched = method === "GET" ? options.takePrefetched?.(url) : undefined;
      response = await (prefetched ??
        fetchImpl(url, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) }));
    } catch (error) {
      const reason =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new ApiError({
        type: "about:blank",
        title: "Server unreachable",
        status: 0,
        detail: `cannot reach the Nines server at ${base || "this origin"}: ${reason}`,
      });
    }
    if (!response.ok) throw new ApiError(await readProblem(response));
    if (response.status === 204) return undefined as T;
    const type = response.headers.get("content-type") ?? "";
    return (type.includes("json") ? await response.json() : await response.text()) as T;
  }

  const enc = encodeURIComponent;
  return {
    info: () => request<ServerInfo>("GET", "/api/v1/info"),
    kinds: () => request<{ items: KindInfo[] }>("GET", "/api/v1/kinds"),
    listObjects: (kind?: string) => request<{ items: Document[] }>("GET", "/api/v1/objects", { query: { kind } }),
    getObject: (kind: string, name: string) => request<Document>("GET", `/api/v1/objects/${enc(kind)}/${enc(name)}`),
    /** With `generation`, deleted only if nobody changed it since (409 otherwise). */
    deleteObject: (kind: string, name: string, generation?: number) =>
      request<Plan>("DELETE", `/api/v1/objects/${enc(kind)}/${enc(name)}`, { query: { generation } }),
    /** Multi-document YAML of every stored object (or of one kind). */
    exportYaml: (kind?: string) =>
      request<string>("GET", "/api/v1/export", { query: { kind }, accept: "application/yaml" }),
    plan: (body: ApplyRequest) => request<Plan>("POST", "/api/v1/plan", { body }),
    apply: (body: ApplyRequest) => request<Plan>("POST", "/api/v1/apply", { body }),
    listMonitors: (query: { limit?: number; offset?: number; search?: string; state?: string; type?: string } = {}) =>
      request<MonitorPage>("GET", "/api/v1/monitors", { query }),
    getMonitor: (name: string) => request<MonitorView>("GET", `/api/v1/monitors/${enc(name)}`),
    listResults: (name: string, query: { limit?: number; before?: number } = {}) =>
      request<{ items: CheckResultView[] }>("GET", `/api/v1/monitors/${enc(name)}/results`, { query }),
    listMonitorEvents: (name: string, query: { limit?: number; before?: number } = {}) =>
      request<{ items: MonitorEvent[] }>("GET", `/api/v1/monitors/${enc(name)}/events`, { query }),
    /** Uptime and latency over [from, to), in buckets of `step` (e.g. 1h, 1d). */
    getUptime: (name: string, query: { from?: number; to?: number; step?: string } = {}) =>
      request<UptimeReport>("GET", `/api/v1/monitors/${enc(name)}/uptime`, { query }),
    listAudit: (query: { limit?: number; offset?: number; kind?: string; name?: string; actor?: string } = {}) =>
      request<AuditPage>("GET", "/api/v1/audit", { query }),
    /** Checks the audit log's hash chain; with an anchor (an earlier head), also that it is still there. */
    verifyAudit: (anchor?: { seq: number; hash: string }) =>
      request<AuditVerification>("GET", "/api/v1/audit/verify", { query: { seq: anchor?.seq, hash: anchor?.hash } }),
    /** Every SLO, most at risk first. */
    listSlos: () => request<{ items: SloView[] }>("GET", "/api/v1/slos"),
    getSlo: (name: string) => request<SloDetailView>("GET", `/api/v1/slos/${enc(name)}`),
    /**
     * One objective's SLI and budget over [from, to), in buckets of `step` (whole hours or days:
     * 1h, 6h, 1d), oldest first; `group` picks one group of a grouped SLO by its label values.
     */
    getSloHistory: (
      name: string,
      query: { objective?: number; group?: Record<string, string>; from?: number; to?: number; step?: string } = {},
    ) =>
      request<SloHistoryView>("GET", `/api/v1/slos/${enc(name)}/history`, {
        query: { ...query, group: query.group === undefined ? undefined : JSON.stringify(query.group) },
      }),
    listSloAlerts: (query: { state?: "firing" | "resolved"; slo?: string; limit?: number } = {}) =>
      request<{ items: SloAlertView[] }>("GET", "/api/v1/slo-alerts", { query }),
    /** Whether a deploy of `service` may go ahead: closed while one of its SLOs burns faster than `maxBurn`. */
    checkSloGate: (service: string, query: { maxBurn?: number } = {}) =>
      request<SloGateView>("GET", "/api/v1/slo-gate", { query: { service, maxBurn: query.maxBurn } }),
    /** Alertmanager API v2: alerts the pipeline holds; `filter` takes matchers such as `service="cart"`. */
    listAlerts: (query: AlertQuery = {}) => request<GettableAlert[]>("GET", "/api/v2/alerts", { query }),
    listAlertGroups: (query: AlertQuery = {}) => request<AlertGroupView[]>("GET", "/api/v2/alerts/groups", { query }),
    /** One alert with what happened to it, oldest first: fired, grouped, silenced, notified, resolved ... */
    getAlert: (fingerprint: string) => request<AlertDetailView>("GET", `/api/v1/alerts/${enc(fingerprint)}`),
    listSilences: (query: { filter?: string[] } = {}) =>
      request<GettableSilence[]>("GET", "/api/v2/silences", { query }),
    createSilence: (silence: PostableSilence) =>
      request<{ silenceID: string }>("POST", "/api/v2/silences", { body: silence }),
    expireSilence: (id: string) => request<void>("DELETE", `/api/v2/silence/${enc(id)}`),
    /** The outbox, newest first. */
    listNotifications: (query: { state?: NotificationStateView; limit?: number; offset?: number } = {}) =>
      request<Page<NotificationView>>("GET", "/api/v1/notifications", { query }),
    /** Sends a dead notification again, with the same idempotency key. */
    retryNotification: (id: number) => request<NotificationView>("POST", `/api/v1/notifications/${id}/retry`),
    /** Messages of the `inbox` channel, newest first. */
    listInbox: (query: { inbox?: string; limit?: number; offset?: number } = {}) =>
      request<Page<InboxMessageView>>("GET", "/api/v1/inbox", { query }),
    /** Pages, newest first. */
    listPages: (query: { state?: PageStateView; limit?: number; offset?: number } = {}) =>
      request<PageList>("GET", "/api/v1/pages", { query }),
    getPage: (id: number) => request<PageDetailView>("GET", `/api/v1/pages/${id}`),
    acknowledgePage: (id: number) => request<PageView>("POST", `/api/v1/pages/${id}/acknowledge`),
    resolvePage: (id: number) => request<PageView>("POST", `/api/v1/pages/${id}/resolve`),
    /** For every schedule, who is on call now and until when, and who is next. */
    getOnCall: () => request<OnCallView>("GET", "/api/v1/oncall"),
    /** A schedule's final shifts over [from, to) (at most 90 days), overrides applied. */
    listShifts: (schedule: string, query: { from?: number; to?: number } = {}) =>
      request<ScheduleShiftsView>("GET", `/api/v1/schedules/${enc(schedule)}/shifts`, { query }),
    addOverride: (schedule: string, override: { user: string; start: string; end: string; note?: string }) =>
      request<OverrideChangeView>("POST", `/api/v1/schedules/${enc(schedule)}/overrides`, { body: override }),
    /** The iCalendar feeds: a schedule's shifts, or one person's across every schedule. */
    scheduleCalendarUrl: (schedule: string) => `${base}/api/v1/schedules/${enc(schedule)}/calendar.ics`,
    userCalendarUrl: (user: string) => `${base}/api/v1/users/${enc(user)}/calendar.ics`,
    /** Pages per week, out of hours, time to acknowledge and resolve, per person and team. */
    getOnCallHealth: (query: { from?: number; to?: number } = {}) =>
      request<OnCallHealthView>("GET", "/api/v1/oncall/health", { query }),
    getDemo: () => request<DemoControl>("GET", "/demo/control"),
    setDemo: (control: Partial<DemoControl>) => request<DemoControl>("PUT", "/demo/control", { body: control }),
  };
}

export type Client = ReturnType<typeof createClient>;

async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (body && typeof body === "object" && typeof body.title === "string") {
      return {
        type: body.type ?? "about:blank",
        title: body.title,
        status: body.status ?? response.status,
        detail: body.detail ?? "",
        ...(body.issues ? { issues: body.issues } : {}),
      };
    }
  } catch {
    // Not JSON: a proxy's error page, say. Fall through to a generic problem.
  }
  return {
    type: "about:blank",
    title: response.statusText || "Error",
    status: response.status,
    detail: text.slice(0, 500),
  };
}
