import { describe, expect, it } from "vitest";
import { type ScheduleSpec, scheduleSpec } from "./model.js";
import { onCallAt, resolveFinalSchedule, type Shift } from "./schedule.js";

const at = (iso: string) => Date.parse(iso);
const schedule = (spec: Record<string, unknown>): ScheduleSpec => scheduleSpec.parse(spec);
const shown = (shifts: Shift[]) =>
  shifts.map((shift) => ({
    user: shift.user,
    start: new Date(shift.start).toISOString(),
    end: new Date(shift.end).toISOString(),
    source: shift.source,
  }));
const who = (spec: ScheduleSpec, iso: string) => onCallAt(spec, at(iso))?.user;

describe("rotations across DST in Europe/Berlin", () => {
  // Monday 09:00 handoffs; Berlin springs forward on Sunday 2026-03-29 and falls back on 2026-10-25.
  const weekly = (start: string) =>
    schedule({
      timeZone: "Europe/Berlin",
      layers: [{ name: "primary", participants: ["alice", "bob"], rotation: "weekly", start }],
    });

  it("keeps a weekly handoff at 09:00 local across the spring switch (a 167-hour week)", () => {
    const spec = weekly("2026-03-16T09:00:00+01:00");
    expect(shown(resolveFinalSchedule(spec, at("2026-03-16T08:00:00Z"), at("2026-04-06T07:00:00Z")))).toEqual([
      {
        user: "alice",
        start: "2026-03-16T08:00:00.000Z",
        end: "2026-03-23T08:00:00.000Z",
        source: { layer: "primary" },
      },
      { user: "bob", start: "2026-03-23T08:00:00.000Z", end: "2026-03-30T07:00:00.000Z", source: { layer: "primary" } },
      {
        user: "alice",
        start: "2026-03-30T07:00:00.000Z",
        end: "2026-04-06T07:00:00.000Z",
        source: { layer: "primary" },
      },
    ]);
    expect(who(spec, "2026-03-30T06:59:59.999Z")).toBe("bob");
    expect(who(spec, "2026-03-30T07:00:00Z")).toBe("alice");
  });

  it("keeps it at 09:00 local across the autumn switch (a 169-hour week)", () => {
    const spec = weekly("2026-10-19T09:00:00+02:00");
    const [first, second] = resolveFinalSchedule(spec, at("2026-10-19T07:00:00Z"), at("2026-11-02T08:00:00Z"));
    expect(shown([first!, second!]).map((shift) => [shift.user, shift.start, shift.end])).toEqual([
      ["alice", "2026-10-19T07:00:00.000Z", "2026-10-26T08:00:00.000Z"],
      ["bob", "2026-10-26T08:00:00.000Z", "2026-11-02T08:00:00.000Z"],
    ]);
    expect(who(spec, "2026-10-26T07:59:59.999Z")).toBe("alice");
  });

  it("rotates a custom length in elapsed time, so its local handoff moves with DST", () => {
    const spec = schedule({
      timeZone: "Europe/Berlin",
      layers: [{ name: "halves", participants: ["alice", "bob"], rotation: "12h", start: "2026-03-28T20:00:00+01:00" }],
    });
    // 20:00 CET + 12h is 09:00 CEST, not 08:00.
    expect(who(spec, "2026-03-29T06:59:59.999Z")).toBe("alice");
    expect(who(spec, "2026-03-29T07:00:00Z")).toBe("bob");
    expect(who(spec, "2026-03-29T19:00:00Z")).toBe("alice");
  });

  it("moves a handoff that falls in the spring-forward gap forward by the gap, for that day only", () => {
    const spec = schedule({
      timeZone: "Europe/Berlin",
      layers: [
        { name: "nights", participants: ["a", "b", "c"], rotation: "daily", start: "2026-03-28T02:30:00+01:00" },
      ],
    });
    const handoffs = resolveFinalSchedule(spec, at("2026-03-28T00:00:00Z"), at("2026-03-31T00:00:00Z")).map((shift) =>
      new Date(shift.end).toISOString(),
    );
    // 02:30 does not exist on the 29th: 03:30 CEST (01:30Z); the 30th is 02:30 CEST again.
    expect(handoffs).toEqual(["2026-03-29T01:30:00.000Z", "2026-03-30T00:30:00.000Z", "2026-03-31T00:00:00.000Z"]);
  });
});

