import { describe, expect, it } from "vitest";
import { buildPersonCalendar, buildScheduleCalendar } from "./ical.js";
import { scheduleSpec } from "./model.js";

const at = (iso: string) => Date.parse(iso);
const NOW = at("2026-06-10T12:00:00Z");

const primary = scheduleSpec.parse({
  timeZone: "Europe/Berlin",
  layers: [{ name: "weekly", participants: ["alice", "bob"], rotation: "weekly", start: "2026-01-05T09:00:00+01:00" }],
  overrides: [{ user: "carol", start: "2026-06-12T08:00:00Z", end: "2026-06-12T20:00:00Z", note: "swap" }],
});
const secondary = scheduleSpec.parse({
  layers: [{ name: "solo", participants: ["alice"], rotation: "daily", start: "2026-06-01T00:00:00Z" }],
});

/** The events of a feed as their properties, lines unfolded. */
function events(text: string): Record<string, string>[] {
  const lines = text.replace(/\r\n[ \t]/g, "").split("\r\n");
  const found: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT" && current) {
      found.push(current);
      current = undefined;
    } else if (current) {
      const colon = line.indexOf(":");
      current[line.slice(0, colon).split(";")[0]!] = line.slice(colon + 1);
    }
  }
  return found;
}

describe("schedule calendar", () => {
  it("lists the final shifts from a month back to a quarter ahead, the first one whole", () => {
    const text = buildScheduleCalendar("primary", primary, NOW);
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain("X-WR-CALNAME:On call: primary");
    const feed = events(text);
    // The window opens on Monday 2026-05-11 at 12:00Z; the week running then began at 09:00 CEST.
    expect(feed[0]).toMatchObject({ DTSTART: "20260511T070000Z", DTEND: "20260518T070000Z" });
    expect(feed.at(-1)?.DTEND).toBe("20260908T120000Z");
    const carol = feed.find((event) => event.SUMMARY === "carol on call (primary)");
    expect(carol).toMatchObject({
      DTSTART: "20260612T080000Z",
      DTEND: "20260612T200000Z",
      UID: "2026-06-12T08:00:00.000Z-carol@primary.schedules.nines",
      DTSTAMP: "20260610T120000Z",
    });
    expect(carol?.DESCRIPTION).toContain("override: swap");
  });

  it("keeps each shift's UID from one fetch to the next", () => {
    const uids = (now: number) => new Set(events(buildScheduleCalendar("primary", primary, now)).map((e) => e.UID));
    const today = uids(NOW);
    const tomorrow = uids(NOW + 86_400_000);
    const kept = [...today].filter((uid) => tomorrow.has(uid));
    expect(kept.length).toBe(today.size);
  });
});

describe("person calendar", () => {
  it("gathers one person's shifts across schedules with the schedules' UIDs", () => {
    const schedules = [
      { name: "primary", spec: primary },
      { name: "secondary", spec: secondary },
    ];
    const feed = events(buildPersonCalendar("alice", schedules, NOW));
    expect(new Set(feed.map((event) => event.SUMMARY))).toEqual(new Set(["On call: primary", "On call: secondary"]));
    const schedulesUids = new Set(events(buildScheduleCalendar("primary", primary, NOW)).map((event) => event.UID));
    const fromPrimary = feed.filter((event) => event.SUMMARY === "On call: primary");
    expect(fromPrimary.length).toBeGreaterThan(5);
    for (const event of fromPrimary) {
      expect(schedulesUids.has(event.UID)).toBe(true);
      expect(event.UID).toContain("-alice@");
    }
    expect(feed.find((event) => event.SUMMARY === "On call: secondary")).toMatchObject({ DTSTART: "20260601T000000Z" });
  });
});
