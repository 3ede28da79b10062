import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeWindowProblem, fixedMinutes, MINUTE_MS, parseShorthand, windowAt } from "./windows.js";

const at = (iso: string) => Date.parse(iso);
const calendar = (duration: string, startTime: string, timeZone: string) => ({
  duration,
  isRolling: false,
  calendar: { startTime, timeZone },
});
const DAY = 1440;

describe("shorthand", () => {
  it("parses amount and unit", () => {
    expect(parseShorthand("28d")).toEqual({ amount: 28, unit: "d" });
    expect(parseShorthand("1M")).toEqual({ amount: 1, unit: "M" });
    expect(parseShorthand("5s")).toBeUndefined();
    expect(parseShorthand("d")).toBeUndefined();
  });

  it("gives fixed minutes for m, h, d and w only", () => {
    expect(fixedMinutes("5m")).toBe(5);
    expect(fixedMinutes("6h")).toBe(360);
    expect(fixedMinutes("3d")).toBe(4320);
    expect(fixedMinutes("4w")).toBe(40_320);
    expect(fixedMinutes("1M")).toBeUndefined();
    expect(fixedMinutes("1Q")).toBeUndefined();
    expect(fixedMinutes("1Y")).toBeUndefined();
  });
});

describe("describeWindowProblem", () => {
  it("refuses rolling months, zero windows and unknown zones", () => {
    expect(describeWindowProblem({ duration: "1M", isRolling: true })).toMatch(
      /a rolling window needs a fixed length such as 28d or 4w; use a calendar window for months/,
    );
    expect(describeWindowProblem({ duration: "0d", isRolling: true })).toMatch(/longer than zero/);
    expect(describeWindowProblem(calendar("1M", "2026-01-01 00:00:00", "Mars/Olympus"))).toMatch(
      /unknown time zone "Mars\/Olympus"/,
    );
    expect(describeWindowProblem({ duration: "1M" })).toMatch(/calendar/);
  });

  it("accepts good windows", () => {
    expect(describeWindowProblem({ duration: "28d", isRolling: true })).toBeUndefined();
    expect(describeWindowProblem(calendar("1M", "2026-01-01 00:00:00", "Europe/Berlin"))).toBeUndefined();
  });
});

describe("rolling windows", () => {
  it("are the whole minutes ending with the current one", () => {
    const now = at("2026-05-10T12:34:56.789Z");
    const window = windowAt({ duration: "28d", isRolling: true }, now);
    const end = at("2026-05-10T12:35:00Z");
    expect(window).toEqual({
      kind: "rolling",
      start: end - 28 * DAY * MINUTE_MS,
      end,
      minutes: 40_320,
      elapsedMinutes: 40_320,
    });
    expect(window.start).toBe(at("2026-04-12T12:35:00Z"));
  });

  it("throws on a rolling month", () => {
    expect(() => windowAt({ duration: "1M", isRolling: true }, 0)).toThrow(/fixed length/);
  });
});