describe("rotations across DST in America/New_York", () => {
  // New York springs forward on Sunday 2026-03-08 and falls back on Sunday 2026-11-01.
  const daily = (start: string) =>
    schedule({
      timeZone: "America/New_York",
      layers: [{ name: "day", participants: ["ann", "ben", "cat"], rotation: "daily", start }],
    });

  it("keeps a daily handoff at 09:00 local across the spring switch", () => {
    const spec = daily("2026-03-06T09:00:00-05:00");
    const shifts = resolveFinalSchedule(spec, at("2026-03-06T14:00:00Z"), at("2026-03-10T13:00:00Z"));
    expect(shown(shifts).map((shift) => [shift.user, shift.start])).toEqual([
      ["ann", "2026-03-06T14:00:00.000Z"],
      ["ben", "2026-03-07T14:00:00.000Z"],
      ["cat", "2026-03-08T13:00:00.000Z"],
      ["ann", "2026-03-09T13:00:00.000Z"],
    ]);
  });

  it("keeps it across the autumn switch, a 25-hour day", () => {
    const spec = daily("2026-10-30T09:00:00-04:00");
    // ben from Saturday 09:00 EDT (13:00Z) to Sunday 09:00 EST (14:00Z).
    expect(who(spec, "2026-10-31T13:00:00Z")).toBe("ben");
    expect(who(spec, "2026-11-01T13:59:59.999Z")).toBe("ben");
    expect(who(spec, "2026-11-01T14:00:00Z")).toBe("cat");
    expect(who(spec, "2026-11-02T13:59:59.999Z")).toBe("cat");
    expect(who(spec, "2026-11-02T14:00:00Z")).toBe("ann");
  });

  it("turns far from the start land on the right person and local time", () => {
    const spec = daily("2026-01-05T09:00:00-05:00");
    // 2026-07-01 is day 177 after 2026-01-05: 177 % 3 == 0, ann, at 09:00 EDT.
    expect(who(spec, "2026-07-01T12:59:59Z")).toBe("cat");
    expect(who(spec, "2026-07-01T13:00:00Z")).toBe("ann");
  });
});

describe("restrictions", () => {
  const layered = schedule({
    timeZone: "Europe/Berlin",
    layers: [
      { name: "around the clock", participants: ["night"], rotation: "weekly", start: "2026-03-02T09:00:00+01:00" },
      {
        name: "office",
        participants: ["dana", "eric"],
        rotation: "weekly",
        start: "2026-03-02T09:00:00+01:00",
        restrictions: [
          { days: ["monday", "tuesday", "wednesday", "thursday", "friday"], start: "09:00", end: "17:00" },
        ],
      },
    ],
  });

  it("limits a layer to its weekly hours in the schedule's zone, the layer below answering outside", () => {
    expect(who(layered, "2026-03-27T15:59:59Z")).toBe("eric"); // Friday 16:59 CET
    expect(who(layered, "2026-03-27T16:00:00Z")).toBe("night"); // Friday 17:00 CET
    expect(who(layered, "2026-03-28T10:00:00Z")).toBe("night"); // Saturday
    expect(onCallAt(layered, at("2026-03-28T10:00:00Z"))?.source).toEqual({ layer: "around the clock" });
    // Monday after the spring switch: 09:00 CEST is 07:00Z, and the office week has turned.
    expect(who(layered, "2026-03-30T06:59:59Z")).toBe("night");
    expect(who(layered, "2026-03-30T07:00:00Z")).toBe("dana");
    expect(who(layered, "2026-03-30T14:59:59Z")).toBe("dana");
    expect(who(layered, "2026-03-30T15:00:00Z")).toBe("night");
  });

  it("leaves nobody on call outside the hours of the only layer", () => {
    const spec = schedule({
      timeZone: "America/New_York",
      layers: [
        {
          name: "nights",
          participants: ["owl"],
          rotation: "daily",
          start: "2026-10-26T00:00:00-04:00",
          restrictions: [{ days: ["saturday"], start: "18:00", end: "08:00" }],
        },
      ],
    });
    // Saturday 18:00 EDT to Sunday 08:00 EST, across the fall-back night: 15 hours.
    expect(shown(resolveFinalSchedule(spec, at("2026-10-26T00:00:00Z"), at("2026-11-07T00:00:00Z")))).toEqual([
      { user: "owl", start: "2026-10-31T22:00:00.000Z", end: "2026-11-01T13:00:00.000Z", source: { layer: "nights" } },
    ]);
    expect(onCallAt(spec, at("2026-11-01T13:00:00Z"))).toBeUndefined();
  });
});

