import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { backends, dropTestSchemas, openStoreForEachTest } from "../../test/support/databases.js";
import { createConfigService } from "../config/apply.js";
import { ObjectEvents } from "../config/events.js";
import { createManualClock } from "../core/clock.js";
import { KINDS } from "../kinds.js";
import type { NewNotification, NotificationContent } from "../notify/model.js";
import type { NotificationQueue } from "../notify/outbox.js";
import type { Store } from "../store/database.js";
import { createEscalationEngine, type EscalationEngine } from "./escalation-engine.js";
import { loadOnCallDirectory } from "./oncall-objects.js";
import { createPageLinks } from "./page-links.js";
import { advancePage, getPage, listPageEvents, listPageRecords, type StoredPage } from "./pages-store.js";

// Monday 5 January 2026, 12:00 UTC: 13:00 in Berlin, 21:00 in Tokyo.
const MONDAY_NOON = Date.UTC(2026, 0, 5, 12);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const doc = (kind: string, name: string, spec: Record<string, unknown>) => ({
  apiVersion: "nines/v1",
  kind,
  metadata: { name },
  spec,
});
const inbox = (name: string) => ({ type: "inbox", name });

const OBJECTS = [
  doc("User", "alice", { timeZone: "Europe/Berlin", contactMethods: [inbox("alice")] }),
  doc("User", "bob", { timeZone: "Asia/Tokyo", contactMethods: [inbox("bob")] }),
  doc("User", "carol", { timeZone: "Europe/London", contactMethods: [inbox("carol"), inbox("carol-2")] }),
  doc("Receiver", "ops", { channels: [inbox("ops")] }),
  doc("EscalationPolicy", "checkout", {
    levels: [
      { targets: [{ user: "alice" }], timeout: "5m" },
      { targets: [{ user: "carol" }, { receiver: "ops" }], timeout: "10m" },
    ],
  }),
  doc("EscalationPolicy", "repeating", { levels: [{ targets: [{ user: "alice" }], timeout: "5m" }], repeat: 1 }),
  doc("EscalationPolicy", "daytime", {
    levels: [{ targets: [{ user: "bob" }], onlyWorkingHours: true }, { targets: [{ user: "alice" }] }],
  }),
];

const content = (groupKey: string): NotificationContent => ({
  kind: "alert-group",
  status: "firing",
  receiver: "checkout-oncall",
  groupKey,
  groupLabels: { service: "checkout" },
  commonLabels: { service: "checkout" },
  commonAnnotations: {},
  alerts: [],
  truncatedAlerts: 0,
  reason: "first notification",
  externalUrl: "https://nines.example",
  links: { view: "https://nines.example/alerts" },
});

const request = (policy: string, groupKey = `{}:{service="checkout",policy="${policy}"}`) => ({
  groupKey,
  receiver: "checkout-oncall",
  policy,
  title: "Checkout is down",
  labels: { service: "checkout" },
  content: content(groupKey),
});

interface RecordingOutbox extends NotificationQueue {
  items: NewNotification[];
  failNext(): void;
}

function createRecordingOutbox(): RecordingOutbox {
  const items: NewNotification[] = [];
  let fail = false;
  return {
    items,
    failNext: () => {
      fail = true;
    },
    async enqueue(batch) {
      if (fail) {
        fail = false;
        throw new Error("the outbox is down");
      }
      items.push(...batch);
    },
  };
}

const keysOf = (items: NewNotification[]) => items.map((item) => item.idempotencyKey);

afterAll(dropTestSchemas);

