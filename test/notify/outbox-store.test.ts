import { describe, expect, it } from "vitest";
import {
  claimDueNotifications,
  enqueueNotifications,
  extendClaim,
  getNotification,
  listInbox,
  listNotifications,
  markDelivered,
  markFailed,
  retryDeadNotification,
  writeInboxMessage,
} from "../../src/notify/outbox-store.js";
import type { Store } from "../../src/store/database.js";
import { backends, openStoreForEachTest } from "../support/databases.js";
import { webhookNotification } from "./items.js";

const T0 = Date.UTC(2026, 7, 20, 10);
const LEASE = 60_000;

describe.each(backends)("the outbox store on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });
  const claim = (holder: string, now = T0, limit = 100, exceptDestinations: string[] = []) =>
    claimDueNotifications(store, { holder, now, leaseMs: LEASE, limit, exceptDestinations });

  it("keeps one notification per idempotency key", async () => {
    const first = await enqueueNotifications(store.db, [webhookNotification("k1"), webhookNotification("k2")], T0);
    expect(first).toHaveLength(2);
    expect(await enqueueNotifications(store.db, [webhookNotification("k1")], T0 + 1)).toEqual([]);
    const page = await listNotifications(store.db, { limit: 10, offset: 0 });
    expect(page.total).toBe(2);
    expect(page.items.map((item) => item.idempotencyKey)).toEqual(["k2", "k1"]);
    expect(page.items[0]).toMatchObject({
      state: "pending",
      attempts: 0,
      nextAttemptAt: T0,
      subject: "[FIRING:2] HighErrorRate checkout (page)",
      channel: { type: "webhook", url: "https://hooks.example.com/x" },
    });
  });

  it("enqueues inside the caller's transaction: a rollback leaves nothing", async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await enqueueNotifications(trx, [webhookNotification("k1")], T0);
        throw new Error("the alert update failed");
      }),
    ).rejects.toThrow("the alert update failed");
    expect((await listNotifications(store.db, { limit: 10, offset: 0 })).total).toBe(0);
  });

  it("never gives one row to two holders claiming at once", async () => {
    const items = Array.from({ length: 20 }, (_, index) => webhookNotification(`k${index}`, `receiver/r${index}/0`));
    await enqueueNotifications(store.db, items, T0);
    const [a, b] = await Promise.all([claim("a", T0, 15), claim("b", T0, 15)]);
    const ids = [...(a ?? []), ...(b ?? [])].map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(20);
    expect(a?.every((row) => row.claimedBy === "a" && row.claimedUntil === T0 + LEASE)).toBe(true);
    expect(await claim("c", T0 + 1)).toEqual([]);
  });

  it("claims only due rows, oldest first, and not those of busy destinations", async () => {
    await enqueueNotifications(store.db, [webhookNotification("late", "receiver/a/0")], T0 + 5_000);
    await enqueueNotifications(store.db, [webhookNotification("busy", "receiver/busy/0")], T0);
    await enqueueNotifications(store.db, [webhookNotification("due", "receiver/a/0")], T0);
    expect((await claim("a", T0, 100, ["receiver/busy/0"])).map((row) => row.idempotencyKey)).toEqual(["due"]);
    expect((await claim("a", T0 + 5_000)).map((row) => row.idempotencyKey)).toEqual(["busy", "late"]);
  });

  it("lets another holder take a row whose claim ran out, and the first one can no longer finish it", async () => {
    const [id] = await enqueueNotifications(store.db, [webhookNotification("k1")], T0);
    expect(await claim("a")).toHaveLength(1);
    expect(await claim("b", T0 + LEASE - 1)).toEqual([]);
    expect((await claim("b", T0 + LEASE)).map((row) => row.id)).toEqual([id]);
    expect(await extendClaim(store.db, id as number, "a", T0 + 2 * LEASE)).toBe(false);
    expect(await markDelivered(store.db, id as number, "a", T0 + LEASE)).toBe(false);
    expect(await markDelivered(store.db, id as number, "b", T0 + LEASE)).toBe(true);
    expect(await getNotification(store.db, id as number)).toMatchObject({
      state: "delivered",
      attempts: 1,
      deliveredAt: T0 + LEASE,
      claimedBy: null,
    });
  });

  it("schedules a failed row again, keeps a dead one out of claims, and retries it on request", async () => {
    const [id] = await enqueueNotifications(store.db, [webhookNotification("k1")], T0);
    const rowId = id as number;
    await claim("a");
    const next = { state: "pending" as const, nextAttemptAt: T0 + 10_000 };
    expect(await markFailed(store.db, { id: rowId, holder: "a", error: "answered 500", after: next })).toBe(true);
    expect(await claim("a", T0 + 9_999)).toEqual([]);
    expect(await claim("a", T0 + 10_000)).toHaveLength(1);
    await markFailed(store.db, { id: rowId, holder: "a", error: "answered 400", after: { state: "dead" } });
    expect(await getNotification(store.db, rowId)).toMatchObject({
      state: "dead",
      attempts: 2,
      lastError: "answered 400",
    });
    expect(await claim("a", T0 + 1_000_000)).toEqual([]);
    expect((await listNotifications(store.db, { state: "dead", limit: 10, offset: 0 })).total).toBe(1);
    expect((await listNotifications(store.db, { state: "pending", limit: 10, offset: 0 })).total).toBe(0);

    const retried = await retryDeadNotification(store.db, rowId, T0 + 2_000_000);
    expect(retried).toMatchObject({ state: "pending", attempts: 0, nextAttemptAt: T0 + 2_000_000 });
    await expect(retryDeadNotification(store.db, rowId, T0 + 2_000_000)).rejects.toMatchObject({ code: "Conflict" });
    await expect(retryDeadNotification(store.db, 999_999, T0)).rejects.toMatchObject({ code: "NotFound" });
    expect(await claim("b", T0 + 2_000_000)).toHaveLength(1);
  });

  it("filters by destination and pages newest first", async () => {
    const items = Array.from({ length: 5 }, (_, index) =>
      webhookNotification(`k${index}`, index % 2 ? "user/alice/0" : "receiver/ops/0"),
    );
    await enqueueNotifications(store.db, items, T0);
    const page = await listNotifications(store.db, { destination: "receiver/ops/0", limit: 2, offset: 1 });
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.idempotencyKey)).toEqual(["k2", "k0"]);
  });

  it("keeps one inbox message per notification and lists them newest first", async () => {
    const message = (key: string, at: number, inbox = "alice") => ({
      inbox,
      notificationKey: key,
      subject: `about ${key}`,
      text: "text",
      receivedAt: at,
    });
    await writeInboxMessage(store.db, message("k1", T0));
    await writeInboxMessage(store.db, message("k1", T0 + 5));
    await writeInboxMessage(store.db, message("k2", T0 + 10));
    await writeInboxMessage(store.db, message("k3", T0 + 20, "bob"));
    const alice = await listInbox(store.db, { inbox: "alice", limit: 10, offset: 0 });
    expect(alice.items.map((item) => [item.notificationKey, item.receivedAt])).toEqual([
      ["k2", T0 + 10],
      ["k1", T0],
    ]);
    expect((await listInbox(store.db, { limit: 1, offset: 0 })).items[0]?.notificationKey).toBe("k3");
  });
});
