import { describe, expect, it } from "vitest";
import { AHEAD_MINUTES, RING_MINUTES, SeriesState, type WindowDef, windowStartMinute } from "./series-state.js";

const NO_HOURS = () => ({ good: 0, total: 0 });
const windows: WindowDef[] = [
  { minutes: 5, calendar: false },
  { minutes: 360, calendar: false },
  { minutes: 1440, calendar: false },
  { minutes: 0, calendar: true },
];

describe("SeriesState", () => {
  it("adds a minute to every window that holds it and takes it out of the short ones as it leaves", () => {
    const state = new SeriesState(windows, 1000, 960);
    state.add(1000, 9, 10);
    state.add(998, 1, 1);
    expect(state.sumsOf(0)).toEqual({ good: 10, total: 11 });
    state.advance(1004, 960, NO_HOURS);
    // Minute 998 left the 5-minute window [1000, 1004]; 1000 is still in.
    expect(state.sumsOf(0)).toEqual({ good: 9, total: 10 });
    expect(state.sumsOf(1)).toEqual({ good: 10, total: 11 });
    state.advance(1005, 960, NO_HOURS);
    expect(state.sumsOf(0)).toEqual({ good: 0, total: 0 });
  });

  it("holds a minute ahead of now until now reaches it, and refuses one too far ahead", () => {
    const state = new SeriesState(windows, 1000, 960);
    expect(state.add(1000 + AHEAD_MINUTES, 1, 1)).toBe(true);
    expect(state.add(1001 + AHEAD_MINUTES, 1, 1)).toBe(false);
    expect(state.sumsOf(0)).toEqual({ good: 0, total: 0 });
    state.advance(1000 + AHEAD_MINUTES, 960, NO_HOURS);
    expect(state.sumsOf(0)).toEqual({ good: 1, total: 1 });
  });

  it("moves a long window's old edge by whole stored hours", () => {
    const now = 100 * 60 + 30;
    const state = new SeriesState(windows, now, 0);
    const day = windows[2] as WindowDef;
    // A day ending at minute now starts at the hour its first minute falls in.
    expect(windowStartMinute(day, now, 0)).toBe(Math.floor((now - 1439) / 60) * 60);
    state.setSums(2, { good: 100, total: 100 });
    const asked: [number, number][] = [];
    state.advance(now + 30, 0, (from, to) => {
      asked.push([from, to]);
      return { good: 40, total: 40 };
    });
    expect(asked).toEqual([[76, 77]]);
    expect(state.sumsOf(2)).toEqual({ good: 60, total: 60 });
  });

  it("starts a calendar window over with its new period, keeping the new period's minutes", () => {
    const state = new SeriesState(windows, 1000, 900);
    state.add(999, 5, 5);
    state.add(1000, 3, 4);
    state.advance(1001, 1000, NO_HOURS);
    expect(state.sumsOf(3)).toEqual({ good: 3, total: 4 });
  });

  it("forgets minutes the ring has moved past, and never lets a sum go below zero", () => {
    const state = new SeriesState(windows, 1000, 0);
    state.add(1000, 1, 1);
    state.advance(1000 + RING_MINUTES, 0, NO_HOURS);
    expect(state.minuteAt(1000)).toBeUndefined();
    expect(state.sumsOf(0).total).toBeGreaterThanOrEqual(0);
  });
});
