import { describe, expect, it } from "vitest";
import { alertFingerprint } from "../../src/alerts/fingerprint.js";
import { normalizeAlert } from "../../src/alerts/ingest.js";
import type { LabelSet } from "../../src/alerts/model.js";
import { expireSilence, findSilence, listSilences, setSilence } from "../../src/alerts/silence-store.js";
import {
  findAlert,
  listFiringAlerts,
  listFiringAlertsWithLabel,
  readAlertHistory,
  recordAlertEvent,
  resolveExpired,
  upsertAlerts,
} from "../../src/alerts/store.js";
import type { Store } from "../../src/store/database.js";
import { backends, countQueries, openStoreForEachTest } from "../support/databases.js";

const NOW = Date.UTC(2026, 7, 20, 10);
const MINUTE = 60_000;
const TIMEOUT = 5 * MINUTE;
const alert = (labels: LabelSet, fields: { startsAt?: number; endsAt?: number } = {}, now = NOW) =>
  normalizeAlert({ labels, annotations: { summary: "slow" }, ...fields }, now, TIMEOUT);
const checkout = { alertname: "HighLatency", service: "checkout" };

describe.each(backends)("alert store on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });

  it("stores a batch, keeps the first startsAt of a resend, and writes fired once", async () => {
    await upsertAlerts(store, [alert(checkout, { startsAt: NOW - MINUTE })], "alertmanager", NOW);
    await upsertAlerts(store, [alert(checkout, {}, NOW + MINUTE)], "alertmanager", NOW + MINUTE);
    const fingerprint = alertFingerprint(checkout);
    expect(await findAlert(store.db, fingerprint)).toEqual({
      fingerprint,
      labels: checkout,
      annotations: { summary: "slow" },
      startsAt: NOW - MINUTE,
      endsAt: NOW + MINUTE + TIMEOUT,
      timeout: true,
      generatorUrl: null,
      source: "alertmanager",
      receivedAt: NOW,
      updatedAt: NOW + MINUTE,
    });
    expect((await readAlertHistory(store.db, fingerprint, 10)).map((entry) => entry.event)).toEqual(["fired"]);
    expect((await listFiringAlerts(store.db, NOW + MINUTE)).map((row) => row.fingerprint)).toEqual([fingerprint]);
  });

  it("writes 600 alerts in three batches of three statements each, inside transactions", async () => {
    const counted = countQueries(store.db);
    const many = Array.from({ length: 600 }, (_, index) => alert({ alertname: "Disk", instance: `host-${index}` }));
    const report = await upsertAlerts({ ...store, db: counted.db }, many, "alertmanager", NOW);
    expect(report.alerts).toHaveLength(600);
    expect(report.events.filter((event) => event.event === "fired")).toHaveLength(600);
    // select, upsert, history per batch, plus begin and commit are not counted by the plugin.
    expect(counted.count).toBe(9);
    expect(await listFiringAlerts(store.db, NOW)).toHaveLength(600);
  });

  it("resolves expired alerts once, at their end, and a resend then fires them again", async () => {
    await upsertAlerts(
      store,
      [alert(checkout), alert({ alertname: "Other" }, { endsAt: NOW + 60 * MINUTE })],
      "alertmanager",
      NOW,
    );
    expect(await resolveExpired(store, NOW + TIMEOUT - 1)).toEqual([]);
    const resolved = await resolveExpired(store, NOW + TIMEOUT);
    expect(resolved.map((row) => row.labels)).toEqual([checkout]);
    expect(await resolveExpired(store, NOW + TIMEOUT + MINUTE)).toEqual([]);
    const fingerprint = alertFingerprint(checkout);
    const history = await readAlertHistory(store.db, fingerprint, 10);
    expect(history.map(({ at, event }) => [event, at])).toEqual([
      ["resolved", NOW + TIMEOUT],
      ["fired", NOW],
    ]);
    expect(history[0]?.detail).toEqual({ endsAt: NOW + TIMEOUT, timeout: true });

    const later = NOW + 20 * MINUTE;
    await upsertAlerts(store, [alert(checkout, {}, later)], "alertmanager", later);
    expect((await readAlertHistory(store.db, fingerprint, 10)).map((entry) => entry.event)).toEqual([
      "fired",
      "resolved",
      "fired",
    ]);
    expect(await findAlert(store.db, fingerprint)).toMatchObject({ startsAt: later, receivedAt: later });
  });

  it("finds firing alerts by a label and records events beside ingest", async () => {
    const labels = { dedup_key: "abc", source: "db-1", severity: "critical" };
    await upsertAlerts(store, [alert(labels, { endsAt: NOW + 60 * MINUTE })], "pagerduty", NOW);
    await upsertAlerts(store, [alert({ dedup_key: "abc" })], "webhook", NOW);
    const found = await listFiringAlertsWithLabel(store.db, "pagerduty", { name: "dedup_key", value: "abc" }, NOW);
    expect(found.map((row) => row.labels)).toEqual([labels]);
    await recordAlertEvent(store.db, alertFingerprint(labels), "acknowledged", NOW + 1);
    expect((await readAlertHistory(store.db, alertFingerprint(labels), 1))[0]).toEqual({
      at: NOW + 1,
      event: "acknowledged",
      detail: {},
    });
  });
});

