import { parseDuration } from "../core/duration.js";
import type { ScheduleLayer, ScheduleSpec } from "./model.js";
import { type Interval, weeklyHoursWindows } from "./working-hours.js";
import { DAY_MS, zoneTime } from "./zone-time.js";

/** Where a shift comes from: a layer of the schedule (by name) or an override (by its index). */
export type ShiftSource = { layer: string } | { override: number };

/** Someone on call over `[start, end)` (epoch ms). */
export interface Shift {
  user: string;
  start: number;
  end: number;
  source: ShiftSource;
}

/**
 * When a layer's turn `k` begins. "daily" and "weekly" count calendar days in the schedule's zone
 * (a Monday 09:00 handoff stays at 09:00 local across DST); a duration counts elapsed time.
 */
interface Rotation {
  turnStart(k: number): number;
  /** The turn running at `at` (not before the layer's start). */
  turnAt(at: number): number;
}

function rotationOf(layer: ScheduleLayer, zone: string): Rotation {
  const start = Date.parse(layer.start);
  if (layer.rotation !== "daily" && layer.rotation !== "weekly") {
    const length = parseDuration(layer.rotation) ?? DAY_MS;
    return { turnStart: (k) => start + k * length, turnAt: (at) => Math.max(0, Math.floor((at - start) / length)) };
  }
  const days = layer.rotation === "daily" ? 1 : 7;
  const time = zoneTime(zone);
  const first = time.toWall(start);
  const turnStart = (k: number) => (k === 0 ? start : time.toInstant(first + k * days * DAY_MS));
  return {
    turnStart,
    turnAt(at) {
      // A turn lasts its nominal length give or take a DST hour: start from the estimate, then step.
      let k = Math.max(0, Math.floor((at - start) / (days * DAY_MS)));
      while (k > 0 && turnStart(k) > at) k -= 1;
      while (turnStart(k + 1) <= at) k += 1;
      return k;
    },
  };
}

interface Piece extends Interval {
  user: string;
  source: ShiftSource;
}

/** One layer's turns within `[from, to)`, cut to its start, end and restrictions; sorted, disjoint. */
function resolveLayer(layer: ScheduleLayer, zone: string, from: number, to: number): Piece[] {
  const low = Math.max(from, Date.parse(layer.start));
  const high = Math.min(to, layer.end ? Date.parse(layer.end) : Number.POSITIVE_INFINITY);
  if (low >= high) return [];
  const rotation = rotationOf(layer, zone);
  const source = { layer: layer.name };
  const turns: Piece[] = [];
  let k = rotation.turnAt(low);
  let turnStart = rotation.turnStart(k);
  while (turnStart < high) {
    const turnEnd = rotation.turnStart(k + 1);
    const user = layer.participants[k % layer.participants.length]!;
    turns.push({ user, source, start: Math.max(turnStart, low), end: Math.min(turnEnd, high) });
    k += 1;
    turnStart = turnEnd;
  }
  if (layer.restrictions.length === 0) return turns;
  return intersect(turns, weeklyHoursWindows(layer.restrictions, zone, low, high));
}

/** The parts of the turns inside the windows; both sorted and disjoint. */
function intersect(turns: readonly Piece[], windows: readonly Interval[]): Piece[] {
  const pieces: Piece[] = [];
  let w = 0;
  for (const turn of turns) {
    while (w < windows.length && windows[w]!.end <= turn.start) w += 1;
    for (let i = w; i < windows.length && windows[i]!.start < turn.end; i += 1) {
      const start = Math.max(turn.start, windows[i]!.start);
      const end = Math.min(turn.end, windows[i]!.end);
      if (start < end) pieces.push({ ...turn, start, end });
    }
  }
  return pieces;
}

/**
 * Who answers when, track by track: on each stretch between two boundaries the highest track
 * with someone wins. Each track is sorted and disjoint, so one pointer per track suffices.
 */
function stackTracks(tracks: readonly Piece[][]): Piece[] {
  const boundaries = [...new Set(tracks.flatMap((track) => track.flatMap((piece) => [piece.start, piece.end])))].sort(
    (a, b) => a - b,
  );
  const pointers = tracks.map(() => 0);
  const stacked: Piece[] = [];
  for (let b = 0; b + 1 < boundaries.length; b += 1) {
    const start = boundaries[b]!;
    const end = boundaries[b + 1]!;
    for (let t = tracks.length - 1; t >= 0; t -= 1) {
      const track = tracks[t]!;
      while (pointers[t]! < track.length && track[pointers[t]!]!.end <= start) pointers[t]! += 1;
      const piece = track[pointers[t]!];
      if (piece && piece.start <= start) {
        stacked.push({ user: piece.user, source: piece.source, start, end });
        break;
      }
    }
  }
  return stacked;
}

/** Adjacent stretches of the same person become one shift, with the source it begins with. */
function mergeAdjacent(pieces: readonly Piece[]): Shift[] {
  const shifts: Shift[] = [];
  for (const piece of pieces) {
    const last = shifts.at(-1);
    if (last && last.user === piece.user && last.end === piece.start) last.end = piece.end;
    else shifts.push({ user: piece.user, start: piece.start, end: piece.end, source: piece.source });
  }
  return shifts;
}

/**
 * The final schedule over `[from, to)`: each layer's rotation within its restrictions, later
 * layers over earlier ones where they have someone, overrides (later over earlier) over all
 * layers, and adjacent shifts of one person merged. Shifts are cut to `[from, to)`.
 */
export function resolveFinalSchedule(spec: ScheduleSpec, from: number, to: number): Shift[] {
  if (to <= from) return [];
  const tracks = spec.layers.map((layer) => resolveLayer(layer, spec.timeZone, from, to));
  spec.overrides.forEach((override, index) => {
    const start = Math.max(from, Date.parse(override.start));
    const end = Math.min(to, Date.parse(override.end));
    if (start < end) tracks.push([{ user: override.user, source: { override: index }, start, end }]);
  });
  return mergeAdjacent(stackTracks(tracks));
}

/** Who is on call at `at`, and through which layer or override; undefined when nobody is. */
export function onCallAt(spec: ScheduleSpec, at: number): { user: string; source: ShiftSource } | undefined {
  const [shift] = resolveFinalSchedule(spec, at, at + 1);
  return shift && { user: shift.user, source: shift.source };
}

const LOOKBACK_MS = 7 * DAY_MS;
const MAX_LOOKBACK_MS = 400 * DAY_MS;

/**
 * The shifts overlapping `[from, to)`, the first one with its true start (searched back up to
 * 400 days) rather than cut at `from`: a calendar's event for a shift must not change each day.
 */
export function resolveWholeShifts(spec: ScheduleSpec, from: number, to: number): Shift[] {
  const earliest = Math.min(
    ...spec.layers.map((layer) => Date.parse(layer.start)),
    ...spec.overrides.map((override) => Date.parse(override.start)),
  );
  for (let lookback = LOOKBACK_MS; ; lookback *= 4) {
    const start = from - lookback;
    const shifts = resolveFinalSchedule(spec, start, to).filter((shift) => shift.end > from);
    const first = shifts[0];
    if (!first || first.start > start || start <= earliest || lookback >= MAX_LOOKBACK_MS) return shifts;
  }
}
