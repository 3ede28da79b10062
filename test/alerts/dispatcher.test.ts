import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type AlertEngine, createAlertEngine, type PageOpener } from "../../src/alerts/engine.js";
import { normalizeAlert } from "../../src/alerts/ingest.js";
import { DEFAULT_RESOLVE_TIMEOUT_MS, type IncomingAlert } from "../../src/alerts/model.js";
import { resolveExpired, upsertAlerts } from "../../src/alerts/store.js";
import { createConfigService } from "../../src/config/apply.js";
import { ObjectEvents } from "../../src/config/events.js";
import { createManualClock, type ManualClock } from "../../src/core/clock.js";
import { KINDS } from "../../src/kinds.js";
import { enqueueNotifications } from "../../src/notify/outbox-store.js";
import { createEphemeralKeyring } from "../../src/secrets/keyring.js";
import { createSecretVault } from "../../src/secrets/seal.js";
import type { Store } from "../../src/store/store.js";
import { backends, openStoreForEachTest } from "../support/databases.js";

/**
 * The dispatcher end to end on a real database and a manual clock: Alertmanager's grouping timers,
 * the dedup rule, silences, inhibition, pages, and a flush that two leaders can't repeat.
 */
const START = Date.UTC(2026, 11, 1, 12);
const ACTOR = { name: "test", role: "admin" as const, address: "127.0.0.1" };

const routing = (extra: object[] = []) => [
  {
    apiVersion: "nines/v1",
    kind: "Receiver",
    metadata: { name: "team" },
    spec: { channels: [{ type: "webhook", url: "https://hooks.example.com/team" }] },
  },
  {
    apiVersion: "nines/v1",
    kind: "Route",
    metadata: { name: "team" },
    spec: { receiver: "team", groupBy: ["service"], groupWait: "30s", groupInterval: "5m", repeatInterval: "4h" },
  },
  ...extra,
];

