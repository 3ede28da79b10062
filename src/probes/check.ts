import type { PhaseTimings } from "../client/types.js";
import type { ApplyContext } from "../config/kinds.js";
import type { Issue } from "../core/errors.js";

export type { PhaseTimings };

export type CheckStatus = "up" | "degraded" | "down";

/** What one run of a check found. A failure is a `down` outcome, never an exception. */
export interface CheckOutcome {
  /** `degraded`: it works, but worse than it should (slow, a certificate near expiry). */
  status: CheckStatus;
  durationMs: number;
  statusCode?: number;
  /**
   * Why the check is down or degraded, specific enough to act on:
   * `connection refused (ECONNREFUSED 10.0.0.5:443)`, `response took 1.2 s, above 1 s`.
   */
  error?: string;
  timings?: PhaseTimings;
  /** Expiry of the earliest-expiring certificate in the chain (epoch ms), for TLS checks and https. */
  certificateExpiresAt?: number;
}

export interface CheckContext {
  /** Aborted when the check is no longer wanted (its monitor was deleted); the check ends at once. */
  signal: AbortSignal;
  /** The engine's clock, for checks that compare with stored instants (heartbeats). */
  now: () => number;
  /** The only directory a check may read files from (`caFile`); none configured: no file is read. */
  filesDir?: string;
}

/** Every check type implements this and is registered in `checks/index.ts`. */
export interface Check<Spec> {
  type: string;
  /** Resolves within the spec's timeout, and never rejects. */
  run(spec: Spec, context: CheckContext): Promise<CheckOutcome>;
  /** What is checked, for people: a URL, `host:port` ... */
  describeTarget(spec: Spec): string;
  /**
   * What only the server can judge (the files a spec names), run when a monitor is applied, so a
   * mistake is a 400 naming the field rather than a check that is down forever. Issue paths are
   * JSON pointers within the spec (`/caFile`).
   */
  checkOnApply?(spec: Spec, context: ApplyContext): Promise<Issue[]>;
}
