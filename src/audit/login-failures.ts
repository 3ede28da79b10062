import type { FastifyInstance } from "fastify";
import type { Clock } from "../core/clock.js";
import type { Store } from "../store/database.js";
import { recordAudit } from "./store.js";

export interface FailedLoginOptions {
  /** Failures from one address within `windowMs` that make a burst worth a record. */
  threshold?: number;
  windowMs?: number;
  /** Addresses tracked at once; beyond it the oldest windows are dropped, so a scan can't grow memory. */
  maxAddresses?: number;
}

interface Window {
  start: number;
  failures: number;
}

/**
 * Counts requests refused for a bad token, per address, and records one `login.failures` entry
 * per address and window once the count reaches the threshold: a guessing run shows up in the
 * audit log as one line, not thousands. Pure bookkeeping; the caller writes the record.
 */
export function createFailedLoginCounter(clock: Clock, options: FailedLoginOptions = {}) {
  const threshold = options.threshold ?? 10;
  const windowMs = options.windowMs ?? 5 * 60_000;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const windows = new Map<string, Window>();

  /** Notes one failure; returns the burst when this failure completes one. */
  return function noteFailure(address: string): { failures: number; since: number; windowMs: number } | undefined {
    const now = clock.now();
    let window = windows.get(address);
    if (!window || now - window.start >= windowMs) {
      windows.delete(address);
      window = { start: now, failures: 0 };
      if (windows.size >= maxAddresses) windows.delete(windows.keys().next().value as string);
    } else {
      windows.delete(address);
    }
    // Map order is insertion order: re-inserting keeps the most recently seen addresses last.
    windows.set(address, window);
    window.failures++;
    return window.failures === threshold ? { failures: threshold, since: window.start, windowMs } : undefined;
  };
}

/** Hooks the counter to every answer 401 (or 429, once the guesses are throttled) to a request that did present credentials. */
export function installFailedLoginAudit(
  app: FastifyInstance,
  deps: { store: Store; clock: Clock },
  options?: FailedLoginOptions,
) {
  const noteFailure = createFailedLoginCounter(deps.clock, options);
  // Before the answer goes out rather than after, so the record is written when the client hears "401".
  app.addHook("onSend", async (request, reply, payload) => {
    if ((reply.statusCode !== 401 && reply.statusCode !== 429) || !request.headers.authorization) return payload;
    const burst = noteFailure(request.ip);
    if (!burst) return payload;
    try {
      await recordAudit(deps.store, {
        at: deps.clock.now(),
        actor: { name: "anonymous", address: request.ip },
        action: "login.failures",
        detail: { failures: burst.failures, since: burst.since, windowMs: burst.windowMs },
      });
    } catch (error) {
      request.log.error({ err: error }, "could not record failed logins in the audit log");
    }
    return payload;
  });
}
