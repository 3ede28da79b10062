import { describe, expect, it } from "vitest";
import { SliceAccumulator, sliceOf, sliceOutcome, timeSliceMinutes } from "./timeslices.js";

describe("slices", () => {
  it("index minutes from the anchor", () => {
    expect(sliceOf(0, 5)).toBe(0);
    expect(sliceOf(4, 5)).toBe(0);
    expect(sliceOf(5, 5)).toBe(1);
    expect(sliceOf(-1, 5)).toBe(-1);
    expect(sliceOf(12, 5, 3)).toBe(1);
    expect(sliceOf(2, 5, 3)).toBe(-1);
  });

  it("Timeslices: good when the ratio reaches the slice target", () => {
    expect(sliceOutcome("Timeslices", { good: 95, total: 100 }, 0.95)).toEqual({ good: 1, total: 1 });
    expect(sliceOutcome("Timeslices", { good: 94, total: 100 }, 0.95)).toEqual({ good: 0, total: 1 });
  });

  it("RatioTimeslices: the slice's ratio", () => {
    expect(sliceOutcome("RatioTimeslices", { good: 3, total: 4 })).toEqual({ good: 0.75, total: 1 });
  });

  it("no data is no slice", () => {
    expect(sliceOutcome("Timeslices", { good: 0, total: 0 }, 0.9)).toBeUndefined();
    expect(sliceOutcome("RatioTimeslices", { good: 0, total: 0 })).toBeUndefined();
  });

  it("timeSliceWindow in minutes", () => {
    expect(timeSliceMinutes(5)).toBe(5);
    expect(timeSliceMinutes("1m")).toBe(1);
    expect(timeSliceMinutes("1h")).toBe(60);
    expect(timeSliceMinutes(0.5)).toBeUndefined();
    expect(timeSliceMinutes("1M")).toBeUndefined();
    expect(timeSliceMinutes("abc")).toBeUndefined();
  });
});

describe("SliceAccumulator", () => {
  const accumulator = () => new SliceAccumulator({ method: "Timeslices", sliceMinutes: 5, timeSliceTarget: 0.9 });

  it("emits a slice once, when its last minute has passed", () => {
    const slices = accumulator();
    for (let minute = 0; minute < 7; minute += 1) slices.add(minute, { good: minute === 2 ? 0 : 10, total: 10 });
    expect(slices.close(3)).toEqual([]);
    // Minutes 0-4: 40 good of 50 is 0.8, below 0.9.
    expect(slices.close(4)).toEqual([{ minute: 4, outcome: { good: 0, total: 1 } }]);
    expect(slices.close(8)).toEqual([]);
    expect(slices.close(9)).toEqual([{ minute: 9, outcome: { good: 1, total: 1 } }]);
    expect(slices.close(20)).toEqual([]);
  });

  it("skips slices without data", () => {
    const slices = accumulator();
    slices.add(1, { good: 1, total: 1 });
    slices.add(16, { good: 1, total: 1 });
    expect(slices.close(30).map((event) => event.minute)).toEqual([4, 19]);
  });

  it("reports late minutes of a closed slice as a correction", () => {
    const slices = accumulator();
    slices.add(0, { good: 10, total: 10 });
    expect(slices.close(4)).toEqual([{ minute: 4, outcome: { good: 1, total: 1 } }]);
    slices.add(3, { good: 0, total: 10 });
    slices.add(6, { good: 10, total: 10 });
    expect(slices.close(9)).toEqual([
      { minute: 4, outcome: { good: 0, total: 1 }, previous: { good: 1, total: 1 } },
      { minute: 9, outcome: { good: 1, total: 1 } },
    ]);
  });

  it("a late minute that changes nothing is no correction; one for an empty slice has no previous", () => {
    const slices = accumulator();
    slices.add(0, { good: 10, total: 10 });
    slices.close(9);
    slices.add(1, { good: 10, total: 10 });
    slices.add(7, { good: 5, total: 10 });
    expect(slices.close(9)).toEqual([{ minute: 9, outcome: { good: 0, total: 1 } }]);
  });

  it("refuses late minutes of forgotten slices", () => {
    const slices = accumulator();
    slices.add(0, { good: 10, total: 10 });
    slices.add(12, { good: 10, total: 10 });
    slices.close(9);
    slices.forget(10);
    expect(slices.add(3, { good: 0, total: 10 })).toBe(false);
    expect(slices.add(13, { good: 10, total: 10 })).toBe(true);
    expect(slices.close(14)).toEqual([{ minute: 14, outcome: { good: 1, total: 1 } }]);
  });

  it("RatioTimeslices with an anchor", () => {
    const slices = new SliceAccumulator({ method: "RatioTimeslices", sliceMinutes: 2, anchorMinute: 1 });
    slices.add(1, { good: 1, total: 2 });
    slices.add(2, { good: 2, total: 2 });
    expect(slices.close(2)).toEqual([{ minute: 2, outcome: { good: 0.75, total: 1 } }]);
  });

  it("refuses a slice that is not whole minutes", () => {
    expect(() => new SliceAccumulator({ method: "RatioTimeslices", sliceMinutes: 0 })).toThrow(/whole number/);
  });
});
