import { describe, expect, it } from "vitest";
import type { ChannelSpec } from "../notify/model.js";
import { computeEscalationStep, type EscalationLookups, nextPosition } from "./escalation.js";
import { escalationPolicySpec, type ScheduleSpec, scheduleSpec, type UserSpec, userSpec } from "./model.js";

const inbox = (name: string): ChannelSpec => ({ type: "inbox", name });
const user = (spec: Record<string, unknown>) => userSpec.parse({ contactMethods: [inbox("default")], ...spec });

const users: Record<string, UserSpec> = {
  alice: user({ timeZone: "Europe/Berlin" }),
  bob: user({ timeZone: "Asia/Tokyo", contactMethods: [inbox("bob-phone"), inbox("bob-mail")] }),
  carol: user({ timeZone: "America/New_York" }),
  mute: user({ contactMethods: [] }),
};
const schedules: Record<string, ScheduleSpec> = {
  primary: scheduleSpec.parse({
    layers: [{ name: "weekly", participants: ["bob", "alice"], rotation: "weekly", start: "2026-01-05T00:00:00Z" }],
  }),
  future: scheduleSpec.parse({
    layers: [{ name: "later", participants: ["alice"], rotation: "daily", start: "2027-01-01T00:00:00Z" }],
  }),
};
const lookups: EscalationLookups = {
  schedule: (name) => schedules[name],
  user: (name) => users[name],
  receiverChannels: (name) => (name === "ops" ? [inbox("ops"), inbox("ops-2")] : name === "bare" ? [] : undefined),
};

// Monday 5 January 2026, 12:00 UTC: 13:00 in Berlin, 21:00 in Tokyo, 07:00 in New York.
const MONDAY_NOON = Date.UTC(2026, 0, 5, 12);

const policy = (spec: Record<string, unknown>) => escalationPolicySpec.parse(spec);