describe("layers, overrides and merging", () => {
  const base = {
    timeZone: "UTC",
    layers: [
      { name: "first", participants: ["ann", "ben"], rotation: "daily", start: "2026-05-01T00:00:00Z" },
      {
        name: "second",
        participants: ["cal"],
        rotation: "daily",
        start: "2026-05-03T00:00:00Z",
        end: "2026-05-04T12:00:00Z",
      },
    ],
  };

  it("lets a later layer override earlier ones while it runs, and stops at its end", () => {
    const spec = schedule(base);
    expect(who(spec, "2026-04-30T23:59:59Z")).toBeUndefined();
    expect(who(spec, "2026-05-02T12:00:00Z")).toBe("ben");
    expect(who(spec, "2026-05-03T00:00:00Z")).toBe("cal");
    expect(who(spec, "2026-05-04T11:59:59Z")).toBe("cal");
    expect(who(spec, "2026-05-04T12:00:00Z")).toBe("ben");
  });

  it("puts overrides over every layer, later overrides over earlier ones", () => {
    const spec = schedule({
      ...base,
      overrides: [
        { user: "dee", start: "2026-05-03T06:00:00Z", end: "2026-05-03T18:00:00Z", note: "swap" },
        { user: "eve", start: "2026-05-03T10:00:00Z", end: "2026-05-03T12:00:00Z" },
      ],
    });
    expect(shown(resolveFinalSchedule(spec, at("2026-05-03T00:00:00Z"), at("2026-05-04T00:00:00Z")))).toEqual([
      { user: "cal", start: "2026-05-03T00:00:00.000Z", end: "2026-05-03T06:00:00.000Z", source: { layer: "second" } },
      { user: "dee", start: "2026-05-03T06:00:00.000Z", end: "2026-05-03T10:00:00.000Z", source: { override: 0 } },
      { user: "eve", start: "2026-05-03T10:00:00.000Z", end: "2026-05-03T12:00:00.000Z", source: { override: 1 } },
      { user: "dee", start: "2026-05-03T12:00:00.000Z", end: "2026-05-03T18:00:00.000Z", source: { override: 0 } },
      { user: "cal", start: "2026-05-03T18:00:00.000Z", end: "2026-05-04T00:00:00.000Z", source: { layer: "second" } },
    ]);
  });

  it("merges adjacent shifts of one person, keeping the source the shift begins with", () => {
    const spec = schedule({
      ...base,
      overrides: [{ user: "ben", start: "2026-05-01T18:00:00Z", end: "2026-05-02T00:00:00Z" }],
    });
    // ann until 18:00, then ben by override, then ben's own day: one shift.
    expect(shown(resolveFinalSchedule(spec, at("2026-05-01T00:00:00Z"), at("2026-05-03T00:00:00Z")))).toEqual([
      { user: "ann", start: "2026-05-01T00:00:00.000Z", end: "2026-05-01T18:00:00.000Z", source: { layer: "first" } },
      { user: "ben", start: "2026-05-01T18:00:00.000Z", end: "2026-05-03T00:00:00.000Z", source: { override: 0 } },
    ]);
    // At an instant, the source is the one that answers then.
    expect(onCallAt(spec, at("2026-05-02T06:00:00Z"))).toEqual({ user: "ben", source: { layer: "first" } });
  });

  it("merges the turns of a one-person layer and cuts shifts to the range asked", () => {
    const spec = schedule({
      timeZone: "Europe/Berlin",
      layers: [{ name: "solo", participants: ["sam"], rotation: "daily", start: "2026-06-01T09:00:00+02:00" }],
    });
    expect(shown(resolveFinalSchedule(spec, at("2026-06-03T00:00:00Z"), at("2026-06-10T00:00:00Z")))).toEqual([
      { user: "sam", start: "2026-06-03T00:00:00.000Z", end: "2026-06-10T00:00:00.000Z", source: { layer: "solo" } },
    ]);
    expect(resolveFinalSchedule(spec, at("2026-06-10T00:00:00Z"), at("2026-06-10T00:00:00Z"))).toEqual([]);
  });
});
