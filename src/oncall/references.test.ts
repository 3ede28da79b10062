import { describe, expect, it } from "vitest";
import type { NinesDocument } from "../config/document.js";
import { validateDocuments } from "../config/load.js";
import { checkReferences, findReferrers, listReferences } from "../config/object-references.js";
import { KINDS } from "../kinds.js";
import { hideUserCredentials } from "./kinds.js";

const doc = (kind: string, name: string, spec: Record<string, unknown>): NinesDocument => ({
  apiVersion: "nines/v1",
  kind,
  metadata: { name },
  spec,
});
const user = (name: string) => doc("User", name, {});
const layer = (extra: Record<string, unknown> = {}) => ({
  name: "weekly",
  participants: ["alice", "bob"],
  rotation: "weekly",
  start: "2026-11-30T09:00:00+01:00",
  ...extra,
});
const check = (documents: NinesDocument[]) =>
  checkReferences(
    KINDS,
    documents.map((document) => ({ document })),
  );

describe("on-call references", () => {
  it("lists what Teams, Schedules and EscalationPolicies name", () => {
    const team = doc("Team", "checkout", {
      members: [{ user: "alice" }, { user: "bob" }],
      escalationPolicy: "checkout",
    });
    expect(listReferences(KINDS, team).map((field) => [field.path.join("/"), field.kind, field.name])).toEqual([
      ["spec/members/0/user", "User", "alice"],
      ["spec/members/1/user", "User", "bob"],
      ["spec/escalationPolicy", "EscalationPolicy", "checkout"],
    ]);
    const schedule = doc("Schedule", "primary", {
      team: "checkout",
      layers: [layer()],
      overrides: [{ user: "carol", start: "2026-12-01T00:00:00Z", end: "2026-12-02T00:00:00Z" }],
    });
    expect(listReferences(KINDS, schedule).map((field) => [field.path.join("/"), field.kind, field.name])).toEqual([
      ["spec/team", "Team", "checkout"],
      ["spec/layers/0/participants/0", "User", "alice"],
      ["spec/layers/0/participants/1", "User", "bob"],
      ["spec/overrides/0/user", "User", "carol"],
    ]);
    const policy = doc("EscalationPolicy", "checkout", {
      levels: [{ targets: [{ schedule: "primary" }, { user: "alice" }] }, { targets: [{ receiver: "managers" }] }],
    });
    expect(listReferences(KINDS, policy).map((field) => [field.path.join("/"), field.kind, field.name])).toEqual([
      ["spec/levels/0/targets/0/schedule", "Schedule", "primary"],
      ["spec/levels/0/targets/1/user", "User", "alice"],
      ["spec/levels/1/targets/0/receiver", "Receiver", "managers"],
    ]);
  });

  it("refuses a schedule naming a user who does not exist, suggesting the closest", () => {
    const schedule = doc("Schedule", "primary", { layers: [layer({ participants: ["alice", "bobb"] })] });
    expect(check([user("alice"), user("bob"), schedule])).toEqual([
      { message: 'User "bobb" does not exist; did you mean "bob"?', path: "/spec/layers/0/participants/1" },
    ]);
  });

  it("finds the schedules and teams still naming a user before deleting them", () => {
    const team = doc("Team", "checkout", { members: [{ user: "bob" }] });
    const schedule = doc("Schedule", "primary", { layers: [layer()] });
    expect(findReferrers(KINDS, [{ kind: "User", name: "bob" }], [team, schedule]).map((r) => r.path)).toEqual([
      "/spec/members/0/user",
      "/spec/layers/0/participants/1",
    ]);
  });

  it("refuses an override outside the time of every layer", () => {
    const overrides = [
      { user: "alice", start: "2026-12-01T00:00:00Z", end: "2026-12-02T00:00:00Z" },
      { user: "alice", start: "2025-12-01T00:00:00Z", end: "2025-12-02T00:00:00Z" },
      { user: "bob", start: "2027-02-01T00:00:00Z", end: "2027-02-02T00:00:00Z" },
    ];
    const schedule = doc("Schedule", "primary", {
      layers: [layer({ end: "2027-01-01T00:00:00Z" })],
      overrides,
    });
    expect(check([user("alice"), user("bob"), schedule])).toEqual([
      {
        path: "/spec/overrides/1",
        message:
          "the override from 2025-12-01T00:00:00Z to 2025-12-02T00:00:00Z is before every layer starts (the first starts at 2026-11-30T08:00:00.000Z); an override must overlap a layer",
      },
      {
        path: "/spec/overrides/2",
        message:
          "the override from 2027-02-01T00:00:00Z to 2027-02-02T00:00:00Z is after every layer ends (the last ends at 2027-01-01T00:00:00.000Z); an override must overlap a layer",
      },
    ]);
  });

  it("refuses a level targeting a receiver that escalates itself, naming the loop", () => {
    const receiver = (name: string, spec: Record<string, unknown>) => ({ ...doc("Receiver", name, spec) });
    const policy = doc("EscalationPolicy", "checkout", {
      levels: [{ targets: [{ receiver: "chat" }] }, { targets: [{ receiver: "back" }, { receiver: "other" }] }],
    });
    const documents = [
      receiver("chat", { channels: [{ type: "inbox" }] }),
      receiver("back", { escalationPolicy: "checkout" }),
      receiver("other", { escalationPolicy: "managers" }),
      doc("EscalationPolicy", "managers", { levels: [{ targets: [{ user: "alice" }] }] }),
      user("alice"),
      policy,
    ];
    expect(check(documents)).toEqual([
      {
        path: "/spec/levels/1/targets/0/receiver",
        message:
          'receiver "back" escalates to policy "checkout", which is this policy: an escalation loop that never ends; target users or schedules, or a receiver with channels only',
      },
      {
        path: "/spec/levels/1/targets/1/receiver",
        message:
          'receiver "other" escalates to policy "managers", which would start an escalation inside this one (an escalation loop); target users or schedules, or a receiver with channels only',
      },
    ]);
  });

  it("refuses a schedule layer without participants by the schema", () => {
    const { issues } = validateDocuments(
      [
        {
          apiVersion: "nines/v1",
          kind: "Schedule",
          metadata: { name: "empty" },
          spec: { layers: [layer({ participants: [] })] },
        },
      ],
      KINDS,
    );
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ["/spec/layers/0/participants", "expected at least one participant (a User name)"],
    ]);
  });
});

describe("hideUserCredentials", () => {
  it("hides plain credentials of contact methods and keeps secret references as written", () => {
    const spec = {
      timeZone: "UTC",
      contactMethods: [
        { type: "slack", url: "https://hooks.slack.com/services/T/B/secret" },
        { type: "pagerduty", routingKey: { secretRef: { name: "pd", key: "key" } } },
        { type: "email", to: ["a@example.com"], smtp: { host: "smtp.example.com", password: "hunter2" } },
        { type: "ntfy", topic: "ops", token: "tk_123" },
        { type: "inbox", name: "default" },
      ],
    };
    expect(hideUserCredentials(spec)).toEqual({
      timeZone: "UTC",
      contactMethods: [
        { type: "slack", url: { hidden: true } },
        { type: "pagerduty", routingKey: { secretRef: { name: "pd", key: "key" } } },
        { type: "email", to: ["a@example.com"], smtp: { host: "smtp.example.com", password: { hidden: true } } },
        { type: "ntfy", topic: "ops", token: { hidden: true } },
        { type: "inbox", name: "default" },
      ],
    });
  });
});
