import { z } from "zod";
import { description } from "../../config/document.js";
import { parseDuration } from "../../core/duration.js";

/** A duration such as `30s`, `5m`, `1h30m`, within [min, max]. */
export function durationField(what: string, minMs: number, maxMs: number) {
  return z.string({ error: `expected ${what} as a duration such as "30s", "5m" or "1h"` }).superRefine((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `expected ${what} as a duration such as "30s", "5m" or "1h", got "${text}"`,
      });
    } else if (ms < minMs || ms > maxMs) {
      ctx.addIssue({
        code: "custom",
        message: `expected ${what} between ${formatBound(minMs)} and ${formatBound(maxMs)}, got "${text}"`,
      });
    }
  });
}

const formatBound = (ms: number) =>
  ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;

/**
 * Fields every check type has, spread into each type's schema. Settings of the monitor's state
 * (thresholds, pausing, maintenance) belong here too, so every type gets them alike.
 */
export const commonMonitorFields = {
  description: description.optional().describe("What the monitor watches and why, for the people it pages."),
  interval: durationField("the interval", 1000, 86_400_000)
    .default("60s")
    .describe(
      "How often to check, from 1s to 24h, e.g. `30s`, `5m`. Checks of many monitors are spread over their interval.",
    ),
  timeout: durationField("the timeout", 100, 300_000)
    .default("10s")
    .describe("How long a check may take in all (connecting, waiting, reading), at most the interval."),
};

/** The rules that tie common fields together, checked for every type. */
export function withCommonRules<T extends z.ZodType<{ interval: string; timeout: string }>>(schema: T): T {
  return schema.superRefine((spec, ctx) => {
    const interval = parseDuration(spec.interval);
    const timeout = parseDuration(spec.timeout);
    if (interval !== undefined && timeout !== undefined && timeout > interval) {
      ctx.addIssue({
        code: "custom",
        path: ["timeout"],
        message: `expected a timeout no longer than the interval (${spec.interval}), got "${spec.timeout}"`,
      });
    }
  }) as unknown as T;
}
