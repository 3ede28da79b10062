import { parseDuration } from "../core/duration.js";
import type { ScheduleSpec, WEEKDAYS, WeeklyHours } from "./model.js";

/**
 * A stand-in for the schedules worker's `schedule.ts` (`onCallAt`) and `working-hours.ts`
 * (`isWithinWeeklyHours`) until that branch lands: escalation imports both from here only, so
 * switching is a change of this file. The rotation here counts fixed lengths from each layer's
 * start (no DST-aware handoffs); the working hours are exact.
 */

export interface OnCallNow {
  user: string;
  /** `override` or `layer:<name>`. */
  source: string;
}

const ROTATION_MS: Record<string, number> = { daily: 86_400_000, weekly: 7 * 86_400_000 };

/** Who is on call under `spec` at `at`: an override first, then the topmost layer that has someone. */
export function onCallAt(spec: ScheduleSpec, at: number): OnCallNow | undefined {
  for (const override of spec.overrides) {
    if (Date.parse(override.start) <= at && at < Date.parse(override.end))
      return { user: override.user, source: "override" };
  }
  for (const layer of [...spec.layers].reverse()) {
    const start = Date.parse(layer.start);
    if (at < start || (layer.end && at >= Date.parse(layer.end))) continue;
    if (
      layer.restrictions.length > 0 &&
      !layer.restrictions.some((hours) => isWithinWeeklyHours(hours, spec.timeZone, at))
    )
      continue;
    const length = ROTATION_MS[layer.rotation] ?? parseDuration(layer.rotation) ?? ROTATION_MS.weekly;
    const turn = Math.floor((at - start) / (length as number));
    const user = layer.participants[turn % layer.participants.length];
    if (user) return { user, source: `layer:${layer.name}` };
  }
  return undefined;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function localWeekTime(zone: string, at: number): { day: (typeof WEEKDAYS)[number]; minutes: number } {
  let format = zoneFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      weekday: "long",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    zoneFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  const day = String(parts.weekday).toLowerCase() as (typeof WEEKDAYS)[number];
  return { day, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether `at` falls within `hours` (days, start..end) as the clocks of `zone` show it. */
export function isWithinWeeklyHours(hours: WeeklyHours, zone: string, at: number): boolean {
  const { day, minutes } = localWeekTime(zone, at);
  return hours.days.includes(day) && minutes >= minutesOf(hours.start) && minutes < minutesOf(hours.end);
}
