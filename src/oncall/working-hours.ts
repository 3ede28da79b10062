import { WEEKDAYS, type WeeklyHours } from "./model.js";
import { DAY_MS, weekdayOf, type ZoneTime, zoneTime } from "./zone-time.js";

/** A half-open range of instants, `[start, end)` in epoch ms. */
export interface Interval {
  start: number;
  end: number;
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * The hours of one local day (a wall day number) as instants. An end at or before the start runs
 * past midnight, so a night `18:00`-`08:00` ends the next morning; `24:00` is the next midnight.
 * Wall times, not elapsed ones: 09:00 stays 09:00 across DST.
 */
function windowOfDay(hours: WeeklyHours, day: number, zone: ZoneTime): Interval {
  const start = minutesOf(hours.start);
  const end = hours.end === "24:00" ? 1440 : minutesOf(hours.end);
  const midnight = day * DAY_MS;
  const endWall = midnight + end * 60_000 + (end <= start ? DAY_MS : 0);
  return { start: zone.toInstant(midnight + start * 60_000), end: zone.toInstant(endWall) };
}

const includesDay = (hours: WeeklyHours, day: number) => hours.days.includes(WEEKDAYS[weekdayOf(day)]!);

/** Whether `at` falls within the weekly hours read in `zone`, such as a person's working hours. */
export function isWithinWeeklyHours(hours: WeeklyHours, zone: string, at: number): boolean {
  const time = zoneTime(zone);
  const today = Math.floor(time.toWall(at) / DAY_MS);
  // Yesterday's hours may run past midnight into today.
  for (const day of [today, today - 1]) {
    if (!includesDay(hours, day)) continue;
    const window = windowOfDay(hours, day, time);
    if (window.start <= at && at < window.end) return true;
  }
  return false;
}

/** Within any of the weekly hours (a layer's restrictions), `[from, to)` as sorted, merged intervals. */
export function weeklyHoursWindows(hours: readonly WeeklyHours[], zone: string, from: number, to: number): Interval[] {
  if (to <= from || hours.length === 0) return [];
  const time = zoneTime(zone);
  const windows: Interval[] = [];
  const last = Math.floor(time.toWall(to) / DAY_MS);
  // From the day before: its hours may run past midnight into the range.
  for (let day = Math.floor(time.toWall(from) / DAY_MS) - 1; day <= last; day += 1) {
    for (const entry of hours) {
      if (!includesDay(entry, day)) continue;
      const window = windowOfDay(entry, day, time);
      const start = Math.max(window.start, from);
      const end = Math.min(window.end, to);
      if (start < end) windows.push({ start, end });
    }
  }
  return mergeIntervals(windows);
}

/** Sorted, with overlapping and touching intervals joined. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}
