import { afterEach, describe, expect, it } from "vitest";
import { alertFingerprint } from "../../src/alerts/fingerprint.js";
import { createTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const MINUTE = 60_000;
const ROUTING_KEY = "0123456789abcdef0123456789abcdef";
const trigger = (fields: Record<string, unknown> = {}) => ({
  routing_key: ROUTING_KEY,
  event_action: "trigger",
  dedup_key: "db-1-disk",
  payload: { summary: "Disk 95% full on db-1", source: "db-1", severity: "critical", component: "postgres" },
  ...fields,
});
const pagerDuty = (payload: unknown, headers: Record<string, string> = t.auth) =>
  t.nines.app.inject({ method: "POST", url: "/api/v1/ingest/pagerduty", payload: payload as object, headers });
const detail = async (fingerprint: string) =>
  (await t.nines.app.inject({ url: `/api/v1/alerts/${fingerprint}`, headers: t.auth })).json();

const LABELS = { dedup_key: "db-1-disk", source: "db-1", severity: "critical", component: "postgres" };

describe("PagerDuty Events API v2 ingest", () => {
  it("fires on trigger, records acknowledge and ends on resolve, by dedup_key", async () => {
    t = await createTestApp();
    const triggered = await pagerDuty(trigger());
    expect(triggered.statusCode).toBe(202);
    expect(triggered.json()).toEqual({ status: "success", message: "Event processed", dedup_key: "db-1-disk" });
    const fingerprint = alertFingerprint(LABELS);
    expect(await detail(fingerprint)).toMatchObject({
      labels: LABELS,
      annotations: { summary: "Disk 95% full on db-1" },
      state: "firing",
      source: "pagerduty",
      timeout: false,
    });

    // An event that only fires once must not resolve by the resolve timeout.
    await t.clock.advance(60 * MINUTE);
    const ack = await pagerDuty({ routing_key: ROUTING_KEY, event_action: "acknowledge", dedup_key: "db-1-disk" });
    expect(ack.statusCode).toBe(202);
    const resolve = await pagerDuty({ routing_key: ROUTING_KEY, event_action: "resolve", dedup_key: "db-1-disk" });
    expect(resolve.statusCode).toBe(202);
    const after = await detail(fingerprint);
    expect(after.state).toBe("resolved");
    expect(after.history.map((entry: { event: string }) => entry.event)).toEqual(["resolved", "acknowledged", "fired"]);
  });

  it("makes a dedup_key when a trigger has none, and a re-trigger with new labels replaces the alert", async () => {
    t = await createTestApp();
    const made = await pagerDuty(trigger({ dedup_key: undefined }));
    expect(made.json().dedup_key).toMatch(/^[0-9a-f-]{36}$/);
    await pagerDuty(trigger());
    await pagerDuty(trigger({ payload: { summary: "worse", source: "db-1", severity: "error" } }));
    const firing = (await t.nines.app.inject({ url: "/api/v1/alerts?state=firing", headers: t.auth })).json();
    expect(
      firing.items.map((alert: { labels: { severity: string; dedup_key: string } }) => alert.labels.severity).sort(),
    ).toEqual(["critical", "error"]);
    expect((await detail(alertFingerprint(LABELS))).state).toBe("resolved");
  });

  it("answers a bad event with PagerDuty's invalid-event body", async () => {
    t = await createTestApp();
    const response = await pagerDuty({ event_action: "resolve", payload: { severity: "loud" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      status: "invalid event",
      message: "Event object is invalid",
      errors: ["'routing_key' is missing or blank", "'dedup_key' is required to resolve"],
    });
    const trig = await pagerDuty(trigger({ payload: { summary: "", source: "x", severity: "loud" } }));
    expect(trig.json().errors).toEqual([
      "'payload.summary' is missing or blank",
      "'payload.severity' is missing or invalid: expected critical, error, warning or info",
    ]);
    expect((await pagerDuty(trigger(), await t.tokenFor("viewer"))).statusCode).toBe(403);
  });
});

describe("the generic webhook", () => {
  const webhook = (payload: unknown) =>
    t.nines.app.inject({ method: "POST", url: "/api/v1/ingest/webhook", payload: payload as object, headers: t.auth });

  it("takes one alert or a list, with status resolved ending it now, and lists the invalid ones", async () => {
    t = await createTestApp();
    const labels = { alertname: "BackupFailed", job: "backup" };
    const one = await webhook({ labels, annotations: { summary: "backup failed" } });
    expect(one.statusCode).toBe(202);
    expect(one.json()).toEqual({ accepted: 1 });
    const fingerprint = alertFingerprint(labels);
    expect((await detail(fingerprint)).state).toBe("firing");

    await t.clock.advance(MINUTE);
    const list = await webhook([{ labels, status: "resolved" }, { labels: {} }, { labels, status: "maybe" }]);
    expect(list.statusCode).toBe(400);
    expect(list.json().issues.map((issue: { path: string }) => issue.path)).toEqual(["/1", "/2/status"]);
    const resolved = await detail(fingerprint);
    expect(resolved).toMatchObject({ state: "resolved", endsAt: t.clock.now(), source: "webhook" });
    expect(resolved.history.map((entry: { event: string }) => entry.event)).toEqual(["resolved", "fired"]);
  });
});

describe("GET /api/v1/alerts", () => {
  it("pages alerts by state and matchers, and 404s an unknown fingerprint", async () => {
    t = await createTestApp();
    for (const index of [1, 2, 3])
      await t.nines.app.inject({
        method: "POST",
        url: "/api/v1/ingest/webhook",
        headers: t.auth,
        payload: { labels: { alertname: "Disk", instance: `db-${index}` } },
      });
    const page = (
      await t.nines.app.inject({ url: '/api/v1/alerts?limit=2&filter={instance=~"db-[12]"}', headers: t.auth })
    ).json();
    expect(page).toMatchObject({ total: 2, limit: 2, offset: 0 });
    expect(page.items.map((alert: { labels: { instance: string } }) => alert.labels.instance).sort()).toEqual([
      "db-1",
      "db-2",
    ]);
    expect((await t.nines.app.inject({ url: "/api/v1/alerts?state=resolved", headers: t.auth })).json().total).toBe(0);
    expect((await t.nines.app.inject({ url: "/api/v1/alerts/0000000000000000", headers: t.auth })).statusCode).toBe(
      404,
    );
  });
});
