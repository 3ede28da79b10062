import { describe, expect, it } from "vitest";
import {
  describeMissedPing,
  findHeartbeatAnchor,
  type HeartbeatTiming,
  planHeartbeatDeadline,
  toHeartbeatUrl,
} from "./heartbeat.js";
import { monitorSpec } from "./model.js";

const utc = (text: string) => Date.parse(`${text}Z`);
const MINUTE = 60_000;
const every5m: HeartbeatTiming = { period: "5m", grace: "1m" };
const PING = utc("2026-11-26T12:00:00");

describe("planHeartbeatDeadline", () => {
  it("expects the next ping a period after the last, and gives up after the grace", () => {
    expect(planHeartbeatDeadline(every5m, PING, PING)).toEqual({
      expectedAt: PING + 5 * MINUTE,
      deadline: PING + 6 * MINUTE,
    });
    // Still the same deadline while it is ahead, up to the instant before it passes.
    expect(planHeartbeatDeadline(every5m, PING, PING + 6 * MINUTE - 1)?.deadline).toBe(PING + 6 * MINUTE);
  });

  it("after a missed ping, expects the next one a period after the missed one", () => {
    expect(planHeartbeatDeadline(every5m, PING + 5 * MINUTE, PING + 6 * MINUTE)).toEqual({
      expectedAt: PING + 10 * MINUTE,
      deadline: PING + 11 * MINUTE,
    });
  });

  it("skips due times whose deadline passed while nobody watched", () => {
    // The server was down from 12:01 to 12:30: the pings due at 12:05 ... 12:25 had nowhere to go.
    expect(planHeartbeatDeadline(every5m, PING, utc("2026-11-26T12:30:00"))).toEqual({
      expectedAt: utc("2026-11-26T12:30:00"),
      deadline: utc("2026-11-26T12:31:00"),
    });
  });

  it("expects a cron job at its next run, in its time zone, across a daylight-saving switch", () => {
    const nightly: HeartbeatTiming = { period: "30 2 * * *", grace: "15m", timeZone: "Europe/Berlin" };
    // 02:30 does not exist in Berlin on 2026-03-29: the job runs at 03:00 CEST (01:00 UTC).
    expect(planHeartbeatDeadline(nightly, utc("2026-03-28T01:31:00"), utc("2026-03-28T12:00:00"))).toEqual({
      expectedAt: utc("2026-03-29T01:00:00"),
      deadline: utc("2026-03-29T01:15:00"),
    });
    // And once on 2026-10-25, when 02:30 happens twice: at the first one (00:30 UTC).
    expect(planHeartbeatDeadline(nightly, utc("2026-10-24T00:31:00"), utc("2026-10-24T12:00:00"))?.expectedAt).toBe(
      utc("2026-10-25T00:30:00"),
    );
  });

  it("takes a run a cron job is late for but still within its grace", () => {
    const hourly: HeartbeatTiming = { period: "0 * * * *", grace: "10m" };
    expect(planHeartbeatDeadline(hourly, utc("2026-11-26T11:00:05"), utc("2026-11-26T12:05:00"))).toEqual({
      expectedAt: utc("2026-11-26T12:00:00"),
      deadline: utc("2026-11-26T12:10:00"),
    });
  });
});

describe("findHeartbeatAnchor", () => {
  const created = utc("2026-11-01T00:00:00");
  const now = utc("2026-11-26T12:00:00");

  it("counts from the last ping, or from creation", () => {
    expect(findHeartbeatAnchor({ state: "up", since: 0, lastPingAt: PING - MINUTE }, created, now)).toBe(PING - MINUTE);
    expect(findHeartbeatAnchor({ state: "down", since: 0, lastPingAt: null }, created, now)).toBe(created);
    expect(findHeartbeatAnchor(undefined, created, now)).toBe(created);
  });

  it("counts a new or resumed monitor from when it became pending, and one being resumed from now", () => {
    expect(findHeartbeatAnchor({ state: "pending", since: PING, lastPingAt: null }, created, now)).toBe(PING);
    expect(findHeartbeatAnchor({ state: "paused", since: created, lastPingAt: created }, created, now)).toBe(now);
  });
});

describe("describeMissedPing", () => {
  it("says since when, and what was expected", () => {
    expect(describeMissedPing(every5m, PING)).toBe("no ping since 2026-11-26 12:00:00Z (expected every 5m, grace 1m)");
    expect(describeMissedPing({ period: "0 3 * * *", grace: "10m", timeZone: "Europe/Berlin" }, null)).toBe(
      'no ping yet (expected at "0 3 * * *" Europe/Berlin, grace 10m)',
    );
  });
});

describe("the heartbeat spec", () => {
  it("accepts the smallest form and fills in the defaults", () => {
    expect(monitorSpec.parse({ type: "heartbeat", period: "5m", grace: "1m" })).toEqual({
      type: "heartbeat",
      period: "5m",
      grace: "1m",
      failureThreshold: 1,
      recoveryThreshold: 1,
      paused: false,
    });
  });

  it.each([
    [{ period: "5s" }, "/period", /from 10s to 31d/],
    [{ period: "every day" }, "/period", /or a cron expression/],
    [{ period: "5m", timeZone: "Europe/Berlin" }, "/timeZone", /cron period only/],
    [{ period: "0 3 * * *", timeZone: "Mars/Olympus" }, "/timeZone", /IANA time zone/],
    [{ period: "5m", interval: "30s" }, "", /interval/],
  ])("rejects %j", (fields, path, message) => {
    const issues = monitorSpec.safeParse({ type: "heartbeat", ...fields }).error?.issues ?? [];
    expect(issues.map((issue) => `/${issue.path.join("/")}`.replace(/^\/$/, ""))).toContain(path);
    expect(issues.map((issue) => issue.message ?? JSON.stringify(issue)).join("\n")).toMatch(message);
  });

  it("has a push URL only as a heartbeat with a token", () => {
    expect(toHeartbeatUrl(true, "abc")).toBe("/api/v1/heartbeat/abc");
    expect(toHeartbeatUrl(true, null)).toBeNull();
    expect(toHeartbeatUrl(false, "abc")).toBeNull();
  });
});
