import { z } from "zod";
import { describeValue, isRecord, listChoices } from "../config/describe-value.js";
import { description, metadataSchema } from "../config/document.js";
import { formatSuggestion } from "../config/suggest.js";

/**
 * Error messages for a field; `undefined` for a missing value lets the loader say "missing required
 * field" with the field's name, which a schema-level message can't know.
 */
const unlessMissing =
  (message: (input: unknown) => string) =>
  (issue: { input?: unknown }): string | undefined =>
    issue.input === undefined ? undefined : message(issue.input);

/** OpenSLO's duration-shorthand: a positive whole number and one of m h d w M Q Y, e.g. `4w`, `1M`. */
export function durationShorthand(options: { allowZero?: boolean } = {}) {
  const what = options.allowZero ? "a whole number" : "a positive whole number";
  const message = unlessMissing(
    (input) =>
      `expected a duration such as "5m", "1h", "4w" or "1M" (${what} and one of m, h, d, w, M, Q, Y), got ${describeValue(input)}`,
  );
  const pattern = options.allowZero ? /^\d+[mhdwMQY]$/ : /^[1-9]\d*[mhdwMQY]$/;
  return z.string({ error: message }).regex(pattern, { error: message });
}

export const OPERATORS = ["lte", "gte", "lt", "gt"] as const;

export const operator = z.enum(OPERATORS, {
  error: unlessMissing((input) => `expected one of ${listChoices(OPERATORS)}, got ${describeValue(input)}`),
});

interface Bound {
  value: number;
  inclusive: boolean;
}

/** A number within bounds, e.g. `[0, 1)`, with one message for every way it can be wrong. */
export function boundedNumber(min: Bound | undefined, max: Bound | undefined, hint = "") {
  const lower = min ? `${min.inclusive ? "[" : "("}${min.value}` : "(-inf";
  const upper = max ? `${max.value}${max.inclusive ? "]" : ")"}` : "inf)";
  const message = unlessMissing(
    (input) => `expected a number in ${lower}, ${upper}${hint}, got ${describeValue(input)}`,
  );
  let schema = z.number({ error: message });
  if (min)
    schema = min.inclusive ? schema.min(min.value, { error: message }) : schema.gt(min.value, { error: message });
  if (max)
    schema = max.inclusive ? schema.max(max.value, { error: message }) : schema.lt(max.value, { error: message });
  return schema;
}

const START_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function isValidStartTime(text: string): boolean {
  const match = START_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
}

export const calendarStartTime = z
  .string({
    error: unlessMissing((input) => `expected a start time as "YYYY-MM-DD HH:MM:SS", got ${describeValue(input)}`),
  })
  .regex(START_TIME, {
    error: (issue) =>
      `expected a start time as "YYYY-MM-DD HH:MM:SS" (24-hour clock, no time zone), got ${describeValue(issue.input)}`,
  })
  .refine((text) => !START_TIME.test(text) || isValidStartTime(text), {
    error: (issue) => `expected a real date and time, got ${describeValue(issue.input)}`,
  });

/** Offsets such as `+01:00` are valid for `Intl` in newer engines but are not IANA names. */
export function isIanaTimeZone(zone: string): boolean {
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function listTimeZones(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone")];
}

export const ianaTimeZone = z
  .string({
    error: unlessMissing(
      (input) => `expected an IANA time zone name such as "Europe/Berlin", got ${describeValue(input)}`,
    ),
  })
  .refine(isIanaTimeZone, {
    error: (issue) => {
      const text = String(issue.input);
      return `expected an IANA time zone name such as "America/New_York" or "Europe/Berlin", got ${describeValue(text)}${formatSuggestion(text, listTimeZones(), 3)}`;
    },
  });

export type Report = (path: (string | number)[], message: string) => void;

/**
 * Adds a cross-field rule that runs even when other fields already failed (zod skips refinements
 * after such failures by default), so one pass reports every mistake. The value may therefore be
 * malformed: rules check types before trusting them.
 */
export function withRule<T extends z.ZodType>(
  schema: T,
  rule: (value: Record<string, unknown>, report: Report) => void,
): T {
  return schema.superRefine(
    (value, ctx) => {
      if (!isRecord(value)) return;
      rule(value, (path, message) => ctx.addIssue({ code: "custom", path, message, input: value }));
    },
    { when: () => true },
  );
}

export const isPresent = (value: Record<string, unknown>, key: string) => value[key] !== undefined;

/** Reports unless exactly one of `first` and `second` is set; a second one is reported where it is. */
export function requireExactlyOne(value: Record<string, unknown>, first: string, second: string, report: Report): void {
  const hasFirst = isPresent(value, first);
  const hasSecond = isPresent(value, second);
  if (hasFirst && hasSecond) report([second], `expected exactly one of "${first}" or "${second}", got both`);
  else if (!hasFirst && !hasSecond) report([], `expected exactly one of "${first}" or "${second}"`);
}

export const optionalDescription = description.optional().describe("Free text, at most 1050 characters.");

/** OpenSLO objects may be written inline inside another, without `apiVersion` (and usually `kind`). */
export function inlineDocument<const Kind extends string, Spec extends z.ZodType>(kind: Kind, spec: Spec) {
  return z.strictObject({
    apiVersion: z.literal("openslo/v1").optional(),
    kind: z.literal(kind).optional(),
    metadata: metadataSchema,
    spec,
  });
}