describe.each(backends)("the alert dispatcher on $name", (backend) => {
  let store: Store;
  let clock: ManualClock;
  let engines: AlertEngine[] = [];
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });
  afterEach(async () => {
    for (const engine of engines) await engine.stop();
    engines = [];
  });

  async function setUp(documents: object[], pages?: PageOpener) {
    clock = createManualClock(START);
    const events = new ObjectEvents();
    const config = createConfigService({
      store,
      kinds: KINDS,
      events,
      clock,
      vault: createSecretVault({ keyring: createEphemeralKeyring() }),
    });
    await config.apply(documents as never, { actor: ACTOR });
    return { events, config, engine: engine(events, pages) };
  }

  function engine(events: ObjectEvents, pages?: PageOpener) {
    const made = createAlertEngine({
      store,
      clock,
      logger: pino({ level: process.env.TEST_LOG ?? "silent" }),
      events,
      // As the server does: the engine takes what its own ingest stored, and reads the rest by polling.
      async storeAlerts(alerts, source, now) {
        const report = await upsertAlerts(
          store,
          alerts.map((alert) => normalizeAlert(alert, now, DEFAULT_RESOLVE_TIMEOUT_MS)),
          source,
          now,
        );
        return { accepted: alerts.length, stored: report.alerts.map(({ resolvedAt: _resolved, ...alert }) => alert) };
      },
      resolveExpired: (now) => resolveExpired(store, now),
      isLeader: () => true,
      outbox: { enqueue: (items, trx) => enqueueNotifications(trx ?? store.db, items, clock.now()) },
      ...(pages && { pages }),
      externalUrl: "http://nines.test",
    });
    engines.push(made);
    return made;
  }

  const firing = (name: string, service = "checkout", extra: Record<string, string> = {}): IncomingAlert => ({
    labels: { alertname: name, service, ...extra },
    annotations: { summary: `${name} on ${service}` },
    endsAt: clock.now() + 10 * 60_000,
  });

  async function sent() {
    const rows = await store.db.selectFrom("notifications").selectAll().orderBy("id").execute();
    return rows.map((row) => {
      const content = JSON.parse(String(typeof row.content === "string" ? row.content : JSON.stringify(row.content)));
      return {
        status: content.status as string,
        reason: content.reason as string,
        alerts: (content.alerts as { labels: { alertname: string }; status: string }[]).map(
          (alert) => `${alert.labels.alertname}:${alert.status}`,
        ),
      };
    });
  }

  async function at(offsetMs: number, engineToTick: AlertEngine) {
    clock.set(START + offsetMs);
    await engineToTick.tick();
  }

  it("waits group_wait, then tells changes each group_interval, repeats, and tells the resolve", async () => {
    const { engine } = await setUp(routing());
    await engine.ingest([firing("HighErrorRate"), firing("HighLatency")], "alertmanager");
    await engine.tick();
    await engine.tick();
    expect(await sent()).toEqual([]);
    await at(29_000, engine);
    expect(await sent()).toEqual([]);
    await at(30_000, engine);
    expect(await sent()).toEqual([
      { status: "firing", reason: "first notification", alerts: ["HighErrorRate:firing", "HighLatency:firing"] },
    ]);

    // A new alert joins: told at the next group_interval, not before.
    clock.set(START + 60_000);
    await engine.ingest([firing("HighErrorRate"), firing("HighLatency"), firing("DiskFull")], "alertmanager");
    await engine.tick();
    await at(5 * 60_000 + 29_000, engine);
    expect(await sent()).toHaveLength(1);
    await at(5 * 60_000 + 30_000, engine);
    expect((await sent())[1]?.reason).toBe("new alerts added");

    // The sender stops resending: each alert resolves at its endsAt and the resolve is told.
    await at(10 * 60_000 + 30_000, engine);
    expect(await sent()).toHaveLength(2);
    await at(15 * 60_000 + 30_000, engine);
    const all = await sent();
    expect(all[2]).toEqual({
      status: "resolved",
      reason: "all alerts resolved",
      alerts: ["HighErrorRate:resolved", "HighLatency:resolved", "DiskFull:resolved"],
    });
    expect(await store.db.selectFrom("alert_groups").selectAll().execute()).toEqual([]);
  });

  it("repeats an unchanged firing group after repeat_interval", async () => {
    const { engine } = await setUp(routing());
    for (let minute = 0; minute <= 4 * 60 + 10; minute++) {
      clock.set(START + minute * 60_000);
      await engine.ingest([firing("HighErrorRate")], "alertmanager");
      await engine.tick();
      await engine.tick();
    }
    expect((await sent()).map((message) => message.reason)).toEqual(["first notification", "repeat interval elapsed"]);
  });

  it("still tells the resolve of a notified alert that was silenced before it resolved", async () => {
    const { engine } = await setUp(routing());
    await engine.ingest([firing("HighErrorRate")], "alertmanager");
    await engine.tick();
    await at(30_000, engine);
    await store.db
      .insertInto("silences")
      .values({
        id: "0f6c2b6e-1c1d-4b8e-9d7e-3b5c1d2e3f40",
        matchers: JSON.stringify([{ name: "alertname", value: "HighErrorRate", isRegex: false, isEqual: true }]),
        starts_at: START + 60_000,
        ends_at: START + 3_600_000,
        created_by: "test",
        comment: "maintenance",
        updated_at: START + 60_000,
      })
      .execute();
    await engine.silencesChanged();
    clock.set(START + 2 * 60_000);
    await engine.ingest([{ ...firing("HighErrorRate"), endsAt: START + 2 * 60_000 - 1 }], "alertmanager");
    await engine.tick();
    await at(5 * 60_000 + 30_000, engine);
    expect((await sent()).map((message) => message.status)).toEqual(["firing", "resolved"]);
    const history = await store.db.selectFrom("alert_history").select("event").orderBy("id").execute();
    expect(history.map((row) => row.event)).toEqual(
      expect.arrayContaining(["fired", "grouped", "notified", "silenced", "resolved"]),
    );
  });

  it("does not tell an alert inhibited by a firing source with the same equal labels", async () => {
    const { engine } = await setUp(
      routing([
        {
          apiVersion: "nines/v1",
          kind: "InhibitRule",
          metadata: { name: "critical-mutes-warning" },
          spec: { sourceMatchers: ['severity="critical"'], targetMatchers: ['severity="warning"'], equal: ["service"] },
        },
      ]),
    );
    await engine.ingest(
      [
        firing("Down", "checkout", { severity: "critical" }),
        firing("Slow", "checkout", { severity: "warning" }),
        firing("Slow", "cart", { severity: "warning" }),
      ],
      "alertmanager",
    );
    await engine.tick();
    await at(30_000, engine);
    expect((await sent()).map((message) => message.alerts).sort()).toEqual([["Down:firing"], ["Slow:firing"]]);
  });

  it("opens a page for a receiver with an escalation policy, and resolves it with the group", async () => {
    const calls: string[] = [];
    const pages: PageOpener = {
      openPage: async (input) => calls.push(`open ${input.policy} ${input.title}`),
      resolveGroup: async (key, by) => calls.push(`resolve ${key.endsWith('{service="checkout"}')} ${by}`),
    };
    const { engine } = await setUp(
      [
        {
          apiVersion: "nines/v1",
          kind: "Receiver",
          metadata: { name: "team" },
          spec: { escalationPolicy: "checkout" },
        },
        { apiVersion: "nines/v1", kind: "User", metadata: { name: "alice" }, spec: {} },
        {
          apiVersion: "nines/v1",
          kind: "EscalationPolicy",
          metadata: { name: "checkout" },
          spec: { levels: [{ targets: [{ user: "alice" }] }] },
        },
        routing()[1] as object,
      ],
      pages,
    );
    await engine.ingest([firing("HighErrorRate")], "alertmanager");
    await engine.tick();
    await at(30_000, engine);
    clock.set(START + 60_000);
    await engine.ingest([{ ...firing("HighErrorRate"), endsAt: START + 60_000 }], "alertmanager");
    await engine.tick();
    await at(5 * 60_000 + 30_000, engine);
    expect(calls).toEqual(["open checkout HighErrorRate: HighErrorRate on checkout", "resolve true source"]);
  });

  it("enqueues each message once when two leaders flush the same group", async () => {
    const { engine: first, events } = await setUp(routing());
    const second = engine(events);
    await first.ingest([firing("HighErrorRate")], "alertmanager");
    await first.tick();
    await first.tick();
    await second.tick();
    clock.set(START + 30_000);
    await Promise.all([first.tick(), second.tick()]);
    await Promise.all([first.tick(), second.tick()]);
    expect(await sent()).toHaveLength(1);
  });
});