describe.each(backends)("silence store on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });
  const job = { name: "job", type: "=" as const, value: "batch" };
  const post = (fields = {}) => ({
    matchers: [job],
    startsAt: NOW - MINUTE,
    endsAt: NOW + 60 * MINUTE,
    createdBy: "ana",
    comment: "nightly restart",
    annotations: { ticket: "OPS-1" },
    ...fields,
  });

  it("makes a silence that starts no earlier than now, and reads it back", async () => {
    const { silence, change } = await setSilence(store, post(), NOW);
    expect(change).toBe("created");
    expect(silence.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await findSilence(store.db, silence.id)).toEqual({
      ...post(),
      id: silence.id,
      startsAt: NOW,
      updatedAt: NOW,
    });
  });

  it("changes a silence in place, or expires it for a new id when its matchers change", async () => {
    const { silence } = await setSilence(store, post(), NOW);
    const longer = await setSilence(
      store,
      post({ id: silence.id, startsAt: NOW, endsAt: NOW + 120 * MINUTE }),
      NOW + MINUTE,
    );
    expect(longer).toMatchObject({ change: "updated", silence: { id: silence.id, endsAt: NOW + 120 * MINUTE } });

    const other = await setSilence(
      store,
      post({ id: silence.id, startsAt: NOW, matchers: [{ ...job, value: "cron" }] }),
      NOW + 2 * MINUTE,
    );
    expect(other.change).toBe("created");
    expect(other.silence.id).not.toBe(silence.id);
    expect(other.replaced).toMatchObject({ id: silence.id, endsAt: NOW + 2 * MINUTE });
    expect((await listSilences(store.db)).map((row) => row.id).sort()).toEqual([silence.id, other.silence.id].sort());
    expect(await listSilences(store.db, { endedAfter: NOW + 3 * MINUTE })).toHaveLength(1);
  });

  it("expires a silence once; unknown ids are not found, bad silences invalid", async () => {
    const { silence } = await setSilence(store, post(), NOW);
    expect(await expireSilence(store, silence.id, NOW + MINUTE)).toMatchObject({ endsAt: NOW + MINUTE });
    await expect(expireSilence(store, silence.id, NOW + 2 * MINUTE)).rejects.toMatchObject({ code: "Conflict" });
    await expect(expireSilence(store, "00000000-0000-4000-8000-000000000000", NOW)).rejects.toMatchObject({
      code: "NotFound",
    });
    await expect(setSilence(store, post({ id: "nope" }), NOW)).rejects.toMatchObject({ code: "NotFound" });
    await expect(setSilence(store, post({ matchers: [] }), NOW)).rejects.toMatchObject({
      code: "Invalid",
      message: "silence invalid: at least one matcher required",
    });
  });
});
