import { z } from "zod";
import { parseDuration } from "../core/duration.js";

/** Fields many kinds share: durations, instants and time zones, each with the message people need. */

/** A type error's message, except for a missing value, which keeps the loader's "missing required field". */
export const whenPresent = (message: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? undefined : message;

/** True for a zone the platform's `Intl` knows, such as `Europe/Berlin` or `UTC`. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneField = z
  .string({ error: whenPresent('expected an IANA time zone such as "Europe/Berlin"') })
  .superRefine((zone, ctx) => {
    if (!isTimeZone(zone))
      ctx.addIssue({ code: "custom", message: `expected an IANA time zone such as "Europe/Berlin", got "${zone}"` });
  });

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

export const INSTANT_FORMAT = 'an ISO 8601 date and time with a UTC offset, such as "2026-11-28T22:00:00+01:00"';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// A refinement rather than z.iso.datetime(), whose long pattern would fill the reference docs.
export const instantField = (what: string) =>
  z.string({ error: `expected ${what} as ${INSTANT_FORMAT}` }).superRefine((text, ctx) => {
    if (!INSTANT.test(text) || Number.isNaN(Date.parse(text)))
      ctx.addIssue({ code: "custom", message: `expected ${what} as ${INSTANT_FORMAT}, got "${text}"` });
  });