describe("calendar windows in UTC", () => {
  it("a month", () => {
    const window = windowAt(calendar("1M", "2026-01-01 00:00:00", "UTC"), at("2026-02-14T10:00:30Z"));
    expect(window.kind).toBe("calendar");
    expect(window.start).toBe(at("2026-02-01T00:00:00Z"));
    expect(window.end).toBe(at("2026-03-01T00:00:00Z"));
    expect(window.minutes).toBe(28 * DAY);
    expect(window.elapsedMinutes).toBe(13 * DAY + 10 * 60 + 1);
  });

  it("February in a leap year", () => {
    const window = windowAt(calendar("1M", "2026-01-01 00:00:00", "UTC"), at("2028-02-29T23:59:59Z"));
    expect(window.start).toBe(at("2028-02-01T00:00:00Z"));
    expect(window.minutes).toBe(29 * DAY);
    expect(window.elapsedMinutes).toBe(29 * DAY);
  });

  it("a quarter", () => {
    const window = windowAt(calendar("1Q", "2026-01-01 00:00:00", "UTC"), at("2026-05-20T00:00:00Z"));
    expect(window.start).toBe(at("2026-04-01T00:00:00Z"));
    expect(window.end).toBe(at("2026-07-01T00:00:00Z"));
    expect(window.minutes).toBe((30 + 31 + 30) * DAY);
  });

  it("a year, leap and not", () => {
    const common = windowAt(calendar("1Y", "2026-01-01 00:00:00", "UTC"), at("2027-06-01T00:00:00Z"));
    expect(common.start).toBe(at("2027-01-01T00:00:00Z"));
    expect(common.minutes).toBe(365 * DAY);
    const leap = windowAt(calendar("1Y", "2026-01-01 00:00:00", "UTC"), at("2028-12-31T23:59:00Z"));
    expect(leap.start).toBe(at("2028-01-01T00:00:00Z"));
    expect(leap.minutes).toBe(366 * DAY);
    expect(leap.elapsedMinutes).toBe(366 * DAY);
  });

  it("two-month periods counted from the start", () => {
    const window = windowAt(calendar("2M", "2026-01-01 00:00:00", "UTC"), at("2026-04-15T00:00:00Z"));
    expect(window.start).toBe(at("2026-03-01T00:00:00Z"));
    expect(window.end).toBe(at("2026-05-01T00:00:00Z"));
    expect(window.minutes).toBe(61 * DAY);
  });

  it("a week from a Monday", () => {
    const window = windowAt(calendar("1w", "2026-01-05 00:00:00", "UTC"), at("2026-03-12T08:00:00Z"));
    expect(window.start).toBe(at("2026-03-09T00:00:00Z"));
    expect(window.minutes).toBe(7 * DAY);
  });

  it("a month starting on the 31st starts on the last day of shorter months", () => {
    const february = windowAt(calendar("1M", "2026-01-31 00:00:00", "UTC"), at("2026-02-15T00:00:00Z"));
    expect(february.start).toBe(at("2026-01-31T00:00:00Z"));
    expect(february.end).toBe(at("2026-02-28T00:00:00Z"));
    const march = windowAt(calendar("1M", "2026-01-31 00:00:00", "UTC"), at("2026-03-05T00:00:00Z"));
    expect(march.start).toBe(at("2026-02-28T00:00:00Z"));
    expect(march.end).toBe(at("2026-03-31T00:00:00Z"));
  });

  it("periods go back before the start time", () => {
    const window = windowAt(calendar("1M", "2026-01-01 00:00:00", "UTC"), at("2025-11-15T00:00:00Z"));
    expect(window.start).toBe(at("2025-11-01T00:00:00Z"));
    expect(window.end).toBe(at("2025-12-01T00:00:00Z"));
    const days = windowAt(calendar("1d", "2026-01-01 06:00:00", "UTC"), at("2025-12-31T05:00:00Z"));
    expect(days.start).toBe(at("2025-12-30T06:00:00Z"));
    expect(days.minutes).toBe(DAY);
  });

  it("hours are fixed lengths from the start instant", () => {
    const window = windowAt(calendar("1h", "2026-01-01 00:30:00", "UTC"), at("2026-01-02T10:10:00Z"));
    expect(window.start).toBe(at("2026-01-02T09:30:00Z"));
    expect(window.minutes).toBe(60);
    expect(window.elapsedMinutes).toBe(41);
  });

  it("the period boundary belongs to the next period", () => {
    const window = windowAt(calendar("1M", "2026-01-01 00:00:00", "UTC"), at("2026-03-01T00:00:00Z"));
    expect(window.start).toBe(at("2026-03-01T00:00:00Z"));
    expect(window.elapsedMinutes).toBe(1);
  });
});

