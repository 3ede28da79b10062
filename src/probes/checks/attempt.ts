import { performance } from "node:perf_hooks";
import { parseDuration } from "../../core/duration.js";
import type { CheckContext, CheckOutcome } from "../check.js";
import { describeError } from "./network-errors.js";
import { measurePhases, type PhaseMarks, roundMs } from "./phases.js";

export type Verdict = Omit<CheckOutcome, "durationMs" | "timings">;

const DEFAULT_TIMEOUT_MS = 10_000;

/** One run of a check, bounded by its timeout and signal; whatever happens it ends exactly once. */
export interface Attempt {
  readonly timeoutMs: number;
  /** The phases of the current connection; a redirect starts a new set. */
  marks: PhaseMarks;
  /** What a timeout reports; a check may say what it was waiting for. */
  describeTimeout: () => string;
  /** Ends the check; later calls are ignored, so every event handler may call it. */
  finish(verdict: Verdict): void;
  /** Releases a resource (socket, query) when the check ends, however it ends. */
  onEnd(release: () => void): void;
  readonly ended: boolean;
  elapsedMs(): number;
}

/**
 * Runs `start` until it finishes, its timeout passes or the signal aborts. Resolves with
 * `durationMs` and the phases measured, and never rejects: a throw in `start` is a `down` outcome.
 */
export function runAttempt(
  timeout: string,
  context: CheckContext,
  start: (attempt: Attempt) => void | Promise<void>,
): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const timeoutMs = parseDuration(timeout) ?? DEFAULT_TIMEOUT_MS;
    const releases: Array<() => void> = [];
    let timer: NodeJS.Timeout | undefined;
    let ended = false;

    const attempt: Attempt = {
      timeoutMs,
      marks: { start: startedAt },
      describeTimeout: () => `timed out after ${timeoutMs} ms`,
      get ended() {
        return ended;
      },
      elapsedMs: () => performance.now() - startedAt,
      onEnd(release) {
        if (ended) release();
        else releases.push(release);
      },
      finish(verdict) {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        context.signal.removeEventListener("abort", cancel);
        const durationMs = roundMs(performance.now() - startedAt);
        resolve({ ...verdict, durationMs, timings: measurePhases(attempt.marks) });
        for (const release of releases) {
          try {
            release();
          } catch {
            // The outcome is settled; a socket that fails to close has nothing left to report to.
          }
        }
      },
    };
    const cancel = () => attempt.finish({ status: "down", error: "check cancelled" });
    const fail = (error: unknown) => attempt.finish({ status: "down", error: describeError(error) });

    if (context.signal.aborted) return cancel();
    context.signal.addEventListener("abort", cancel, { once: true });
    timer = setTimeout(() => attempt.finish({ status: "down", error: attempt.describeTimeout() }), timeoutMs);
    try {
      start(attempt)?.catch(fail);
    } catch (error) {
      fail(error);
    }
  });
}
