import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";
import { backends, dropTestSchemas } from "../support/databases.js";

const at = (iso: string) => Date.parse(iso);
const doc = (kind: string, name: string, spec: Record<string, unknown>) => ({
  apiVersion: "nines/v1",
  kind,
  metadata: { name },
  spec,
});

// The test app's clock starts on Thursday 2026-11-26 at 12:00Z.
const DOCUMENTS = [
  doc("User", "alice", { timeZone: "Europe/Berlin" }),
  doc("User", "bob", { timeZone: "America/New_York" }),
  doc("User", "carol", {}),
  doc("Team", "checkout", { members: [{ user: "alice" }, { user: "bob" }] }),
  doc("Schedule", "primary", {
    team: "checkout",
    timeZone: "Europe/Berlin",
    layers: [
      { name: "weekly", participants: ["alice", "bob"], rotation: "weekly", start: "2026-11-02T09:00:00+01:00" },
    ],
  }),
  doc("Schedule", "secondary", {
    layers: [{ name: "solo", participants: ["alice"], rotation: "daily", start: "2026-12-01T00:00:00Z" }],
  }),
];

afterAll(dropTestSchemas);

describe.each(backends)("schedules over HTTP on $name", (backend) => {
  let t: TestApp;
  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    t = await createTestApp({ store: await backend.open() });
    const applied = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: t.auth,
      payload: { documents: DOCUMENTS },
    });
    expect(applied.statusCode, applied.body).toBe(200);
  });
  afterEach(async () => {
    await t?.close();
  });

  const get = (url: string) => t.nines.app.inject({ url, headers: t.auth });

  it("says who is on call for every schedule, until when, and who is next", async () => {
    const response = await get("/api/v1/oncall");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      at: t.clock.now(),
      items: [
        {
          schedule: "primary",
          team: "checkout",
          timeZone: "Europe/Berlin",
          // Week 4 from 2026-11-02 (bob), until Monday 2026-11-30 09:00 CET.
          current: {
            user: "bob",
            start: at("2026-11-23T08:00:00Z"),
            end: at("2026-11-30T08:00:00Z"),
            source: { layer: "weekly" },
          },
          next: {
            user: "alice",
            start: at("2026-11-30T08:00:00Z"),
            end: at("2026-12-07T08:00:00Z"),
            source: { layer: "weekly" },
          },
        },
        {
          schedule: "secondary",
          team: null,
          timeZone: "UTC",
          current: null,
          // A one-person layer never hands off: the next shift runs to the end of what was looked at.
          next: expect.objectContaining({ user: "alice", start: at("2026-12-01T00:00:00Z") }),
        },
      ],
    });
  });

  it("answers the final schedule over a range, with the next page's range, and at most 90 days", async () => {
    const from = at("2026-11-23T00:00:00Z");
    const to = at("2026-12-07T00:00:00Z");
    const response = await get(`/api/v1/schedules/primary/shifts?from=${from}&to=${to}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      schedule: "primary",
      timeZone: "Europe/Berlin",
      from,
      to,
      items: [
        { user: "alice", start: from, end: at("2026-11-23T08:00:00Z"), source: { layer: "weekly" } },
        {
          user: "bob",
          start: at("2026-11-23T08:00:00Z"),
          end: at("2026-11-30T08:00:00Z"),
          source: { layer: "weekly" },
        },
        { user: "alice", start: at("2026-11-30T08:00:00Z"), end: to, source: { layer: "weekly" } },
      ],
      next: { from: to, to: to + (to - from) },
    });
    const tooLong = await get(`/api/v1/schedules/primary/shifts?from=${from}&to=${from + 91 * 86_400_000}`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().detail).toContain("at most 90 days");
    expect((await get(`/api/v1/schedules/primary/shifts?from=${to}&to=${from}`)).statusCode).toBe(400);
    expect((await get("/api/v1/schedules/nope/shifts")).statusCode).toBe(404);
  });

  it("serves calendar feeds per schedule and per person", async () => {
    const schedule = await get("/api/v1/schedules/primary/calendar.ics");
    expect(schedule.statusCode).toBe(200);
    expect(schedule.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(schedule.body).toContain("BEGIN:VCALENDAR");
    expect(schedule.body).toContain("UID:2026-11-23T08:00:00.000Z-bob@primary.schedules.nines");
    const person = await get("/api/v1/users/alice/calendar.ics");
    expect(person.statusCode).toBe(200);
    expect(person.body).toContain("SUMMARY:On call: primary");
    expect(person.body).toContain("SUMMARY:On call: secondary");
    expect(person.body).not.toContain("-bob@");
    expect((await get("/api/v1/users/nobody/calendar.ics")).statusCode).toBe(404);
  });

  it("adds and removes overrides through apply, audited, for responders only", async () => {
    const override = { user: "carol", start: "2026-11-26T12:00:00Z", end: "2026-11-26T20:00:00Z", note: "swap" };
    const post = async (role: "viewer" | "responder", payload: unknown) =>
      t.nines.app.inject({
        method: "POST",
        url: "/api/v1/schedules/primary/overrides",
        headers: await t.tokenFor(role),
        payload: payload as Record<string, unknown>,
      });
    expect((await post("viewer", override)).statusCode).toBe(403);
    const added = await post("responder", override);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toEqual({ schedule: "primary", index: 0, override, generation: 2 });

    const now = (await get("/api/v1/oncall")).json().items[0].current;
    expect(now).toMatchObject({ user: "carol", source: { override: 0 }, end: at("2026-11-26T20:00:00Z") });
    const stored = (await get("/api/v1/objects/Schedule/primary")).json();
    expect(stored.spec.overrides).toEqual([override]);

    const audit = (await get("/api/v1/audit?kind=Schedule&name=primary")).json();
    expect(audit.items[0]).toMatchObject({ action: "apply.change", versionBefore: 1, versionAfter: 2 });
    expect(audit.items[0].actorName).toMatch(/^test-responder/);

    // Unknown people and times outside every layer are refused where they are.
    const unknown = await post("responder", { ...override, user: "carl" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues[0]).toMatchObject({ path: "/spec/overrides/1/user" });
    const early = await post("responder", {
      user: "carol",
      start: "2025-01-01T00:00:00Z",
      end: "2025-01-02T00:00:00Z",
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().issues[0].message).toContain("before every layer starts");

    const remove = async (index: string) =>
      t.nines.app.inject({
        method: "DELETE",
        url: `/api/v1/schedules/primary/overrides/${index}`,
        headers: await t.tokenFor("responder"),
      });
    expect((await remove("3")).statusCode).toBe(404);
    expect((await remove("first")).statusCode).toBe(400);
    const removed = await remove("0");
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toMatchObject({ index: 0, override, generation: 3 });
    expect((await get("/api/v1/objects/Schedule/primary")).json().spec.overrides).toEqual([]);
    expect((await get("/api/v1/oncall")).json().items[0].current.user).toBe("bob");
  });

  it("hides a person's plain contact credentials from viewers and shows them to editors", async () => {
    const slack = { type: "slack", url: "https://hooks.slack.com/services/T0/B0/very-secret" };
    const applied = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: t.auth,
      payload: { documents: [doc("User", "dana", { contactMethods: [slack] })] },
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const read = async (role: "viewer" | "editor") =>
      t.nines.app.inject({ url: "/api/v1/objects/User/dana", headers: await t.tokenFor(role) });
    const viewer = await read("viewer");
    expect(viewer.json().spec.contactMethods).toEqual([{ type: "slack", url: { hidden: true } }]);
    expect(viewer.body).not.toContain("very-secret");
    expect((await read("editor")).json().spec.contactMethods).toEqual([slack]);
  });
});
