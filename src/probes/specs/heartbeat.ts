import { z } from "zod";
import { parseDuration } from "../../core/duration.js";
import { commonMonitorFields, durationField, monitorStateFields, thresholdField } from "./common.js";
import { findCronProblem, timeZoneField, whenPresent } from "./time-fields.js";

const MIN_PERIOD_MS = 10_000;
const MAX_PERIOD_MS = 31 * 86_400_000;
const PERIOD_FORMS = 'a duration from 10s to 31d such as "5m", or a cron expression such as "0 3 * * *"';

const periodField = z
  .string({ error: whenPresent(`expected the period as ${PERIOD_FORMS}`) })
  .superRefine((period, ctx) => {
    const ms = parseDuration(period);
    const fits = ms === undefined ? findCronProblem(period) === undefined : ms >= MIN_PERIOD_MS && ms <= MAX_PERIOD_MS;
    if (!fits) ctx.addIssue({ code: "custom", message: `expected the period as ${PERIOD_FORMS}, got "${period}"` });
  });

/** A push monitor: jobs ping it, and its absence is the failure. */
export const heartbeatMonitorSpec = z
  .strictObject({
    type: z
      .literal("heartbeat")
      .describe(
        "The kind of check: `heartbeat` waits for pings from a cron job or batch work at its push URL (`/api/v1/heartbeat/` and a secret token, shown on the monitor as `heartbeatUrl`), and fails when one does not arrive in time.",
      ),
    description: commonMonitorFields.description,
    period: periodField.describe(
      "How often the job pings: a duration such as `5m`, or a cron expression of when it runs such as `0 3 * * *`, read in `timeZone`.",
    ),
    grace: durationField("the grace", 0, 86_400_000)
      .default("1m")
      .describe("How late a ping may arrive before it counts as missed, up to 24h."),
    timeZone: timeZoneField
      .optional()
      .describe("The IANA time zone of a cron `period`, e.g. `Europe/Berlin`; UTC when not given."),
    ...monitorStateFields,
    failureThreshold: thresholdField
      .default(1)
      .describe(
        "Consecutive missed or failed pings before the monitor is down, 1 to 100. The default 1: the grace already absorbs a late job, and a daily job should not wait a second day to be noticed.",
      ),
  })
  .superRefine((spec, ctx) => {
    if (spec.timeZone !== undefined && parseDuration(spec.period) !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["timeZone"],
        message: `expected no timeZone with a period of "${spec.period}": a time zone applies to a cron period only`,
      });
  });

export type HeartbeatMonitorSpec = z.infer<typeof heartbeatMonitorSpec>;
