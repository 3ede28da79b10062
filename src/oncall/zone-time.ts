import { IANAZone } from "luxon";

/**
 * Wall-clock arithmetic in one time zone, fast enough for a month of handoffs per request. A
 * *wall* time is the local date and time written as if it were UTC epoch ms, so calendar days
 * are plain additions of 24h there; luxon's zone data says how wall and instant relate. Asking
 * luxon for every handoff and every day of restrictions cost milliseconds per month.
 */
export interface ZoneTime {
  toWall(at: number): number;
  /**
   * The instant of a wall time. A time in a spring-forward gap moves forward by the gap (as luxon
   * does: 02:30 becomes 03:30); a time the autumn switch repeats takes its first occurrence.
   */
  toInstant(wall: number): number;
}

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
// Offsets change on whole quarter hours of UTC in every zone since the 1970s.
const BUCKET_MS = 15 * MINUTE_MS;
const MEMO_LIMIT = 50_000;

const zones = new Map<string, ZoneTime>();

export function zoneTime(zone: string): ZoneTime {
  let found = zones.get(zone);
  if (!found) {
    found = createZoneTime(zone);
    zones.set(zone, found);
  }
  return found;
}

function createZoneTime(name: string): ZoneTime {
  const zone = IANAZone.create(name);
  const memo = new Map<number, number>();
  const offset = (at: number) => {
    const bucket = Math.floor(at / BUCKET_MS);
    let minutes = memo.get(bucket);
    if (minutes === undefined) {
      if (memo.size > MEMO_LIMIT) memo.clear();
      minutes = zone.offset(at);
      memo.set(bucket, minutes);
    }
    return minutes * MINUTE_MS;
  };
  return {
    toWall: (at) => at + offset(at),
    toInstant(wall) {
      // The offsets a day either side bracket the at most one switch that can be near.
      const before = offset(wall - DAY_MS);
      const after = offset(wall + DAY_MS);
      const early = wall - before;
      const late = wall - after;
      const earlyFits = early + offset(early) === wall;
      const lateFits = late + offset(late) === wall;
      if (earlyFits && lateFits) return Math.min(early, late);
      if (earlyFits) return early;
      if (lateFits) return late;
      return early;
    },
  };
}

/** Monday 0 ... Sunday 6, of a wall day number (days since 1970-01-01, a Thursday). */
export const weekdayOf = (day: number) => (((day + 3) % 7) + 7) % 7;
