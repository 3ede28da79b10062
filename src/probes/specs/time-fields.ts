import { Cron } from "croner";
import { z } from "zod";
import { isTimeZone, timeZoneField, whenPresent } from "../../config/fields.js";

export { isTimeZone, timeZoneField, whenPresent };

/** Why croner rejects a cron expression, or undefined when it parses. */
export function findCronProblem(expression: string): string | undefined {
  try {
    new Cron(expression);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, "");
  }
}

export const cronExpressionField = z
  .string({ error: whenPresent('expected a cron expression such as "0 3 * * *"') })
  .superRefine((expression, ctx) => {
    const problem = findCronProblem(expression);
    if (problem)
      ctx.addIssue({ code: "custom", message: `expected a cron expression such as "0 3 * * *": ${problem}` });
  });
