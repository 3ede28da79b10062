import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimDueNotifications, markFailed, writeInboxMessage } from "../../src/notify/outbox-store.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { backends } from "../support/databases.js";
import { webhookNotification } from "./items.js";

describe.each(backends)("the notification API on $name", (backend) => {
  let t: TestApp;
  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    t = await createTestApp({ store: await backend.open(), anonymousRead: false });
  });
  afterEach(async () => {
    await t?.close();
  });

  const get = async (url: string, role: "viewer" | "responder" = "viewer") =>
    t.nines.app.inject({ method: "GET", url, headers: await t.tokenFor(role) });

  /** Enqueues `k1` (left pending) and `k2` (failed for good: dead). */
  async function seed() {
    const slack = { type: "slack" as const, url: "https://hooks.slack.com/services/T0/B0/inline-secret" };
    const [pending, dead] = await t.nines.outbox.enqueue([
      { ...webhookNotification("k1"), channel: slack },
      webhookNotification("k2", "user/alice/0"),
    ]);
    const now = t.clock.now();
    await claimDueNotifications(t.store, { holder: "test", now, leaseMs: 60_000, limit: 10 });
    await markFailed(t.store.db, {
      id: dead as number,
      holder: "test",
      error: "answered 400",
      after: { state: "dead" },
    });
    return { pending: pending as number, dead: dead as number };
  }

  it("lists notifications newest first, by state, without their channel", async () => {
    const { pending, dead } = await seed();
    const all = await get("/api/v1/notifications");
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(all.json().items.map((item: { id: number }) => item.id)).toEqual([dead, pending]);
    expect(all.body).not.toContain("inline-secret");
    const deadOnly = await get("/api/v1/notifications?state=dead");
    expect(deadOnly.json().items).toEqual([
      expect.objectContaining({
        id: dead,
        state: "dead",
        attempts: 1,
        lastError: "answered 400",
        destination: "user/alice/0",
      }),
    ]);
    expect((await get("/api/v1/notifications?state=lost")).statusCode).toBe(400);
  });

  it("shows one notification with its content, and 404 for one that is not there", async () => {
    const { pending } = await seed();
    const answer = await get(`/api/v1/notifications/${pending}`);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ id: pending, channelType: "slack", content: { receiver: "sre-pager" } });
    expect(answer.body).not.toContain("inline-secret");
    expect((await get("/api/v1/notifications/999999")).statusCode).toBe(404);
    expect((await get("/api/v1/notifications/abc")).statusCode).toBe(400);
  });

  it("lets a responder retry a dead notification, once", async () => {
    const { dead, pending } = await seed();
    const retry = async (id: number, role: "viewer" | "responder") =>
      t.nines.app.inject({ method: "POST", url: `/api/v1/notifications/${id}/retry`, headers: await t.tokenFor(role) });
    expect((await retry(dead, "viewer")).statusCode).toBe(403);
    const retried = await retry(dead, "responder");
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id: dead, state: "pending", attempts: 0, nextAttemptAt: t.clock.now() });
    expect((await retry(dead, "responder")).statusCode).toBe(409);
    expect((await retry(pending, "responder")).statusCode).toBe(409);
  });

  it("lists the inbox newest first, for viewers only", async () => {
    const now = t.clock.now();
    for (const [key, at] of [
      ["k1", now - 10],
      ["k2", now],
    ] as const)
      await writeInboxMessage(t.store.db, {
        inbox: "alice",
        notificationKey: key,
        subject: key,
        text: "t",
        receivedAt: at,
      });
    const answer = await get("/api/v1/inbox?inbox=alice&limit=1");
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ total: 2, limit: 1, items: [{ notificationKey: "k2", inbox: "alice" }] });
    expect((await t.nines.app.inject({ method: "GET", url: "/api/v1/inbox" })).statusCode).toBe(401);
  });
});