describe("calendar windows across DST", () => {
  it("a day in New York is 1380 minutes on 2026-03-08 and 1500 on 2026-11-01", () => {
    const spring = windowAt(calendar("1d", "2026-01-01 00:00:00", "America/New_York"), at("2026-03-08T12:00:30-04:00"));
    expect(spring.start).toBe(at("2026-03-08T00:00:00-05:00"));
    expect(spring.end).toBe(at("2026-03-09T00:00:00-04:00"));
    expect(spring.minutes).toBe(1380);
    expect(spring.elapsedMinutes).toBe(11 * 60 + 1);
    const fall = windowAt(calendar("1d", "2026-01-01 00:00:00", "America/New_York"), at("2026-11-01T23:30:00-05:00"));
    expect(fall.start).toBe(at("2026-11-01T00:00:00-04:00"));
    expect(fall.minutes).toBe(1500);
    const plain = windowAt(calendar("1d", "2026-01-01 00:00:00", "America/New_York"), at("2026-03-09T01:00:00-04:00"));
    expect(plain.start).toBe(at("2026-03-09T00:00:00-04:00"));
    expect(plain.minutes).toBe(DAY);
  });

  it("March and October in Berlin lose and gain an hour", () => {
    const march = windowAt(calendar("1M", "2026-03-01 00:00:00", "Europe/Berlin"), at("2026-03-15T12:00:00Z"));
    expect(march.start).toBe(at("2026-03-01T00:00:00+01:00"));
    expect(march.end).toBe(at("2026-04-01T00:00:00+02:00"));
    expect(march.minutes).toBe(31 * DAY - 60);
    const october = windowAt(calendar("1M", "2026-03-01 00:00:00", "Europe/Berlin"), at("2026-10-31T22:59:00Z"));
    expect(october.start).toBe(at("2026-10-01T00:00:00+02:00"));
    expect(october.end).toBe(at("2026-11-01T00:00:00+01:00"));
    expect(october.minutes).toBe(31 * DAY + 60);
    expect(october.elapsedMinutes).toBe(31 * DAY + 60);
  });

  it("a week holding the switch, and a quarter in New York", () => {
    const week = windowAt(calendar("1w", "2026-01-05 00:00:00", "Europe/Berlin"), at("2026-03-29T12:00:00+02:00"));
    expect(week.start).toBe(at("2026-03-23T00:00:00+01:00"));
    expect(week.minutes).toBe(7 * DAY - 60);
    const quarter = windowAt(calendar("1Q", "2026-01-01 00:00:00", "America/New_York"), at("2026-11-20T00:00:00Z"));
    expect(quarter.start).toBe(at("2026-10-01T00:00:00-04:00"));
    expect(quarter.end).toBe(at("2027-01-01T00:00:00-05:00"));
    expect(quarter.minutes).toBe((31 + 30 + 31) * DAY + 60);
  });

  it("a year in Berlin has both switches", () => {
    const year = windowAt(calendar("1Y", "2026-01-01 00:00:00", "Europe/Berlin"), at("2026-07-01T00:00:00Z"));
    expect(year.start).toBe(at("2026-01-01T00:00:00+01:00"));
    expect(year.minutes).toBe(365 * DAY);
  });

  it("a start time the clock skips begins an hour later that day", () => {
    const window = windowAt(calendar("1d", "2026-03-01 02:30:00", "America/New_York"), at("2026-03-08T12:00:00-04:00"));
    expect(window.start).toBe(at("2026-03-08T03:30:00-04:00"));
    expect(window.end).toBe(at("2026-03-09T02:30:00-04:00"));
  });
});

describe("calendar windows, any instant", () => {
  it("hold now, and the next period starts where this one ends", () => {
    const zones = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata"];
    const durations = ["1d", "1w", "1M", "2M", "1Q", "1Y", "6h"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...durations),
        fc.integer({ min: Date.parse("2020-01-01T00:00:00Z"), max: Date.parse("2032-01-01T00:00:00Z") }),
        (zone, duration, now) => {
          const spec = calendar(duration, "2026-01-31 02:30:00", zone);
          const window = windowAt(spec, now);
          expect(window.start).toBeLessThanOrEqual(now);
          expect(window.end).toBeGreaterThan(now);
          expect(window.minutes).toBe((window.end - window.start) / MINUTE_MS);
          expect(window.elapsedMinutes).toBeGreaterThan(0);
          expect(window.elapsedMinutes).toBeLessThanOrEqual(window.minutes);
          expect(windowAt(spec, window.end).start).toBe(window.end);
        },
      ),
      { seed: 5, numRuns: 400 },
    );
  });
});
