import { z } from "zod";
import { description } from "../../config/document.js";
import { durationField, INSTANT_FORMAT, instantField } from "../../config/fields.js";
import { parseDuration } from "../../core/duration.js";
import { cronExpressionField, timeZoneField } from "./time-fields.js";

export { durationField };

const windowName = z
  .string()
  .min(1)
  .max(100)
  .optional()
  .describe("A name for events and the UI, e.g. `database upgrade`; without one the window is named by its times.");

const oneOffWindow = z
  .strictObject({
    name: windowName,
    start: instantField("the start").describe(`When the window opens: ${INSTANT_FORMAT}.`),
    end: instantField("the end").describe("When the window closes (exclusive), in the same form."),
  })
  .superRefine((window, ctx) => {
    if (Date.parse(window.end) <= Date.parse(window.start))
      ctx.addIssue({ code: "custom", path: ["end"], message: `expected an end after the start (${window.start})` });
  });

const recurringWindow = z.strictObject({
  name: windowName,
  schedule: cronExpressionField.describe(
    "When each window opens, as a cron expression read in `timeZone`, e.g. `0 2 * * 0` for Sundays at 02:00. A start that a daylight-saving switch skips happens at the first minute after the gap; one that occurs twice happens once.",
  ),
  duration: durationField("the duration", 60_000, 7 * 86_400_000).describe(
    "How long each window lasts, from 1m to 7d, in elapsed time: a 2h window over a daylight-saving switch still lasts 2 hours.",
  ),
  timeZone: timeZoneField.describe("The IANA time zone of `schedule`, e.g. `Europe/Berlin` or `UTC`."),
});

export const maintenanceWindow = z.union([oneOffWindow, recurringWindow], {
  error: "expected a one-off window {start, end} or a recurring one {schedule, duration, timeZone}",
});

export type MaintenanceWindow = z.infer<typeof maintenanceWindow>;

export interface StateThresholds {
  /** Consecutive down results before `down`. */
  failureThreshold: number;
  /** Consecutive results that are not down before a down monitor comes back. */
  recoveryThreshold: number;
}

/** The spec's defaults, also for specs stored before the thresholds existed. */
export const DEFAULT_THRESHOLDS: StateThresholds = { failureThreshold: 2, recoveryThreshold: 1 };

export const thresholdField = z.number().int().min(1).max(100);

/** Settings of the monitor's state rather than of its check; every type has them. */
export const monitorStateFields = {
  failureThreshold: thresholdField
    .default(DEFAULT_THRESHOLDS.failureThreshold)
    .describe(
      "Consecutive failed checks before the monitor is down, 1 to 100. The default 2 lets a single lost packet or restart pass without paging anyone, at the cost of one interval before an outage is confirmed.",
    ),
  recoveryThreshold: thresholdField
    .default(DEFAULT_THRESHOLDS.recoveryThreshold)
    .describe(
      "Consecutive checks that are not down before a down monitor is up (or degraded) again, 1 to 100. The default 1 ends an outage at the first good check; raise it for a target that flaps.",
    ),
  paused: z
    .boolean()
    .default(false)
    .describe("A paused monitor is not checked and shows `paused`; when resumed it starts again from `pending`."),
  maintenance: z
    .array(maintenanceWindow)
    .max(100)
    .optional()
    .describe(
      "Planned work: while a window is open the monitor shows `maintenance`, its results are kept and marked but change no state, and the state it had resumes when the window closes.",
    ),
};

/** Fields every check type has, spread into each type's schema. */
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
  ...monitorStateFields,
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
