import { describe, expect, it } from "vitest";
import { describeWindow, findActiveWindow, findNextWindowChange, type MaintenanceWindow } from "./maintenance.js";
import { monitorSpec } from "./model.js";

const utc = (text: string) => Date.parse(`${text}Z`);

describe("findActiveWindow", () => {
  const upgrade: MaintenanceWindow = {
    name: "database upgrade",
    start: "2026-11-28T22:00:00+01:00",
    end: "2026-11-29T01:00:00+01:00",
  };

  it("holds a one-off window from its start (inclusive) to its end (exclusive), offsets applied", () => {
    expect(findActiveWindow([upgrade], utc("2026-11-28T20:59:59.999"))).toBeUndefined();
    expect(findActiveWindow([upgrade], utc("2026-11-28T21:00:00"))).toEqual({
      name: "database upgrade",
      start: utc("2026-11-28T21:00:00"),
      end: utc("2026-11-29T00:00:00"),
    });
    expect(findActiveWindow([upgrade], utc("2026-11-28T23:59:59.999"))?.name).toBe("database upgrade");
    expect(findActiveWindow([upgrade], utc("2026-11-29T00:00:00"))).toBeUndefined();
  });

  it("opens a recurring window at each occurrence, in its time zone", () => {
    const nightly: MaintenanceWindow = { schedule: "0 2 * * *", duration: "1h30m", timeZone: "America/New_York" };
    // 02:00 in New York in November is 07:00 UTC.
    expect(findActiveWindow([nightly], utc("2026-11-26T06:59:59"))).toBeUndefined();
    expect(findActiveWindow([nightly], utc("2026-11-26T07:00:00"))).toEqual({
      name: "0 2 * * * (America/New_York) for 1h30m",
      start: utc("2026-11-26T07:00:00"),
      end: utc("2026-11-26T08:30:00"),
    });
    expect(findActiveWindow([nightly], utc("2026-11-26T08:30:00"))).toBeUndefined();
  });

  describe("across daylight-saving switches in Europe/Berlin", () => {
    const nightly: MaintenanceWindow = {
      name: "backup",
      schedule: "30 2 * * *",
      duration: "1h",
      timeZone: "Europe/Berlin",
    };

    it("keeps 02:30 local on the days around the spring switch", () => {
      // 2026-03-28 is still CET (UTC+1); 2026-03-30 is CEST (UTC+2).
      expect(findActiveWindow([nightly], utc("2026-03-28T01:30:00"))?.start).toBe(utc("2026-03-28T01:30:00"));
      expect(findActiveWindow([nightly], utc("2026-03-30T00:30:00"))?.start).toBe(utc("2026-03-30T00:30:00"));
      expect(findActiveWindow([nightly], utc("2026-03-30T01:29:59"))?.end).toBe(utc("2026-03-30T01:30:00"));
    });

    it("opens at 03:00 local on 2026-03-29, when 02:30 does not exist, for one elapsed hour", () => {
      // Clocks jump from 02:00 CET to 03:00 CEST (01:00 UTC).
      expect(findActiveWindow([nightly], utc("2026-03-29T00:59:59"))).toBeUndefined();
      expect(findActiveWindow([nightly], utc("2026-03-29T01:00:00"))).toMatchObject({
        start: utc("2026-03-29T01:00:00"),
        end: utc("2026-03-29T02:00:00"),
      });
      expect(findActiveWindow([nightly], utc("2026-03-29T02:00:00"))).toBeUndefined();
    });

    it("opens once on 2026-10-25, when 02:30 happens twice, at the first one", () => {
      // 02:30 CEST is 00:30 UTC; clocks go back at 03:00 CEST (01:00 UTC) to 02:00 CET.
      expect(findActiveWindow([nightly], utc("2026-10-25T00:30:00"))).toMatchObject({
        start: utc("2026-10-25T00:30:00"),
        end: utc("2026-10-25T01:30:00"),
      });
      // The second 02:30 local (01:30 UTC) opens no second window.
      expect(findActiveWindow([nightly], utc("2026-10-25T01:30:00"))).toBeUndefined();
      expect(findActiveWindow([nightly], utc("2026-10-26T01:30:00"))?.start).toBe(utc("2026-10-26T01:30:00"));
    });

    it("plans the next change across the switch", () => {
      expect(findNextWindowChange([nightly], utc("2026-03-28T12:00:00"))).toBe(utc("2026-03-29T01:00:00"));
      expect(findNextWindowChange([nightly], utc("2026-03-29T01:00:00"))).toBe(utc("2026-03-29T02:00:00"));
      expect(findNextWindowChange([nightly], utc("2026-10-25T01:30:00"))).toBe(utc("2026-10-26T01:30:00"));
    });
  });

  it("picks the window that stays open longest when windows overlap", () => {
    const windows: MaintenanceWindow[] = [
      { name: "short", start: "2026-11-28T10:00:00Z", end: "2026-11-28T11:00:00Z" },
      { name: "long", start: "2026-11-28T10:30:00Z", end: "2026-11-28T12:00:00Z" },
    ];
    expect(findActiveWindow(windows, utc("2026-11-28T10:15:00"))?.name).toBe("short");
    expect(findActiveWindow(windows, utc("2026-11-28T10:45:00"))?.name).toBe("long");
  });
});

