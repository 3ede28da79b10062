import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, createClient, type Problem } from "../../src/client/index.js";

/** The one client of the UI; same origin, so the session's cookies or the dev proxy apply. */
export const client = createClient({ baseUrl: "" });

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

  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function run() {
      if (stopped || inFlight) return;
      clearTimeout(timer);
      inFlight = true;
      try {
        const data = await fn();
        if (!stopped) setState({ data, error: undefined, updatedAt: Date.now() });
      } catch (error) {
        if (!stopped) setState((previous) => ({ ...previous, error: toProblem(error) }));
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
  }, [fn, intervalMs]);

  const refresh = useCallback(() => poke.current(), []);
  return { ...state, refresh };
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  const detail = error instanceof Error ? error.message : String(error);
  return { type: "about:blank", title: "Unexpected error", status: 0, detail };
}

export type {
  CheckResultView,
  DemoControl,
  Document,
  MonitorState,
  MonitorView,
  Page,
  Problem,
  ServerInfo,
} from "../../src/client/index.js";
