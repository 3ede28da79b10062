import { describe, expect, it } from "vitest";
import { pruneAlerting } from "../../src/server/alerting-retention.js";
import type { Store } from "../../src/store/store.js";
import { backends, openStoreForEachTest } from "../support/databases.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);

describe.each(backends)("alerting retention on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });

  it("drops resolved alerts, history and finished notifications past 90 days, and keeps the rest", async () => {
    const alert = (fingerprint: string, resolvedAt: number | null) => ({
      fingerprint,
      labels: "{}",
      annotations: "{}",
      starts_at: NOW - 200 * DAY,
      ends_at: resolvedAt ?? NOW + DAY,
      timeout: 0,
      generator_url: null,
      source: "alertmanager",
      received_at: NOW - 200 * DAY,
      updated_at: NOW - 100 * DAY,
      resolved_at: resolvedAt,
    });
    await store.db
      .insertInto("alerts")
      .values([alert("old", NOW - 91 * DAY), alert("recent", NOW - 10 * DAY), alert("firing", null)])
      .execute();
    await store.db
      .insertInto("alert_history")
      .values([
        { fingerprint: "old", at: NOW - 91 * DAY, event: "fired", detail: "{}" },
        { fingerprint: "recent", at: NOW - DAY, event: "fired", detail: "{}" },
      ])
      .execute();
    const notification = (key: string, state: "pending" | "delivered" | "dead", createdAt: number) => ({
      idempotency_key: key,
      channel_type: "inbox",
      destination: "receiver/team/0",
      channel: '{"type":"inbox","name":"team"}',
      content: "{}",
      subject: "s",
      source: "group:x",
      state,
      attempts: 1,
      next_attempt_at: createdAt,
      created_at: createdAt,
    });
    await store.db
      .insertInto("notifications")
      .values([
        notification("old-delivered", "delivered", NOW - 91 * DAY),
        notification("old-pending", "pending", NOW - 91 * DAY),
        notification("new-dead", "dead", NOW - DAY),
      ])
      .execute();

    expect(await pruneAlerting(store, NOW)).toBe(3);
    const alerts = await store.db.selectFrom("alerts").select("fingerprint").orderBy("fingerprint").execute();
    expect(alerts.map((row) => row.fingerprint)).toEqual(["firing", "recent"]);
    const history = await store.db.selectFrom("alert_history").select("fingerprint").execute();
    expect(history.map((row) => row.fingerprint)).toEqual(["recent"]);
    const left = await store.db
      .selectFrom("notifications")
      .select("idempotency_key")
      .orderBy("idempotency_key")
      .execute();
    expect(left.map((row) => row.idempotency_key)).toEqual(["new-dead", "old-pending"]);
  });
});
