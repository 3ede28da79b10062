import { DateTime } from "luxon";
/** One entry of a TimeInterval, as its schema in model.ts gives it (declared here: the schema checks entries with this file). */
export interface TimeIntervalEntry {
  times?: readonly { startTime: string; endTime: string }[] | undefined;
  weekdays?: readonly string[] | undefined;
  daysOfMonth?: readonly string[] | undefined;
  months?: readonly string[] | undefined;
  years?: readonly string[] | undefined;
  location: string;
}

/**
 * Alertmanager's time intervals: an instant is inside an entry when every field the entry sets
 * holds (times, weekdays, days of the month counting negative from the end, months, years) in the
 * entry's location; inside the interval when inside any entry. An empty list is as good as none.
 */
export function isInTimeInterval(entries: readonly TimeIntervalEntry[], at: number): boolean {
  return entries.some((entry) => containsInstant(compileEntry(entry), at));
}

/** Named intervals, for routes and recurring silences: name to a test. An unknown name is never active. */
export type TimeIntervals = (name: string, at: number) => boolean;

export function compileTimeIntervals(
  objects: readonly { name: string; spec: { timeIntervals: readonly TimeIntervalEntry[] } }[],
): TimeIntervals {
  const byName = new Map(objects.map((object) => [object.name, object.spec.timeIntervals.map(compileEntry)]));
  return (name, at) => byName.get(name)?.some((entry) => containsInstant(entry, at)) ?? false;
}

export interface IntervalProblem {
  path: (string | number)[];
  message: string;
}

/** What Alertmanager would refuse in an entry (unknown names, ranges that end before they start ...). */
export function checkTimeIntervalEntry(entry: Omit<TimeIntervalEntry, "location">): IntervalProblem[] {
  const problems: IntervalProblem[] = [];
  for (const field of ["weekdays", "daysOfMonth", "months", "years"] as const)
    (entry[field] ?? []).forEach((text, index) => {
      const range = parseRange(field, text);
      if (typeof range === "string") problems.push({ path: [field, index], message: range });
    });
  (entry.times ?? []).forEach((time, index) => {
    if (minuteOfDay(time.startTime) >= minuteOfDay(time.endTime))
      problems.push({
        path: ["times", index],
        message: `expected endTime after startTime, got ${time.startTime} to ${time.endTime}`,
      });
  });
  return problems;
}

type Field = "weekdays" | "daysOfMonth" | "months" | "years";
type Range = readonly [begin: number, end: number];

interface CompiledEntry {
  times?: Range[];
  weekdays?: Range[];
  daysOfMonth?: Range[];
  months?: Range[];
  years?: Range[];
  zone: string;
}

/** Go's weekday numbers: the week begins on Sunday. */
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

function member(field: Field, text: string): number | undefined {
  if (field === "weekdays") {
    const day = WEEKDAYS.indexOf(text);
    return day < 0 ? undefined : day;
  }
  if (field === "months" && MONTHS.includes(text)) return MONTHS.indexOf(text) + 1;
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/** `monday:friday`, `-3:-1`, `may`, `2026` as an inclusive range, or why it is none. */
function parseRange(field: Field, text: string): Range | string {
  const parts = text.toLowerCase().split(":");
  const [begin, end] = parts.length === 1 ? [parts[0], parts[0]] : parts;
  const range = [member(field, begin as string), member(field, end as string)] as const;
  if (parts.length > 2 || range[0] === undefined || range[1] === undefined)
    return `expected ${FIELD_WORDS[field]}, got ${JSON.stringify(text)}`;
  const [from, to] = range as Range;
  if (field === "weekdays" && from > to) return `expected a range of weekdays from Sunday to Saturday, got "${text}"`;
  if (field === "months" && (from < 1 || to > 12 || from > to))
    return `expected months from 1 (January) to 12 (December), in order, got "${text}"`;
  if (field === "years" && (from < 0 || from > to)) return `expected years in order, got "${text}"`;
  if (field === "daysOfMonth") {
    for (const day of [from, to])
      if (day === 0 || day < -31 || day > 31)
        return `expected days of the month from 1 to 31 or -31 to -1, got "${text}"`;
    if (from < 0 && to > 0) return `expected a negative end day after a negative start day, got "${text}"`;
    // Months have 28 days at least: a range that ends before it starts in February always does.
    if ((from < 0 ? 28 + from : from) > (to < 0 ? 28 + to : to))
      return `expected a range that ends after it starts, got "${text}"`;
  }
  return [from, to];
}

const FIELD_WORDS: Record<Field, string> = {
  weekdays: 'a weekday such as "monday" or a range such as "monday:friday"',
  daysOfMonth: 'a day of the month such as "1", "-1" or a range such as "1:5" or "-3:-1"',
  months: 'a month such as "may" or "5", or a range such as "march:may"',
  years: 'a year such as "2026" or a range such as "2026:2027"',
};

const minuteOfDay = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function compileEntry(entry: TimeIntervalEntry): CompiledEntry {
  const ranges = (field: Field) => {
    const texts = entry[field];
    if (!texts || texts.length === 0) return undefined;
    return texts.map((text) => {
      const range = parseRange(field, text);
      // The kind's schema checked every range before the object was stored.
      if (typeof range === "string") throw new Error(range);
      return range;
    });
  };
  const compiled: CompiledEntry = { zone: entry.location ?? "UTC" };
  if (entry.times && entry.times.length > 0)
    compiled.times = entry.times.map((time) => [minuteOfDay(time.startTime), minuteOfDay(time.endTime)] as const);
  for (const field of ["weekdays", "daysOfMonth", "months", "years"] as const) {
    const list = ranges(field);
    if (list) compiled[field] = list;
  }
  return compiled;
}

const within = (ranges: readonly Range[] | undefined, value: number) =>
  ranges === undefined || ranges.some(([begin, end]) => value >= begin && value <= end);

/** On the wall clock of the entry's location: a DST day's missing or repeated hour is as the clock shows it. */
function containsInstant(entry: CompiledEntry, at: number): boolean {
  const local = DateTime.fromMillis(at, { zone: entry.zone });
  const minute = local.hour * 60 + local.minute;
  // Start inclusive, end exclusive, so 17:00 to 24:00 ends just before midnight.
  if (entry.times && !entry.times.some(([start, end]) => minute >= start && minute < end)) return false;
  if (
    entry.daysOfMonth &&
    !entry.daysOfMonth.some((range) => dayInRange(range, local.day, local.daysInMonth as number))
  )
    return false;
  return (
    within(entry.months, local.month) && within(entry.weekdays, local.weekday % 7) && within(entry.years, local.year)
  );
}

/** Negative days count from the month's end (-1 is its last day); a range past the end is clamped to it. */
function dayInRange([from, to]: Range, day: number, daysInMonth: number): boolean {
  const begin = from < 0 ? daysInMonth + from + 1 : from;
  const end = to < 0 ? daysInMonth + to + 1 : to;
  if (begin > daysInMonth) return false;
  return day >= Math.max(begin, -daysInMonth) && day <= Math.min(end, daysInMonth);
}
