import { invalid } from "../core/errors.js";
import { isIanaTimeZone } from "./fields.js";

/**
 * The SLO window at an instant: rolling windows are a fixed number of whole minutes ending with
 * the current minute; calendar windows are periods counted from `calendar.startTime` on the wall
 * clock of `calendar.timeZone`, so a month is a month and a day across a DST switch is 23 or 25 hours.
 */

export const MINUTE_MS = 60_000;

export type ShorthandUnit = "m" | "h" | "d" | "w" | "M" | "Q" | "Y";

const SHORTHAND = /^(\d+)([mhdwMQY])$/;
const UNIT_MINUTES: Partial<Record<ShorthandUnit, number>> = { m: 1, h: 60, d: 1440, w: 10_080 };

export function parseShorthand(text: string): { amount: number; unit: ShorthandUnit } | undefined {
  const match = SHORTHAND.exec(text);
  if (!match) return undefined;
  return { amount: Number(match[1]), unit: match[2] as ShorthandUnit };
}

/** Minutes of a fixed-length duration; months, quarters and years have none. */
export function fixedMinutes(text: string): number | undefined {
  const parsed = parseShorthand(text);
  if (!parsed) return undefined;
  const perUnit = UNIT_MINUTES[parsed.unit];
  return perUnit === undefined ? undefined : parsed.amount * perUnit;
}

/** The schema's output type has `isRolling` filled in; callers holding raw input may omit it. */
/** An OpenSLO time window (the schema's `TimeWindow` fits it), written out so windows need no schema. */
export interface WindowSpec {
  duration: string;
  isRolling?: boolean | undefined;
  calendar?: { startTime: string; timeZone: string } | undefined;
}

export interface WindowAt {
  kind: "rolling" | "calendar";
  /** Epoch ms of the window's first minute. */
  start: number;
  /** Epoch ms the window ends (exclusive): the end of the current minute for rolling windows. */
  end: number;
  /** The window's full length in minutes. */
  minutes: number;
  /** Minutes from start to the end of the current minute (all of them for rolling windows). */
  elapsedMinutes: number;
}

export function describeWindowProblem(window: WindowSpec): string | undefined {
  const parsed = parseShorthand(window.duration);
  if (!parsed) return `expected a duration such as "28d" or "1M", got "${window.duration}"`;
  if (parsed.amount === 0) return `expected a window longer than zero, got "${window.duration}"`;
  if (window.isRolling === true) {
    if (fixedMinutes(window.duration) === undefined) {
      return `a rolling window needs a fixed length such as 28d or 4w; use a calendar window for months (got "${window.duration}")`;
    }
    return undefined;
  }
  if (!window.calendar) return 'expected "isRolling: true" or a "calendar" with startTime and timeZone';
  if (!isIanaTimeZone(window.calendar.timeZone)) return `unknown time zone "${window.calendar.timeZone}"`;
  if (!parseStartTime(window.calendar.startTime)) {
    return `expected a start time as "YYYY-MM-DD HH:MM:SS", got "${window.calendar.startTime}"`;
  }
  return undefined;
}

export function windowAt(window: WindowSpec, now: number): WindowAt {
  const problem = describeWindowProblem(window);
  if (problem) throw invalid(`invalid SLO time window: ${problem}`);
  const nowMinute = Math.floor(now / MINUTE_MS);
  if (window.isRolling === true) {
    const minutes = fixedMinutes(window.duration) as number;
    const end = (nowMinute + 1) * MINUTE_MS;
    return { kind: "rolling", start: end - minutes * MINUTE_MS, end, minutes, elapsedMinutes: minutes };
  }
  const calendar = window.calendar as NonNullable<WindowSpec["calendar"]>;
  const { start, end } = calendarPeriod(
    parseShorthand(window.duration) as { amount: number; unit: ShorthandUnit },
    parseStartTime(calendar.startTime) as WallClock,
    calendar.timeZone,
    now,
  );
  const startMinute = Math.floor(start / MINUTE_MS);
  const endMinute = Math.floor(end / MINUTE_MS);
  return {
    kind: "calendar",
    start: startMinute * MINUTE_MS,
    end: endMinute * MINUTE_MS,
    minutes: endMinute - startMinute,
    elapsedMinutes: nowMinute + 1 - startMinute,
  };
}

