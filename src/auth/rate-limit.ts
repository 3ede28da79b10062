import ipaddr from "ipaddr.js";
import type { Clock } from "../core/clock.js";

/**
 * Failed authentications per client address, as a token bucket: each address may fail `burst`
 * times at once, and earns one more try every `refillEveryMs`. Only failures take from the
 * bucket, so a valid token is never slowed, whatever its address did before. Memory is bounded:
 * past `maxAddresses`, the address seen longest ago is forgotten.
 */
export interface FailureLimitOptions {
  burst: number;
  refillEveryMs: number;
  maxAddresses: number;
}

export const DEFAULT_FAILURE_LIMIT: FailureLimitOptions = {
  burst: 10,
  refillEveryMs: 6_000,
  maxAddresses: 10_000,
};

export type FailureVerdict = { limited: false } | { limited: true; retryAfterMs: number };

interface Bucket {
  tries: number;
  updatedAt: number;
  /** Failures since the bucket was last full. */
  failures: number;
  limited: boolean;
}

export interface FailureLimiter {
  /** Counts one failed authentication from `address`; limited once its bucket is empty. */
  fail(address: string): FailureVerdict;
  /** Addresses remembered now. */
  size(): number;
}

export function createFailureLimiter(
  clock: Clock,
  options: FailureLimitOptions = DEFAULT_FAILURE_LIMIT,
  /** Called once when an address is first limited, with the failures that led there. */
  onBurst: (address: string, count: number) => void = () => {},
): FailureLimiter {
  const buckets = new Map<string, Bucket>();

  function take(key: string, now: number): Bucket {
    let bucket = buckets.get(key);
    if (bucket) {
      buckets.delete(key);
      const earned = (now - bucket.updatedAt) / options.refillEveryMs;
      bucket.tries = Math.min(options.burst, bucket.tries + earned);
      bucket.updatedAt = now;
      if (bucket.tries >= options.burst) Object.assign(bucket, { failures: 0, limited: false });
    } else {
      bucket = { tries: options.burst, updatedAt: now, failures: 0, limited: false };
      if (buckets.size >= options.maxAddresses) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
    }
    // Re-inserting keeps the map ordered by last use, so the first key is the one to forget.
    buckets.set(key, bucket);
    return bucket;
  }

  return {
    fail(address) {
      const now = clock.now();
      const key = clientKey(address);
      const bucket = take(key, now);
      bucket.failures += 1;
      if (bucket.tries >= 1) {
        bucket.tries -= 1;
        return { limited: false };
      }
      if (!bucket.limited) {
        bucket.limited = true;
        onBurst(key, bucket.failures);
      }
      return { limited: true, retryAfterMs: Math.ceil((1 - bucket.tries) * options.refillEveryMs) };
    },
    size: () => buckets.size,
  };
}

/**
 * The key an address is counted under. One IPv6 host usually holds a whole /64, so it is counted
 * as one client; an IPv4 address mapped into IPv6 counts as the IPv4 address.
 */
export function clientKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}
