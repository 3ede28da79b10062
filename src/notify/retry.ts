import type { FailedSend } from "./channel.js";
import type { AfterFailure } from "./outbox-store.js";

/** The first retry waits up to this long; each further one up to twice as long, until the cap. */
export const FIRST_RETRY_MS = 10_000;
export const MAX_RETRY_MS = 15 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * How long to wait before attempt `attempt + 1`, after `attempt` failed ones (1-based): exponential
 * from 10 s, capped at 15 minutes, with full jitter (anywhere from 0 to the bound), so receivers
 * that were down together are not hit together when they come back. `random` is in [0, 1).
 */
export function retryDelay(attempt: number, random: () => number): number {
  const bound = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * bound);
}

/**
 * After a failed attempt (`attempts` counts it): dead when the failure is permanent or the
 * attempts are used up; otherwise the next attempt, no sooner than the receiver's Retry-After.
 */
export function decideAfterFailure(
  outcome: FailedSend,
  attempts: number,
  options: { now: number; maxAttempts: number; random: () => number },
): AfterFailure {
  if (!outcome.retry || attempts >= options.maxAttempts) return { state: "dead" };
  const delay = Math.max(retryDelay(attempts, options.random), outcome.retryAfterMs ?? 0);
  return { state: "pending", nextAttemptAt: options.now + delay };
}
