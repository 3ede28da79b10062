import { describe, expect, it } from "vitest";
import { timeIntervalEntry, timeIntervalSpec } from "./model.js";
import { compileTimeIntervals, isInTimeInterval } from "./time-intervals.js";

const entry = (spec: object) => timeIntervalEntry.parse(spec);
const inside = (spec: object, iso: string) => isInTimeInterval([entry(spec)], Date.parse(iso));

describe("isInTimeInterval", () => {
  const officeHours = {
    weekdays: ["monday:friday"],
    times: [{ startTime: "09:00", endTime: "17:00" }],
    location: "Europe/Berlin",
  };

  it("takes times in the entry's location, start inclusive and end exclusive", () => {
    // Monday 4 May 2026; Berlin is UTC+2 in summer.
    expect(inside(officeHours, "2026-05-04T06:59:59Z")).toBe(false);
    expect(inside(officeHours, "2026-05-04T07:00:00Z")).toBe(true);
    expect(inside(officeHours, "2026-05-04T14:59:59Z")).toBe(true);
    expect(inside(officeHours, "2026-05-04T15:00:00Z")).toBe(false);
    // Saturday 9 May.
    expect(inside(officeHours, "2026-05-09T10:00:00Z")).toBe(false);
    // In winter Berlin is UTC+1.
    expect(inside(officeHours, "2026-01-05T07:30:00Z")).toBe(false);
    expect(inside(officeHours, "2026-01-05T08:00:00Z")).toBe(true);
  });

  it("reads 24:00 as the end of the day and defaults to UTC", () => {
    const evening = { times: [{ startTime: "17:00", endTime: "24:00" }] };
    expect(inside(evening, "2026-05-04T23:59:59Z")).toBe(true);
    expect(inside(evening, "2026-05-05T00:00:00Z")).toBe(false);
    expect(inside(evening, "2026-05-04T16:59:59Z")).toBe(false);
  });

  it("follows Europe/Berlin's wall clock across DST: the skipped hour never is, the repeated one is twice", () => {
    const lateNight = { times: [{ startTime: "02:00", endTime: "03:00" }], location: "Europe/Berlin" };
    // 29 March 2026: at 02:00 CET the clocks jump to 03:00 CEST (01:00 UTC).
    expect(inside(lateNight, "2026-03-29T00:59:59Z")).toBe(false);
    expect(inside(lateNight, "2026-03-29T01:00:00Z")).toBe(false);
    const night = { times: [{ startTime: "01:00", endTime: "04:00" }], location: "Europe/Berlin" };
    expect(inside(night, "2026-03-29T00:30:00Z")).toBe(true);
    expect(inside(night, "2026-03-29T01:30:00Z")).toBe(true);
    expect(inside(night, "2026-03-29T02:00:00Z")).toBe(false);
    // 25 October 2026: 03:00 CEST goes back to 02:00 CET (01:00 UTC); 02:xx comes twice.
    expect(inside(lateNight, "2026-10-25T00:00:00Z")).toBe(true);
    expect(inside(lateNight, "2026-10-25T00:59:59Z")).toBe(true);
    expect(inside(lateNight, "2026-10-25T01:00:00Z")).toBe(true);
    expect(inside(lateNight, "2026-10-25T01:59:59Z")).toBe(true);
    expect(inside(lateNight, "2026-10-25T02:00:00Z")).toBe(false);
    expect(inside(lateNight, "2026-10-24T23:59:59Z")).toBe(false);
    // The whole of the long day: Sunday in Berlin for 25 hours.
    const sunday = { weekdays: ["sunday"], location: "Europe/Berlin" };
    expect(inside(sunday, "2026-10-24T21:59:59Z")).toBe(false);
    expect(inside(sunday, "2026-10-24T22:00:00Z")).toBe(true);
    expect(inside(sunday, "2026-10-25T22:59:59Z")).toBe(true);
    expect(inside(sunday, "2026-10-25T23:00:00Z")).toBe(false);
  });

  it("counts negative days from the month's end, leap years and the location's date included", () => {
    const lastThree = { daysOfMonth: ["-3:-1"] };
    expect(inside(lastThree, "2026-02-25T12:00:00Z")).toBe(false);
    expect(inside(lastThree, "2026-02-26T00:00:00Z")).toBe(true);
    expect(inside(lastThree, "2026-02-28T23:59:59Z")).toBe(true);
    expect(inside(lastThree, "2024-02-26T12:00:00Z")).toBe(false);
    expect(inside(lastThree, "2024-02-29T12:00:00Z")).toBe(true);
    expect(inside(lastThree, "2026-03-29T12:00:00Z")).toBe(true);
    // The last day of March in Berlin ends at 22:00 UTC (CEST), right after the DST switch.
    const lastDay = { daysOfMonth: ["-1"], location: "Europe/Berlin" };
    expect(inside(lastDay, "2026-03-31T21:59:59Z")).toBe(true);
    expect(inside(lastDay, "2026-03-31T22:00:00Z")).toBe(false);
    expect(inside(lastDay, "2026-03-30T21:59:59Z")).toBe(false);
  });

  it("clamps ranges past the month's end, and a start past it never holds", () => {
    expect(inside({ daysOfMonth: ["1:31"] }, "2026-02-28T12:00:00Z")).toBe(true);
    expect(inside({ daysOfMonth: ["31"] }, "2026-04-30T12:00:00Z")).toBe(false);
    expect(inside({ daysOfMonth: ["31"] }, "2026-05-31T12:00:00Z")).toBe(true);
    expect(inside({ daysOfMonth: ["-31:-28"] }, "2026-02-01T12:00:00Z")).toBe(true);
    expect(inside({ daysOfMonth: ["1:5", "10"] }, "2026-02-10T12:00:00Z")).toBe(true);
    expect(inside({ daysOfMonth: ["1:5", "10"] }, "2026-02-06T12:00:00Z")).toBe(false);
  });

  it("takes months by name or number, weekdays by name, years, all case-insensitive", () => {
    expect(inside({ months: ["May"] }, "2026-05-15T12:00:00Z")).toBe(true);
    expect(inside({ months: ["5"] }, "2026-05-15T12:00:00Z")).toBe(true);
    expect(inside({ months: ["march:April", "december"] }, "2026-05-15T12:00:00Z")).toBe(false);
    expect(inside({ months: ["1:3", "december"] }, "2026-12-01T00:00:00Z")).toBe(true);
    expect(inside({ weekdays: ["saturday", "Sunday"] }, "2026-05-10T12:00:00Z")).toBe(true);
    expect(inside({ weekdays: ["Monday:wednesday"] }, "2026-05-07T12:00:00Z")).toBe(false);
    expect(inside({ years: ["2025:2027"] }, "2026-05-15T12:00:00Z")).toBe(true);
    expect(inside({ years: ["2030"] }, "2026-05-15T12:00:00Z")).toBe(false);
  });

  it("needs every field of an entry, and any entry of the interval", () => {
    const christmasEve = {
      months: ["december"],
      daysOfMonth: ["24"],
      times: [{ startTime: "12:00", endTime: "24:00" }],
    };
    expect(inside(christmasEve, "2026-12-24T13:00:00Z")).toBe(true);
    expect(inside(christmasEve, "2026-12-24T11:00:00Z")).toBe(false);
    expect(inside(christmasEve, "2026-11-24T13:00:00Z")).toBe(false);
    const entries = [entry(christmasEve), entry({ months: ["january"], daysOfMonth: ["1"] })];
    expect(isInTimeInterval(entries, Date.parse("2027-01-01T08:00:00Z"))).toBe(true);
    expect(isInTimeInterval(entries, Date.parse("2027-01-02T08:00:00Z"))).toBe(false);
    expect(isInTimeInterval([entry({})], Date.parse("2027-01-02T08:00:00Z"))).toBe(true);
    expect(isInTimeInterval([], Date.parse("2027-01-02T08:00:00Z"))).toBe(false);
  });
});

