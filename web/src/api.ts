import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, type Client, createClient, type Problem } from "../../src/client/index.js";
import { getToken, requestSignIn, useToken } from "./auth.js";

declare global {
  interface Window {
    /** Requests index.html starts before the scripts load, by URL. */
    ninesPrefetch?: Record<string, Promise<Response>>;
  }
}

function takePrefetched(url: string): Promise<Response> | undefined {
  const requests = window.ninesPrefetch;
  const response = requests?.[url];
  if (requests && response) delete requests[url];
  return response;
}

/**
 * The one client of the UI for reads; same origin, so the dev proxy applies. It sends the stored
 * token when there is one: reads need it unless the server runs with anonymous read (the demo).
 */
export const client = createClient({ baseUrl: "", takePrefetched, token: getToken });

/** The client for writes, carrying the stored API token; undefined while the browser is read-only. */
export function useWriteClient(): Client | undefined {
  const token = useToken();
  return useMemo(() => (token ? createClient({ baseUrl: "", token }) : undefined), [token]);
}

/** A route this server does not have yet (an older server): the page leaves that part out. */
export const isMissingRoute = (problem: Problem | undefined) =>
  problem?.status === 404 && /^(no route|Route) /i.test(problem.detail);

export interface Polled<T> {
  data: T | undefined;
  /** The last attempt's failure; `data` keeps the last good answer meanwhile. */
  error: Problem | undefined;
  /** When `data` was last fetched successfully (epoch ms). */
  updatedAt: number | undefined;
  refresh: () => void;
}

/**
 * Calls `fn` now and then every `intervalMs` after each answer (never two in flight), keeping the
 * last good data through failures. A new `fn` (memoise it with useCallback) starts over at once.
 */
export function usePolling<T>(fn: () => Promise<T>, intervalMs: number): Polled<T> {
  const [state, setState] = useState<Omit<Polled<T>, "refresh">>({
    data: undefined,
    error: undefined,
    updatedAt: undefined,
  });
  const poke = useRef<() => void>(() => {});
  // Signing in (or out) reads again at once, with the new token.
  const token = useToken();

  // biome-ignore lint/correctness/useExhaustiveDependencies: the client reads the token; a new one starts over.
  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Asked once, not at every poll: a dismissed dialog stays closed until the page shows it again.
    let askedForToken = false;
    async function run() {
      if (stopped || inFlight) return;
      clearTimeout(timer);
      inFlight = true;
      try {
        const data = await fn();
        if (!stopped) setState({ data, error: undefined, updatedAt: Date.now() });
      } catch (error) {
        const problem = toProblem(error);
        // Reads need a token here and this browser has none (or a revoked one): ask for it.
        if (problem.status === 401 && !askedForToken) {
          askedForToken = true;
          requestSignIn();
        }
        if (!stopped) setState((previous) => ({ ...previous, error: problem }));
      } finally {
        inFlight = false;
        if (!stopped) timer = setTimeout(run, intervalMs);
      }
    }
    // A tab coming back to the front shows fresh data instead of a throttled timer's stale answer.
    const onVisible = () => document.visibilityState === "visible" && void run();
    poke.current = () => void run();
    document.addEventListener("visibilitychange", onVisible);
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [fn, intervalMs, token]);

  const refresh = useCallback(() => poke.current(), []);
  return { ...state, refresh };
}

/**
 * After a write, look again now and twice more soon: the engine takes up a change a moment after
 * `apply` answers (a paused monitor shows `paused` once its batch of state changes is written).
 */
export function refreshAfterWrite(refresh: () => void) {
  refresh();
  for (const delayMs of [1000, 3000]) setTimeout(refresh, delayMs);
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  const detail = error instanceof Error ? error.message : String(error);
  return { type: "about:blank", title: "Unexpected error", status: 0, detail };
}

export type {
  AlertDetailView,
  AlertGroupView,
  AlertHistoryEntryView,
  CheckResultView,
  Client,
  DemoControl,
  Document,
  EscalationPolicySpec,
  FieldChange,
  GettableAlert,
  GettableSilence,
  GroupView,
  InboxMessageView,
  Issue,
  LabelSetView,
  MatcherView,
  MonitorEvent,
  MonitorState,
  MonitorView,
  NotificationStateView,
  NotificationView,
  ObjectiveView,
  OnCallEntryView,
  OnCallHealthView,
  OnCallView,
  Page,
  PageDetailView,
  PageEventView,
  PageStateView,
  PageView,
  PhaseTimings,
  Plan,
  Problem,
  ScheduleShiftsView,
  ServerInfo,
  ShiftView,
  SilenceStateView,
  SloAlertView,
  SloDetailView,
  SloHistoryPoint,
  SloHistoryView,
  SloStatus,
  SloView,
  UptimeBucket,
  UptimeReport,
  WindowView,
} from "../../src/client/index.js";
