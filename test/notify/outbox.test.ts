import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createManualClock, type ManualClock } from "../../src/core/clock.js";
import { createConnector } from "../../src/net/connector.js";
import type { SendOutcome } from "../../src/notify/channel.js";
import type { NewNotification } from "../../src/notify/model.js";
import { createOutbox, type Outbox, type OutboxOptions } from "../../src/notify/outbox.js";
import type { StoredNotification } from "../../src/notify/outbox-store.js";
import { createEphemeralKeyring } from "../../src/secrets/keyring.js";
import { resolveReferences } from "../../src/secrets/resolve.js";
import { openStore, type Store } from "../../src/store/database.js";
import { webhookNotification } from "./items.js";
import { type HttpReceiver, startHttpReceiver } from "./receivers.js";

const SEND_TIMEOUT_MS = 10_000;

describe("the outbox", () => {
  let store: Store;
  let clock: ManualClock;
  let logs: string[];
  let outcomes: Array<{ notification: StoredNotification; outcome: SendOutcome }>;
  let waiters: Array<{ destination: string; resolve: (outcome: SendOutcome) => void }>;
  const receivers: HttpReceiver[] = [];
  const outboxes: Outbox[] = [];

  beforeEach(async () => {
    store = await openStore({ dataDir: ":memory:" });
    clock = createManualClock(Date.UTC(2026, 7, 20, 10));
    logs = [];
    outcomes = [];
    waiters = [];
  });
  afterEach(async () => {
    for (const outbox of outboxes.splice(0)) await outbox.stop();
    for (const receiver of receivers.splice(0)) await receiver.close();
    await store.close();
  });

  const receiver = async () => {
    const started = await startHttpReceiver();
    receivers.push(started);
    return started;
  };

  /** Resolves with the outcome of the next attempt to `destination`. */
  const outcomeFor = (destination: string) =>
    new Promise<SendOutcome>((resolve) => waiters.push({ destination, resolve }));

  function outbox(options: Partial<OutboxOptions> = {}): Outbox {
    const env = { HOOK_URL: "" };
    const created = createOutbox({
      store,
      clock,
      connector: createConnector({ settings: { notify: { allow: ["127.0.0.1"] } } }),
      logger: pino(
        { level: "debug" },
        new Writable({
          write(chunk, _encoding, done) {
            logs.push(String(chunk));
            done();
          },
        }),
      ),
      resolve: (spec) => resolveReferences(spec, { db: store.db, keyring: createEphemeralKeyring(), env }),
      holder: "test",
      sendTimeoutMs: SEND_TIMEOUT_MS,
      random: () => 0.5,
      onOutcome: (notification, outcome) => {
        outcomes.push({ notification, outcome });
        for (const waiter of waiters.filter((entry) => entry.destination === notification.destination)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(outcome);
        }
      },
      ...options,
    });
    outboxes.push(created);
    return created;
  }

  it("delivers to one destination while another hangs, and retries the hanging one after its timeout", async () => {
    const hanging = await receiver();
    hanging.answer = () => "hang";
    const fast = await receiver();
    const box = outbox();
    await box.enqueue([
      webhookNotification("slow-1", "receiver/slow/0", `${hanging.url}/hook`),
      webhookNotification("slow-2", "receiver/slow/0", `${hanging.url}/hook`),
      webhookNotification("fast-1", "receiver/fast/0", `${fast.url}/hook`),
    ]);

    const fastOutcome = outcomeFor("receiver/fast/0");
    const pass = box.deliverDue();
    expect(await fastOutcome).toEqual({ delivered: true });
    await hanging.next(1);
    const fastRow = (await box.list({ destination: "receiver/fast/0", limit: 10, offset: 0 })).items[0];
    expect(fastRow).toMatchObject({ state: "delivered", deliveredAt: clock.now() });
    // The slow destination's messages go in order: the second waits behind the hanging first.
    expect(hanging.received).toHaveLength(1);

    const firstTimesOut = outcomeFor("receiver/slow/0");
    await clock.advance(SEND_TIMEOUT_MS);
    expect(await firstTimesOut).toMatchObject({ retry: true, error: `no answer within ${SEND_TIMEOUT_MS} ms` });
    await hanging.next(2);
    await clock.advance(SEND_TIMEOUT_MS);
    expect(await pass).toBe(3);

    const slow = await box.list({ destination: "receiver/slow/0", state: "pending", limit: 10, offset: 0 });
    expect(slow.items.map((row) => [row.idempotencyKey, row.attempts, row.lastError])).toEqual([
      ["slow-2", 1, "no answer within 10000 ms"],
      ["slow-1", 1, "no answer within 10000 ms"],
    ]);
    // Full jitter at 0.5 of the first bound (10 s), from when each attempt ended.
    expect(slow.items[1]?.nextAttemptAt).toBe(Date.UTC(2026, 7, 20, 10) + SEND_TIMEOUT_MS + 5_000);
  });

  it("sends again, under the same key, what a crashed deliverer was sending, once its claim runs out", async () => {
    const target = await receiver();
    target.answer = () => "hang";
    // The crashed process's clock stands still: its send timeout never fires, its claim is never released.
    const crashed = outbox({ holder: "crashed", clock: createManualClock(clock.now()) });
    await crashed.enqueue([webhookNotification("k1", "receiver/ops/0", `${target.url}/hook`)]);
    void crashed.deliverDue();
    await target.next(1);

    target.answer = () => ({ status: 200 });
    const next = outbox({ holder: "next" });
    await clock.advance(2 * SEND_TIMEOUT_MS - 1);
    expect(await next.deliverDue()).toBe(0);
    await clock.advance(1);
    expect(await next.deliverDue()).toBe(1);
    expect(target.received.map((request) => request.headers["idempotency-key"])).toEqual(["k1", "k1"]);
    expect((await next.list({ limit: 10, offset: 0 })).items).toMatchObject([
      { idempotencyKey: "k1", state: "delivered", attempts: 1, claimedBy: null },
    ]);
  });

  it("does not claim a busy destination's new messages while its earlier one is still being sent", async () => {
    const hanging = await receiver();
    hanging.answer = () => "hang";
    const box = outbox();
    await box.enqueue([webhookNotification("slow-1", "receiver/slow/0", `${hanging.url}/hook`)]);
    const pass = box.deliverDue();
    await hanging.next(1);
    await box.enqueue([webhookNotification("slow-2", "receiver/slow/0", `${hanging.url}/hook`)]);
    expect(await box.deliverDue()).toBe(0);
    await clock.advance(SEND_TIMEOUT_MS);
    await pass;
    hanging.answer = () => ({ status: 200 });
    // slow-1 waits for its backoff; slow-2 was never tried and is due.
    expect(await box.deliverDue()).toBe(1);
    expect(await box.list({ state: "delivered", limit: 10, offset: 0 })).toMatchObject({
      items: [{ idempotencyKey: "slow-2" }],
    });
  });

  it("retries a failing receiver with backoff, gives up after the last attempt, and retries a dead one on request", async () => {
    const failing = await receiver();
    failing.answer = () => ({ status: 503, body: "down for maintenance" });
    const box = outbox({ maxAttempts: 2 });
    const [id] = await box.enqueue([webhookNotification("k1", "receiver/ops/0", `${failing.url}/hook`)]);
    expect(await box.deliverDue()).toBe(1);
    expect(await box.get(id as number)).toMatchObject({
      state: "pending",
      attempts: 1,
      nextAttemptAt: clock.now() + 5_000,
    });
    expect(await box.deliverDue()).toBe(0);
    await clock.advance(5_000);
    expect(await box.deliverDue()).toBe(1);
    const dead = await box.get(id as number);
    expect(dead).toMatchObject({ state: "dead", attempts: 2 });
    expect(dead.lastError).toBe(`POST ${failing.url}: answered 503: down for maintenance`);

    failing.answer = () => ({ status: 200 });
    await box.retry(id as number);
    expect(await box.deliverDue()).toBe(1);
    expect(await box.get(id as number)).toMatchObject({ state: "delivered", attempts: 1 });
  });

  it("resolves secret references at send time and never stores or logs their values", async () => {
    const target = await receiver();
    const env = { HOOK_URL: `${target.url}/hooks/T0/secret-token` };
    const box = outbox({
      resolve: (spec) => resolveReferences(spec, { db: store.db, keyring: createEphemeralKeyring(), env }),
    });
    const item: NewNotification = {
      ...webhookNotification("k1"),
      channel: { type: "webhook", url: { env: "HOOK_URL" }, maxAlerts: 0 },
    };
    const [id] = await box.enqueue([item]);
    await box.deliverDue();
    expect(target.received[0]?.path).toBe("/hooks/T0/secret-token");
    const stored = await box.get(id as number);
    expect(stored).toMatchObject({ state: "delivered", channel: { url: { env: "HOOK_URL" } } });
    expect(JSON.stringify(stored)).not.toContain("secret-token");
    expect(logs.join("")).toContain("notification delivered");
    expect(logs.join("")).not.toContain("secret-token");
  });

  it("counts a reference that cannot be resolved as a failed attempt, naming it", async () => {
    const box = outbox();
    const item: NewNotification = {
      ...webhookNotification("k1"),
      channel: { type: "webhook", url: { env: "MISSING_URL" }, maxAlerts: 0 },
    };
    const [id] = await box.enqueue([item]);
    await box.deliverDue();
    expect(await box.get(id as number)).toMatchObject({
      state: "pending",
      attempts: 1,
      lastError: "the channel's credentials cannot be read: environment variable MISSING_URL is not set",
    });
  });

  it("delivers from its loop only while it leads", async () => {
    const target = await receiver();
    let leading = false;
    const box = outbox({ isLeader: () => leading, pollIntervalMs: 1_000 });
    box.start();
    await box.enqueue([webhookNotification("k1", "receiver/ops/0", `${target.url}/hook`)]);
    await clock.advance(3_000);
    expect(target.received).toHaveLength(0);
    leading = true;
    const delivered = outcomeFor("receiver/ops/0");
    await clock.advance(1_000);
    expect(await delivered).toEqual({ delivered: true });
    await box.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it("aborts the sends still running when it stops, and leaves them to be retried", async () => {
    const hanging = await receiver();
    hanging.answer = () => "hang";
    const box = outbox();
    box.start();
    const [id] = await box.enqueue([webhookNotification("k1", "receiver/slow/0", `${hanging.url}/hook`)]);
    await clock.advance(0);
    await hanging.next(1);
    await box.stop();
    expect(await box.get(id as number)).toMatchObject({
      state: "pending",
      attempts: 1,
      lastError: "the send was stopped",
    });
  });
});
