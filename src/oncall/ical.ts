import ical, { ICalCalendarMethod, ICalEventTransparency } from "ical-generator";
import type { ScheduleSpec } from "./model.js";
import { resolveWholeShifts, type Shift, type ShiftSource } from "./schedule.js";

/** A shift of a named schedule, as a calendar feed lists it. */
export interface ScheduleShift extends Shift {
  schedule: string;
}

const DAY_MS = 86_400_000;
/** What a feed covers around now: a month back for the record, a quarter ahead to plan. */
export const CALENDAR_PAST_MS = 30 * DAY_MS;
export const CALENDAR_FUTURE_MS = 90 * DAY_MS;
/** How often calendar apps should fetch the feed again. */
const REFRESH_SECONDS = 3600;

/**
 * The same shift keeps its UID across fetches and across feeds (the schedule's and the person's),
 * so calendar apps update it in place; a shift that changes hands or start is another event.
 */
export const shiftUid = (shift: ScheduleShift) =>
  `${new Date(shift.start).toISOString()}-${shift.user}@${shift.schedule}.schedules.nines`;

const describeSource = (source: ShiftSource, spec: ScheduleSpec) =>
  "layer" in source
    ? `layer "${source.layer}"`
    : `override${spec.overrides[source.override]?.note ? `: ${spec.overrides[source.override]?.note}` : ""}`;

/** The shifts of one schedule around `now` that a feed shows: whole, not cut at the window's edge. */
export function calendarShifts(name: string, spec: ScheduleSpec, now: number, user?: string): ScheduleShift[] {
  return resolveWholeShifts(spec, now - CALENDAR_PAST_MS, now + CALENDAR_FUTURE_MS)
    .filter((shift) => user === undefined || shift.user === user)
    .map((shift) => ({ ...shift, schedule: name }));
}

interface FeedEntry {
  shift: ScheduleShift;
  spec: ScheduleSpec;
}

function buildFeed(
  title: string,
  entries: readonly FeedEntry[],
  now: number,
  summary: (shift: ScheduleShift) => string,
) {
  const calendar = ical({
    name: title,
    prodId: { company: "nines", product: "on-call", language: "EN" },
    method: ICalCalendarMethod.PUBLISH,
    ttl: REFRESH_SECONDS,
  });
  for (const { shift, spec } of entries) {
    calendar.createEvent({
      id: shiftUid(shift),
      start: new Date(shift.start),
      end: new Date(shift.end),
      stamp: new Date(now),
      summary: summary(shift),
      description: `${shift.user} on call for schedule "${shift.schedule}" (${describeSource(shift.source, spec)})`,
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendar.toString();
}

/** One schedule's final shifts as an iCalendar feed, around `now`. */
export function buildScheduleCalendar(name: string, spec: ScheduleSpec, now: number): string {
  const entries = calendarShifts(name, spec, now).map((shift) => ({ shift, spec }));
  return buildFeed(`On call: ${name}`, entries, now, (shift) => `${shift.user} on call (${name})`);
}

/** One person's shifts across every schedule as an iCalendar feed, around `now`. */
export function buildPersonCalendar(
  user: string,
  schedules: readonly { name: string; spec: ScheduleSpec }[],
  now: number,
): string {
  const entries = schedules
    .flatMap(({ name, spec }) => calendarShifts(name, spec, now, user).map((shift) => ({ shift, spec })))
    .sort((a, b) => a.shift.start - b.shift.start);
  return buildFeed(`On call: ${user}`, entries, now, (shift) => `On call: ${shift.schedule}`);
}