describe("compileTimeIntervals", () => {
  it("tests named intervals; an unknown name is never active", () => {
    const intervals = compileTimeIntervals([
      { name: "weekends", spec: timeIntervalSpec.parse({ timeIntervals: [{ weekdays: ["saturday", "sunday"] }] }) },
    ]);
    expect(intervals("weekends", Date.parse("2026-05-09T12:00:00Z"))).toBe(true);
    expect(intervals("weekends", Date.parse("2026-05-08T12:00:00Z"))).toBe(false);
    expect(intervals("holidays", Date.parse("2026-05-09T12:00:00Z"))).toBe(false);
  });
});

describe("the TimeInterval schema", () => {
  const problems = (spec: object) => {
    const result = timeIntervalEntry.safeParse(spec);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join("/")}: ${issue.message}`);
  };

  it("refuses what Alertmanager refuses, saying where", () => {
    expect(problems({ weekdays: ["funday"] })).toEqual([expect.stringMatching(/^weekdays\/0: expected a weekday/)]);
    expect(problems({ weekdays: ["friday:monday"] })).toEqual([
      expect.stringMatching(/^weekdays\/0: .*Sunday to Saturday/),
    ]);
    expect(problems({ daysOfMonth: ["0"] })).toHaveLength(1);
    expect(problems({ daysOfMonth: ["32"] })).toHaveLength(1);
    expect(problems({ daysOfMonth: ["-1:5"] })).toEqual([expect.stringMatching(/negative end day/)]);
    expect(problems({ daysOfMonth: ["-1:-3"] })).toEqual([expect.stringMatching(/ends after it starts/)]);
    expect(problems({ months: ["13"] })).toHaveLength(1);
    expect(problems({ months: ["may:march"] })).toHaveLength(1);
    expect(problems({ years: ["2027:2026"] })).toHaveLength(1);
    expect(problems({ times: [{ startTime: "17:00", endTime: "09:00" }] })).toEqual([
      expect.stringMatching(/^times\/0: expected endTime after startTime/),
    ]);
    expect(problems({ location: "Mars/Olympus" })).toHaveLength(1);
  });

  it("takes the forms the docs show", () => {
    expect(
      problems({
        weekdays: ["monday:wednesday", "saturday", "sunday"],
        daysOfMonth: ["1:5", "-3:-1"],
        months: ["1:3", "may:august", "december"],
        years: ["2020:2022", "2030"],
        times: [{ startTime: "17:00", endTime: "24:00" }],
        location: "Australia/Sydney",
      }),
    ).toEqual([]);
  });
});
