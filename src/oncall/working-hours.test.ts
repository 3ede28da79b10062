import { describe, expect, it } from "vitest";
import { weeklyHours } from "./model.js";
import { isWithinWeeklyHours, weeklyHoursWindows } from "./working-hours.js";
import { zoneTime } from "./zone-time.js";

const at = (iso: string) => Date.parse(iso);
const office = weeklyHours.parse({});

describe("isWithinWeeklyHours", () => {
  it("reads weekdays 09:00-17:00 in the person's zone, DST included (New York)", () => {
    const zone = "America/New_York";
    // Friday 2026-03-06 in EST, Monday 2026-03-09 in EDT.
    expect(isWithinWeeklyHours(office, zone, at("2026-03-06T13:59:59Z"))).toBe(false);
    expect(isWithinWeeklyHours(office, zone, at("2026-03-06T14:00:00Z"))).toBe(true);
    expect(isWithinWeeklyHours(office, zone, at("2026-03-06T21:59:59Z"))).toBe(true);
    expect(isWithinWeeklyHours(office, zone, at("2026-03-06T22:00:00Z"))).toBe(false);
    expect(isWithinWeeklyHours(office, zone, at("2026-03-07T15:00:00Z"))).toBe(false); // Saturday
    expect(isWithinWeeklyHours(office, zone, at("2026-03-09T12:59:59Z"))).toBe(false);
    expect(isWithinWeeklyHours(office, zone, at("2026-03-09T13:00:00Z"))).toBe(true);
    expect(isWithinWeeklyHours(office, zone, at("2026-03-09T20:59:59Z"))).toBe(true);
    expect(isWithinWeeklyHours(office, zone, at("2026-03-09T21:00:00Z"))).toBe(false);
  });

  it("reads them in Berlin across the autumn switch", () => {
    const zone = "Europe/Berlin";
    expect(isWithinWeeklyHours(office, zone, at("2026-10-23T07:00:00Z"))).toBe(true); // Friday 09:00 CEST
    expect(isWithinWeeklyHours(office, zone, at("2026-10-26T07:59:59Z"))).toBe(false); // Monday 08:59 CET
    expect(isWithinWeeklyHours(office, zone, at("2026-10-26T08:00:00Z"))).toBe(true);
  });

  it("runs hours ending at or before their start past midnight, and 24:00 to the next midnight", () => {
    const night = weeklyHours.parse({ days: ["friday"], start: "22:00", end: "06:00" });
    expect(isWithinWeeklyHours(night, "UTC", at("2026-05-01T21:59:59Z"))).toBe(false);
    expect(isWithinWeeklyHours(night, "UTC", at("2026-05-01T22:00:00Z"))).toBe(true);
    expect(isWithinWeeklyHours(night, "UTC", at("2026-05-02T05:59:59Z"))).toBe(true); // Saturday morning
    expect(isWithinWeeklyHours(night, "UTC", at("2026-05-02T06:00:00Z"))).toBe(false);
    const evening = weeklyHours.parse({ days: ["sunday"], start: "20:00", end: "24:00" });
    expect(isWithinWeeklyHours(evening, "Europe/Berlin", at("2026-05-03T21:59:59Z"))).toBe(true);
    expect(isWithinWeeklyHours(evening, "Europe/Berlin", at("2026-05-03T22:00:00Z"))).toBe(false);
  });
});

describe("weeklyHoursWindows", () => {
  it("lists the hours of a range as instants, joining touching ones", () => {
    const hours = [
      weeklyHours.parse({ days: ["monday"], start: "09:00", end: "12:00" }),
      weeklyHours.parse({ days: ["monday"], start: "12:00", end: "17:00" }),
    ];
    const windows = weeklyHoursWindows(hours, "Europe/Berlin", at("2026-03-23T00:00:00Z"), at("2026-04-01T00:00:00Z"));
    expect(windows).toEqual([
      { start: at("2026-03-23T08:00:00Z"), end: at("2026-03-23T16:00:00Z") },
      { start: at("2026-03-30T07:00:00Z"), end: at("2026-03-30T15:00:00Z") },
    ]);
  });

  it("cuts a window that runs into the range from the day before", () => {
    const night = [weeklyHours.parse({ days: ["sunday"], start: "22:00", end: "06:00" })];
    expect(weeklyHoursWindows(night, "UTC", at("2026-05-04T00:00:00Z"), at("2026-05-05T00:00:00Z"))).toEqual([
      { start: at("2026-05-04T00:00:00Z"), end: at("2026-05-04T06:00:00Z") },
    ]);
  });
});

describe("zoneTime", () => {
  it("takes the first of a repeated wall time and moves one in a gap forward", () => {
    const berlin = zoneTime("Europe/Berlin");
    expect(berlin.toInstant(at("2026-10-25T02:30:00Z"))).toBe(at("2026-10-25T00:30:00Z")); // 02:30 CEST
    expect(berlin.toInstant(at("2026-03-29T02:30:00Z"))).toBe(at("2026-03-29T01:30:00Z")); // 03:30 CEST
    const newYork = zoneTime("America/New_York");
    expect(newYork.toInstant(at("2026-11-01T01:30:00Z"))).toBe(at("2026-11-01T05:30:00Z")); // 01:30 EDT
    expect(newYork.toWall(at("2026-11-01T06:30:00Z"))).toBe(at("2026-11-01T01:30:00Z")); // 01:30 EST
  });
});