describe.each(backends)("escalation engine on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });

  async function setup(options: { isLeader?: () => boolean } = {}) {
    const clock = createManualClock(MONDAY_NOON);
    const config = createConfigService({ store, kinds: KINDS, events: new ObjectEvents(), clock });
    await config.apply(OBJECTS);
    const outbox = createRecordingOutbox();
    const links = createPageLinks({ keys: [Buffer.alloc(32, 7)], clock });
    const makeEngine = (box: NotificationQueue = outbox): EscalationEngine =>
      createEscalationEngine({
        store,
        clock,
        logger: pino({ level: "silent" }),
        loadObjects: () => loadOnCallDirectory(store.db),
        outbox: box,
        links,
        tickIntervalMs: 5000,
        ...options,
      });
    return { clock, outbox, links, engine: makeEngine(), makeEngine };
  }

  const eventsOf = async (pageId: number) =>
    (await listPageEvents(store.db, pageId)).map(
      (event) => `${event.event}${event.userName ? ` ${event.userName}` : ""}`,
    );

  it("notifies level 1, escalates to level 2 after its timeout, stops at an acknowledgement and tells everyone paged of the resolve", async () => {
    const { clock, outbox, engine, links } = await setup();
    const { page, opened } = await engine.openPage(request("checkout"));
    expect(opened).toBe(true);
    expect(page).toMatchObject({ state: "triggered", level: 0, round: 0, nextEscalationAt: MONDAY_NOON + 5 * MINUTE });
    expect(keysOf(outbox.items)).toEqual([`page:${page.id}:0:0:alice:0`]);
    const first = outbox.items[0] as NewNotification;
    expect(first).toMatchObject({ destination: "user:alice", source: `page:${page.id}`, channel: inbox("alice") });
    expect(first.content).toMatchObject({
      kind: "page",
      reason: "triggered",
      page: { id: page.id, level: 0, round: 0, policy: "checkout", user: "alice" },
    });
    const ack = new URL(first.content.links.acknowledge as string);
    expect(ack.pathname).toBe(`/p/${page.id}/acknowledge`);
    expect(
      links.verify(page.id, "acknowledge", {
        e: Number(ack.searchParams.get("e")),
        u: ack.searchParams.get("u") ?? undefined,
        s: String(ack.searchParams.get("s")),
      }),
    ).toEqual({ user: "alice" });

    await clock.advance(5 * MINUTE - 1);
    expect(await engine.tick()).toBe(0);
    expect(outbox.items).toHaveLength(1);

    await clock.advance(1);
    expect(await engine.tick()).toBe(1);
    expect(keysOf(outbox.items.slice(1))).toEqual([
      `page:${page.id}:0:1:carol:0`,
      `page:${page.id}:0:1:carol:1`,
      `page:${page.id}:0:1:receiver:ops:0`,
    ]);
    expect(outbox.items[1]?.content.reason).toBe("escalated");

    await clock.advance(2 * MINUTE);
    const acknowledged = await engine.acknowledge(page.id, "carol-token");
    expect(acknowledged).toMatchObject({
      state: "acknowledged",
      acknowledgedBy: "carol-token",
      acknowledgedAt: MONDAY_NOON + 7 * MINUTE,
      nextEscalationAt: null,
      level: 1,
    });
    await clock.advance(60 * MINUTE);
    expect(await engine.tick()).toBe(0);
    expect(outbox.items).toHaveLength(4);

    const resolved = await engine.resolve(page.id, "carol-token");
    expect(resolved).toMatchObject({ state: "resolved", resolvedBy: "carol-token" });
    const notices = outbox.items.slice(4);
    expect(keysOf(notices)).toEqual([
      `page:${page.id}:resolved:alice:0`,
      `page:${page.id}:resolved:carol:0`,
      `page:${page.id}:resolved:carol:1`,
      `page:${page.id}:resolved:receiver:ops:0`,
    ]);
    expect(notices.every((item) => item.content.status === "resolved" && !item.content.links.acknowledge)).toBe(true);
    expect(await engine.resolve(page.id, "someone-else")).toMatchObject({ resolvedBy: "carol-token" });
    expect(outbox.items).toHaveLength(8);
    await expect(engine.acknowledge(page.id, "late")).rejects.toThrow(/resolved already/);
    await expect(engine.acknowledge(9999, "x")).rejects.toThrow(/no page 9999/);

    expect(await eventsOf(page.id)).toEqual([
      "triggered",
      "notified alice",
      "escalated",
      "notified carol",
      "notified carol",
      "notified",
      "acknowledged",
      "resolved",
      "notified alice",
      "notified carol",
      "notified carol",
      "notified",
    ]);
  });

  it("runs the levels again for each repeat, then records the policy as exhausted", async () => {
    const { clock, outbox, engine } = await setup();
    const { page } = await engine.openPage(request("repeating"));
    await clock.advance(5 * MINUTE);
    expect(await engine.tick()).toBe(1);
    expect(keysOf(outbox.items)).toEqual([`page:${page.id}:0:0:alice:0`, `page:${page.id}:1:0:alice:0`]);
    await clock.advance(5 * MINUTE);
    expect(await engine.tick()).toBe(1);
    expect(outbox.items).toHaveLength(2);
    await clock.advance(60 * MINUTE);
    expect(await engine.tick()).toBe(0);
    const events = await listPageEvents(store.db, page.id);
    expect(events.map((event) => event.event)).toEqual([
      "triggered",
      "notified",
      "escalated",
      "notified",
      "escalated",
      "exhausted",
    ]);
    expect((await engine.acknowledge(page.id, "alice")).state).toBe("acknowledged");
  });

  it("skips the responder whose local time is night and pages the next level at once", async () => {
    const { outbox, engine } = await setup();
    const { page } = await engine.openPage(request("daytime"));
    expect(page).toMatchObject({ level: 1, round: 0 });
    expect(keysOf(outbox.items)).toEqual([`page:${page.id}:0:1:alice:0`]);
    const events = await listPageEvents(store.db, page.id);
    expect(events.map((event) => `${event.event} ${event.userName ?? ""}`.trim())).toEqual([
      "triggered",
      "skipped bob",
      "escalated",
      "notified alice",
    ]);
    expect(events[1]?.detail).toMatchObject({
      level: 0,
      reason: "outside working hours (Monday 21:00 in Asia/Tokyo)",
    });
  });

  it("enqueues nothing twice: after a failed enqueue, on a second tick, or from a second engine on the same database", async () => {
    const { clock, outbox, engine, makeEngine } = await setup();
    outbox.failNext();
    const { page } = await engine.openPage(request("checkout"));
    expect(page).toMatchObject({ state: "triggered", level: -1, nextEscalationAt: MONDAY_NOON });
    expect(outbox.items).toHaveLength(0);
    expect(await eventsOf(page.id)).toEqual(["triggered"]);

    expect(await engine.tick()).toBe(1);
    expect(await engine.tick()).toBe(0);
    const second = createRecordingOutbox();
    const other = makeEngine(second);
    expect(await other.tick()).toBe(0);
    expect(keysOf(outbox.items)).toEqual([`page:${page.id}:0:0:alice:0`]);

    await clock.advance(5 * MINUTE);
    const asRead = (await getPage(store.db, page.id)) as StoredPage;
    const moved = await Promise.all([engine.tick(), other.tick()]);
    expect(moved.sort()).toEqual([0, 1]);
    const all = keysOf([...outbox.items, ...second.items]);
    expect(all).toHaveLength(4);
    expect(new Set(all).size).toBe(4);
    expect((await eventsOf(page.id)).filter((event) => event === "escalated")).toHaveLength(1);
    // An engine that read the page before the others moved it cannot move it again.
    expect(await advancePage(store.db, asRead, { level: 1, round: 0, nextEscalationAt: null }, clock.now())).toBe(
      false,
    );
  });

  it("updates the open page of a group instead of opening another, and resolves it when the group resolves", async () => {
    const { clock, outbox, engine } = await setup();
    const groupKey = '{}:{service="checkout"}';
    const { page } = await engine.openPage(request("checkout", groupKey));
    await clock.advance(MINUTE);
    const again = await engine.openPage({ ...request("checkout", groupKey), title: "Checkout is down (3 alerts)" });
    expect(again).toMatchObject({ opened: false, page: { id: page.id, title: "Checkout is down (3 alerts)" } });
    expect(outbox.items).toHaveLength(1);
    await engine.acknowledge(page.id, "alice");
    expect((await engine.openPage(request("checkout", groupKey))).opened).toBe(false);

    const [resolved] = await engine.resolveGroup(groupKey, "alerts");
    expect(resolved).toMatchObject({ id: page.id, state: "resolved", resolvedBy: "alerts" });
    expect(keysOf(outbox.items.slice(1))).toEqual([`page:${page.id}:resolved:alice:0`]);
    expect(await engine.resolveGroup(groupKey, "alerts")).toEqual([]);
    const next = await engine.openPage(request("checkout", groupKey));
    expect(next.opened).toBe(true);
    expect(next.page.id).not.toBe(page.id);
  });

  it("escalates on the clock's timers, only while it is the leader, and stops", async () => {
    let leader = false;
    const { clock, outbox, engine } = await setup({ isLeader: () => leader });
    const { page } = await engine.openPage(request("checkout"));
    engine.start();
    clock.set(MONDAY_NOON + 5 * MINUTE);
    await clock.advance(5000);
    leader = true;
    await engine.stop();
    expect(outbox.items).toHaveLength(1);
    engine.start();
    await clock.advance(5000);
    await engine.stop();
    expect(keysOf(outbox.items).slice(1)[0]).toBe(`page:${page.id}:0:1:carol:0`);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("exhausts a page whose EscalationPolicy does not exist, saying so", async () => {
    const { outbox, engine } = await setup();
    const { page } = await engine.openPage(request("missing"));
    expect(page).toMatchObject({ state: "triggered", nextEscalationAt: null, level: -1 });
    expect(outbox.items).toHaveLength(0);
    const events = await listPageEvents(store.db, page.id);
    expect(events.map((event) => event.event)).toEqual(["triggered", "exhausted"]);
    expect(events[1]?.detail).toEqual({ reason: 'there is no EscalationPolicy named "missing"' });
  });

  it("lists the pages of a time range with whom each reached, for on-call health", async () => {
    const { clock, engine } = await setup();
    const { page } = await engine.openPage(request("checkout"));
    await clock.advance(5 * MINUTE);
    await engine.tick();
    await clock.advance(MINUTE);
    await engine.acknowledge(page.id, "link:carol");
    await engine.resolve(page.id, "carol");
    const [record, ...others] = await listPageRecords(store.db, MONDAY_NOON, MONDAY_NOON + 1);
    expect(others).toEqual([]);
    expect(record).toEqual({
      id: page.id,
      createdAt: MONDAY_NOON,
      acknowledgedAt: MONDAY_NOON + 6 * MINUTE,
      resolvedAt: MONDAY_NOON + 6 * MINUTE,
      acknowledgedBy: "carol",
      notified: [
        { user: "alice", at: MONDAY_NOON },
        { user: "carol", at: MONDAY_NOON + 5 * MINUTE },
      ],
    });
    expect(await listPageRecords(store.db, MONDAY_NOON + 1, MONDAY_NOON + DAY)).toEqual([]);
  });
});
