import { describe, expect, it } from "vitest";
import { computeOnCallHealth, type PageRecord, summarizeTimes, toOnCallPeople } from "./health.js";
import { teamSpec, userSpec } from "./model.js";

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;

const people = toOnCallPeople(
  [
    { name: "alice", spec: userSpec.parse({ timeZone: "Europe/Berlin" }) },
    { name: "bob", spec: userSpec.parse({ timeZone: "America/New_York" }) },
    { name: "quiet", spec: userSpec.parse({}) },
  ],
  [
    { name: "checkout", spec: teamSpec.parse({ members: [{ user: "alice" }, { user: "bob" }] }) },
    { name: "search", spec: teamSpec.parse({ members: [{ user: "bob" }] }) },
  ],
);

const page = (id: number, created: string, fields: Partial<PageRecord>): PageRecord => ({
  id,
  createdAt: at(created),
  acknowledgedAt: null,
  resolvedAt: null,
  notified: [],
  acknowledgedBy: null,
  ...fields,
});

// Two weeks from Monday 2026-03-02; New York switches to EDT on the 8th.
const FROM = at("2026-03-02T00:00:00Z");
const TO = at("2026-03-16T00:00:00Z");

const PAGES = [
  // Tuesday 10:00 Berlin: within alice's hours; acknowledged after 4 minutes, resolved after 30.
  page(1, "2026-03-03T09:00:00Z", {
    notified: [{ user: "alice", at: at("2026-03-03T09:00:00Z") }],
    acknowledgedBy: "alice",
    acknowledgedAt: at("2026-03-03T09:04:00Z"),
    resolvedAt: at("2026-03-03T09:30:00Z"),
  }),
  // Wednesday 03:00 Berlin (outside for alice), escalated to bob at 21:10 New York (outside for him too).
  page(2, "2026-03-04T02:00:00Z", {
    notified: [
      { user: "alice", at: at("2026-03-04T02:00:00Z") },
      { user: "alice", at: at("2026-03-04T02:05:00Z") },
      { user: "bob", at: at("2026-03-04T02:10:00Z") },
    ],
    acknowledgedBy: "bob",
    acknowledgedAt: at("2026-03-04T02:12:00Z"),
    resolvedAt: at("2026-03-04T04:00:00Z"),
  }),
  // Monday 09:30 EDT (13:30Z): within bob's hours only after New York's switch; never acknowledged.
  page(3, "2026-03-09T13:30:00Z", { notified: [{ user: "bob", at: at("2026-03-09T13:30:00Z") }] }),
  // Outside the range: not counted.
  page(4, "2026-03-16T00:00:00Z", { notified: [{ user: "alice", at: at("2026-03-16T00:00:00Z") }] }),
];

describe("computeOnCallHealth", () => {
  const health = computeOnCallHealth(PAGES, people, FROM, TO);
  const person = (name: string) => health.people.find((entry) => entry.user === name);
  const team = (name: string) => health.teams.find((entry) => entry.team === name);

  it("counts each person's pages per week and those outside their working hours, in their zone", () => {
    expect(person("alice")).toMatchObject({ pages: 2, pagesPerWeek: 1, outsideWorkingHours: 1 });
    expect(person("bob")).toMatchObject({ pages: 2, pagesPerWeek: 1, outsideWorkingHours: 1 });
    expect(person("quiet")).toMatchObject({ pages: 0, pagesPerWeek: 0, outsideWorkingHours: 0 });
  });

  it("times a person over the pages they acknowledged", () => {
    expect(person("alice")?.timeToAcknowledge).toEqual({ count: 1, medianMs: 4 * MINUTE, meanMs: 4 * MINUTE });
    expect(person("bob")?.timeToAcknowledge).toEqual({ count: 1, medianMs: 12 * MINUTE, meanMs: 12 * MINUTE });
    expect(person("bob")?.timeToResolve).toEqual({ count: 1, medianMs: 120 * MINUTE, meanMs: 120 * MINUTE });
    expect(person("quiet")?.timeToResolve).toEqual({ count: 0, medianMs: null, meanMs: null });
  });

  it("counts a page once per team, outside when it reached a member outside their hours", () => {
    expect(team("checkout")).toMatchObject({ pages: 3, outsideWorkingHours: 1 });
    expect(team("checkout")?.timeToAcknowledge).toEqual({ count: 2, medianMs: 8 * MINUTE, meanMs: 8 * MINUTE });
    expect(team("checkout")?.timeToResolve).toEqual({ count: 2, medianMs: 75 * MINUTE, meanMs: 75 * MINUTE });
    expect(team("search")).toMatchObject({ pages: 2, outsideWorkingHours: 1 });
  });

  it("still counts someone no longer a User, never as outside their hours", () => {
    const gone = computeOnCallHealth(
      [page(5, "2026-03-05T02:00:00Z", { notified: [{ user: "ghost", at: at("2026-03-05T02:00:00Z") }] })],
      people,
      FROM,
      TO,
    );
    expect(gone.people.find((entry) => entry.user === "ghost")).toMatchObject({ pages: 1, outsideWorkingHours: 0 });
  });
});

describe("summarizeTimes", () => {
  it("gives the median (the middle two averaged) and the mean", () => {
    expect(summarizeTimes([1, 9, 2])).toEqual({ count: 3, medianMs: 2, meanMs: 4 });
    expect(summarizeTimes([4, 1, 3, 10])).toEqual({ count: 4, medianMs: 3.5, meanMs: 4.5 });
  });
});
