import type { ApplyContext } from "../config/kinds.js";
import type { Issue } from "../core/errors.js";
import type { Connector } from "../net/connector.js";
import type { HeartbeatTiming } from "./heartbeat.js";
import type { CheckStatus, PhaseTimings } from "./model.js";

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
  /**
   * The only way a check may open a connection: it applies the probe policy (no metadata or
   * link-local addresses, the operator's allow and deny lists). The engine passes the server's;
   * without one a check uses the default probe policy.
   */
  connector?: Connector;
  /** The only directory a check may read files from (`caFile`); none configured: no file is read. */
  filesDir?: string;
}

interface CheckBase<Spec> {
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

/** Nines reaches out to the target and runs the check on a schedule. */
export interface PulledCheck<Spec> extends CheckBase<Spec> {
  schedule: "pulled";
  /** Milliseconds between two runs. */
  intervalMs(spec: Spec): number;
}

/**
 * The monitored job reports in (a ping to its push URL) and Nines watches for the reports that do
 * not come; `run` is never scheduled.
 */
export interface PushedCheck<Spec> extends CheckBase<Spec> {
  schedule: "pushed";
  /** When reports are due. */
  timing(spec: Spec): HeartbeatTiming;
}

/** Every check type implements this and is registered in `checks/index.ts`. */
export type Check<Spec> = PulledCheck<Spec> | PushedCheck<Spec>;
