import type { ShiftView } from "../../src/client/index.js";

/**
 * A schedule's final shifts laid out as weeks of days in the viewer's time zone, for the on-call
 * calendar: each day holds the stretches of the shifts inside it, as fractions of the day.
 */

export interface DaySegment {
  user: string;
  /** 0..1 of the day. */
  from: number;
  to: number;
  start: number;
  end: number;
  override: boolean;
}

export interface CalendarDay {
  start: number;
  end: number;
  segments: DaySegment[];
}

/** Monday 00:00 of the week `at` is in, in the viewer's zone. */
export function startOfWeek(at: number): number {
  const date = new Date(at);
  const sinceMonday = (date.getDay() + 6) % 7;
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() - sinceMonday).getTime();
}

/** `weeks` rows of 7 days from `weekStart`; days are calendar days, 23 or 25 hours long across DST. */
export function buildWeekGrid(shifts: readonly ShiftView[], weekStart: number, weeks: number): CalendarDay[][] {
  const first = new Date(weekStart);
  const grid: CalendarDay[][] = [];
  for (let week = 0; week < weeks; week++) {
    const row: CalendarDay[] = [];
    for (let day = 0; day < 7; day++) {
      const offset = week * 7 + day;
      const start = new Date(first.getFullYear(), first.getMonth(), first.getDate() + offset).getTime();
      const end = new Date(first.getFullYear(), first.getMonth(), first.getDate() + offset + 1).getTime();
      const length = end - start;
      const segments = shifts
        .filter((shift) => shift.start < end && shift.end > start)
        .map((shift) => {
          const from = Math.max(shift.start, start);
          const to = Math.min(shift.end, end);
          return {
            user: shift.user,
            from: (from - start) / length,
            to: (to - start) / length,
            start: shift.start,
            end: shift.end,
            override: "override" in shift.source,
          };
        });
      row.push({ start, end, segments });
    }
    grid.push(row);
  }
  return grid;
}

/** Each person's colour index, by name, so a person keeps their colour whatever the range shown. */
export function assignColors(users: readonly string[], paletteSize: number): Map<string, number> {
  const names = [...new Set(users)].sort();
  return new Map(names.map((name, index) => [name, index % paletteSize]));
}
