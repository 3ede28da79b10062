import { Cron } from "croner";
import { z } from "zod";

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

/** Why croner rejects a cron expression, or undefined when it parses. */
export function findCronProblem(expression: string): string | undefined {
  try {
    new Cron(expression);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, "");
  }
}

export const timeZoneField = z
  .string({ error: whenPresent('expected an IANA time zone such as "Europe/Berlin"') })
  .superRefine((zone, ctx) => {
    if (!isTimeZone(zone))
      ctx.addIssue({ code: "custom", message: `expected an IANA time zone such as "Europe/Berlin", got "${zone}"` });
  });

export const cronExpressionField = z
  .string({ error: whenPresent('expected a cron expression such as "0 3 * * *"') })
  .superRefine((expression, ctx) => {
    const problem = findCronProblem(expression);
    if (problem)
      ctx.addIssue({ code: "custom", message: `expected a cron expression such as "0 3 * * *": ${problem}` });
  });
