import type { PhaseTimings } from "../client/types.js";

export type { PhaseTimings };

/** What one run of a check found. A failure is a `down` outcome, never an exception. */
export interface CheckOutcome {
  status: "up" | "down";
  durationMs: number;
  statusCode?: number;
  /** Why the check is down, specific enough to act on: `connection refused (ECONNREFUSED 10.0.0.5:443)`. */
  error?: string;
  timings?: PhaseTimings;
}

export interface CheckContext {
  /** Aborted when the check is no longer wanted (its monitor was deleted); the check ends at once. */
  signal: AbortSignal;
  /** The engine's clock, for checks that compare with stored instants (heartbeats). */
  now: () => number;
}

/** Every check type implements this and is registered in `checks/index.ts`. */
export interface Check<Spec> {
  type: string;
  /** Resolves within the spec's timeout, and never rejects. */
  run(spec: Spec, context: CheckContext): Promise<CheckOutcome>;
  /** What is checked, for people: a URL, `host:port` ... */
  describeTarget(spec: Spec): string;
}