describe("findNextWindowChange", () => {
  it("is the next start or the open window's end, and nothing once every window is past", () => {
    const windows: MaintenanceWindow[] = [{ start: "2026-11-28T10:00:00Z", end: "2026-11-28T11:00:00Z" }];
    expect(findNextWindowChange(windows, utc("2026-11-28T09:00:00"))).toBe(utc("2026-11-28T10:00:00"));
    expect(findNextWindowChange(windows, utc("2026-11-28T10:00:00"))).toBe(utc("2026-11-28T11:00:00"));
    expect(findNextWindowChange(windows, utc("2026-11-28T11:00:00"))).toBeUndefined();
    expect(findNextWindowChange([], 0)).toBeUndefined();
  });
});

describe("describeWindow", () => {
  it("names a window by its name, or by its times", () => {
    expect(describeWindow({ start: "2026-11-28T10:00:00Z", end: "2026-11-28T11:00:00Z" })).toBe(
      "2026-11-28T10:00:00Z to 2026-11-28T11:00:00Z",
    );
  });
});

describe("maintenance in the Monitor spec", () => {
  const parse = (maintenance: unknown) =>
    monitorSpec.safeParse({ type: "http", url: "https://shop.example/health", maintenance });
  const messages = (maintenance: unknown) => parse(maintenance).error?.issues.map((issue) => issue.message) ?? [];

  it("takes one-off and recurring windows", () => {
    expect(
      parse([
        { start: "2026-11-28T22:00:00+01:00", end: "2026-11-29T01:00:00+01:00" },
        { name: "weekly", schedule: "0 2 * * 0", duration: "2h", timeZone: "Europe/Berlin" },
      ]).success,
    ).toBe(true);
  });

  it.each([
    [[{ start: "2026-11-28T22:00:00", end: "2026-11-29T01:00:00Z" }], /with a UTC offset/],
    [[{ start: "2026-11-28T22:00:00Z", end: "2026-11-28T21:00:00Z" }], /an end after the start/],
    [[{ schedule: "0 2 * *", duration: "2h", timeZone: "UTC" }], /expected a cron expression/],
    [[{ schedule: "0 2 * * *", duration: "2h", timeZone: "Europe/Berlln" }], /IANA time zone.*Europe\/Berlln/],
    [[{ schedule: "0 2 * * *", duration: "soon", timeZone: "UTC" }], /duration/],
  ])("rejects %j", (maintenance, message) => {
    expect(messages(maintenance).join("\n")).toMatch(message);
  });
});

describe("overlapping windows and the order they are listed in", () => {
  const window = (name: string, start: string, end: string): MaintenanceWindow => ({ name, start, end });

  it("holds the window that stays open longest, the first listed when two end together", () => {
    const long = window("long", "2026-11-28T20:00:00Z", "2026-11-28T23:00:00Z");
    const short = window("short", "2026-11-28T21:00:00Z", "2026-11-28T22:00:00Z");
    const alsoLong = window("also long", "2026-11-28T21:00:00Z", "2026-11-28T23:00:00Z");
    const at = utc("2026-11-28T21:30:00");
    expect(findActiveWindow([long, short], at)?.name).toBe("long");
    expect(findActiveWindow([short, long], at)?.name).toBe("long");
    expect(findActiveWindow([long, alsoLong], at)?.name).toBe("long");
  });

  it("looks again at the earliest change, whichever window it belongs to", () => {
    const later = window("later", "2026-11-29T10:00:00Z", "2026-11-29T11:00:00Z");
    const sooner = window("sooner", "2026-11-28T10:00:00Z", "2026-11-28T11:00:00Z");
    expect(findNextWindowChange([later, sooner], utc("2026-11-28T00:00:00"))).toBe(utc("2026-11-28T10:00:00"));
  });

  it("is never open and never changes for a schedule that never occurs", () => {
    const never: MaintenanceWindow = { schedule: "0 0 31 2 *", duration: "1h", timeZone: "UTC" };
    expect(findActiveWindow([never], utc("2026-11-28T00:00:00"))).toBeUndefined();
    expect(findNextWindowChange([never], utc("2026-11-28T00:00:00"))).toBeUndefined();
  });
});