describe("computeEscalationStep", () => {
  it("notifies every contact method of the level's users, the schedule's on-call and the receiver's channels", () => {
    const step = computeEscalationStep(
      policy({
        levels: [{ targets: [{ user: "alice" }, { schedule: "primary" }, { receiver: "ops" }], timeout: "10m" }],
      }),
      { level: 0, round: 0 },
      MONDAY_NOON,
      lookups,
    );
    expect(step.outcome).toBe("notify");
    if (step.outcome !== "notify") return;
    expect(step.nextAt).toBe(MONDAY_NOON + 10 * 60_000);
    expect(step.attempt.contacts.map((contact) => [contact.recipient, contact.via, contact.channelIndex])).toEqual([
      ["alice", "user", 0],
      ["bob", "schedule:primary", 0],
      ["bob", "schedule:primary", 1],
      ["receiver:ops", "receiver:ops", 0],
      ["receiver:ops", "receiver:ops", 1],
    ]);
    expect(step.attempt.skipped).toEqual([]);
  });

  it("follows the schedule's rotation: the second week is alice's", () => {
    const step = computeEscalationStep(
      policy({ levels: [{ targets: [{ schedule: "primary" }] }] }),
      { level: 0, round: 0 },
      MONDAY_NOON + 7 * 86_400_000,
      lookups,
    );
    expect(step.outcome === "notify" && step.attempt.contacts.map((contact) => contact.user)).toEqual(["alice"]);
  });

  it("pages a person reached twice at one level once", () => {
    const step = computeEscalationStep(
      policy({ levels: [{ targets: [{ user: "bob" }, { schedule: "primary" }] }] }),
      { level: 0, round: 0 },
      MONDAY_NOON,
      lookups,
    );
    expect(step.outcome === "notify" && step.attempt.contacts.map((contact) => contact.via)).toEqual(["user", "user"]);
  });

  it("skips, with the reason, a responder in their local night when the level is for working hours only", () => {
    const step = computeEscalationStep(
      policy({ levels: [{ targets: [{ user: "bob" }, { user: "alice" }], onlyWorkingHours: true }] }),
      { level: 0, round: 0 },
      MONDAY_NOON,
      lookups,
    );
    expect(step.outcome).toBe("notify");
    if (step.outcome !== "notify") return;
    expect(step.attempt.contacts.map((contact) => contact.user)).toEqual(["alice"]);
    expect(step.attempt.skipped).toEqual([
      { recipient: "bob", user: "bob", via: "user", reason: "outside working hours (Monday 21:00 in Asia/Tokyo)" },
    ]);
  });

  it("counts working hours to the minute: 17:00 in Berlin is already after hours, 16:59 is not", () => {
    const level = policy({ levels: [{ targets: [{ user: "alice" }], onlyWorkingHours: true }] });
    const at = (ms: number) => computeEscalationStep(level, { level: 0, round: 0 }, ms, lookups).outcome;
    expect(at(Date.UTC(2026, 0, 5, 15, 59))).toBe("notify");
    expect(at(Date.UTC(2026, 0, 5, 16, 0))).toBe("exhausted");
    // Saturday at noon in Berlin: not a working day.
    expect(at(Date.UTC(2026, 0, 10, 11))).toBe("exhausted");
  });

  it("moves on at once to the next level when everybody at a level is skipped", () => {
    const step = computeEscalationStep(
      policy({
        levels: [
          { targets: [{ user: "bob" }, { user: "carol" }], onlyWorkingHours: true, timeout: "5m" },
          { targets: [{ user: "alice" }], timeout: "15m" },
        ],
      }),
      { level: 0, round: 0 },
      MONDAY_NOON,
      lookups,
    );
    expect(step.outcome).toBe("notify");
    if (step.outcome !== "notify") return;
    expect(step.attempt).toMatchObject({ level: 1, round: 0 });
    expect(step.nextAt).toBe(MONDAY_NOON + 15 * 60_000);
    expect(step.passed).toEqual([
      {
        level: 0,
        round: 0,
        contacts: [],
        skipped: [
          { recipient: "bob", user: "bob", via: "user", reason: "outside working hours (Monday 21:00 in Asia/Tokyo)" },
          {
            recipient: "carol",
            user: "carol",
            via: "user",
            reason: "outside working hours (Monday 07:00 in America/New_York)",
          },
        ],
      },
    ]);
  });

  it("names why a target reached nobody: unknown objects, nobody on call, no contact methods, no channels", () => {
    const step = computeEscalationStep(
      policy({
        levels: [
          {
            targets: [
              { user: "nobody" },
              { user: "mute" },
              { schedule: "future" },
              { schedule: "missing" },
              { receiver: "bare" },
              { receiver: "gone" },
            ],
          },
        ],
      }),
      { level: 0, round: 0 },
      MONDAY_NOON,
      lookups,
    );
    expect(step.outcome).toBe("exhausted");
    expect(step.passed[0]?.skipped.map((skip) => `${skip.recipient}: ${skip.reason}`)).toEqual([
      'nobody: no User named "nobody"',
      "mute: no contact methods",
      "schedule:future: nobody is on call",
      'schedule:missing: no Schedule named "missing"',
      "receiver:bare: the Receiver has no channels",
      'receiver:gone: no Receiver named "gone"',
    ]);
  });

  it("starts the levels again for each repeat, and is exhausted after the last round", () => {
    const twoLevels = policy({
      levels: [{ targets: [{ user: "alice" }] }, { targets: [{ user: "carol" }] }],
      repeat: 1,
    });
    expect(nextPosition(twoLevels, { level: 0, round: 0 })).toEqual({ level: 1, round: 0 });
    expect(nextPosition(twoLevels, { level: 1, round: 0 })).toEqual({ level: 0, round: 1 });
    expect(nextPosition(twoLevels, { level: 1, round: 1 })).toBeUndefined();
    const step = computeEscalationStep(twoLevels, { level: 0, round: 1 }, MONDAY_NOON, lookups);
    expect(step.outcome === "notify" && step.attempt).toMatchObject({ level: 0, round: 1 });
    expect(computeEscalationStep(twoLevels, undefined, MONDAY_NOON, lookups)).toEqual({
      outcome: "exhausted",
      passed: [],
    });
  });

  it("is exhausted when every remaining level of every round has nobody to notify", () => {
    const nightOnly = policy({ levels: [{ targets: [{ user: "bob" }], onlyWorkingHours: true }], repeat: 2 });
    const step = computeEscalationStep(nightOnly, { level: 0, round: 0 }, MONDAY_NOON, lookups);
    expect(step.outcome).toBe("exhausted");
    expect(step.passed.map((attempt) => attempt.round)).toEqual([0, 1, 2]);
  });
});