/** Local wall-clock fields; month is 1-based. */
interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const START_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function parseStartTime(text: string): WallClock | undefined {
  const match = START_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as number[];
  return { year, month, day, hour, minute, second } as WallClock;
}

export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The period `[start, end)` containing `now`. Minutes and hours are fixed lengths of real time
 * (a local clock skips or repeats an hour at DST); days and longer are wall-clock steps.
 */
function calendarPeriod(
  length: { amount: number; unit: ShorthandUnit },
  origin: WallClock,
  zone: string,
  now: number,
): { start: number; end: number } {
  const { amount, unit } = length;
  if (unit === "m" || unit === "h") {
    const first = epochOfWallClock(origin, zone);
    const size = amount * (unit === "m" ? MINUTE_MS : HOUR_MS);
    const index = Math.floor((now - first) / size);
    return { start: first + index * size, end: first + (index + 1) * size };
  }
  const startOf = periodStarts(amount, unit, origin, zone);
  const nowClock = wallClockAt(now, zone);
  // A first guess from the wall clock, then a step or two to the period that really holds now.
  let index =
    unit === "d" || unit === "w"
      ? Math.floor(
          (Date.UTC(nowClock.year, nowClock.month - 1, nowClock.day) - utcDate(origin)) /
            (DAY_MS * amount * (unit === "w" ? 7 : 1)),
        )
      : Math.floor((nowClock.year * 12 + nowClock.month - (origin.year * 12 + origin.month)) / (amount * MONTHS[unit]));
  while (startOf(index) > now) index -= 1;
  while (startOf(index + 1) <= now) index += 1;
  return { start: startOf(index), end: startOf(index + 1) };
}

const MONTHS: Record<"M" | "Q" | "Y", number> = { M: 1, Q: 3, Y: 12 };

const utcDate = (clock: WallClock) => Date.UTC(clock.year, clock.month - 1, clock.day);

/** The start of the period `index` (negative before the origin), each computed from the origin. */
function periodStarts(amount: number, unit: "d" | "w" | "M" | "Q" | "Y", origin: WallClock, zone: string) {
  return (index: number): number => {
    if (unit === "d" || unit === "w") {
      const date = new Date(utcDate(origin) + index * amount * (unit === "w" ? 7 : 1) * DAY_MS);
      return epochOfWallClock(
        { ...origin, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
        zone,
      );
    }
    const months = origin.year * 12 + (origin.month - 1) + index * amount * MONTHS[unit];
    const year = Math.floor(months / 12);
    const month = months - year * 12 + 1;
    // A period that starts on the 31st starts on the last day of shorter months.
    const day = Math.min(origin.day, new Date(Date.UTC(year, month, 0)).getUTCDate());
    return epochOfWallClock({ ...origin, year, month, day }, zone);
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function wallClockAt(epoch: number, zone: string): WallClock {
  const fields: Record<string, string> = {};
  for (const part of formatterOf(zone).formatToParts(new Date(epoch))) fields[part.type] = part.value;
  const yearOfEra = Number(fields.year);
  return {
    year: fields.era === "BC" || fields.era === "B" ? 1 - yearOfEra : yearOfEra,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
  };
}

const utcOf = (clock: WallClock) =>
  Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(epoch: number, zone: string): number {
  const whole = Math.floor(epoch / 1000) * 1000;
  return utcOf(wallClockAt(whole, zone)) - whole;
}

/**
 * The instant a wall-clock time happens in a zone. A time the clock skips (spring forward) is read
 * with the offset before the switch, so 02:30 becomes 03:30; a time it shows twice (fall back) is the
 * first one. Both follow Temporal's "compatible" choice.
 */
function epochOfWallClock(clock: WallClock, zone: string): number {
  const local = utcOf(clock);
  const before = offsetAt(local - DAY_MS, zone);
  const after = offsetAt(local + DAY_MS, zone);
  const candidates = [local - before, local - after].filter((epoch) => utcOf(wallClockAt(epoch, zone)) === local);
  if (candidates.length === 0) return local - before;
  return Math.min(...candidates);
}
