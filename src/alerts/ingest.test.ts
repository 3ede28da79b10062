import { describe, expect, it } from "vitest";
import { alertFingerprint } from "./fingerprint.js";
import {
  checkAlerts,
  checkWebhookAlerts,
  mergeAlert,
  type NormalizedAlert,
  normalizeAlert,
  type TrackedAlert,
} from "./ingest.js";

const NOW = Date.UTC(2026, 7, 20, 10);
const MINUTE = 60_000;
const TIMEOUT = 5 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();
const labels = { alertname: "HighLatency", service: "checkout" };

describe("checkAlerts", () => {
  it("keeps the valid alerts of a batch and names each invalid one with what is wrong", () => {
    const { alerts, issues } = checkAlerts(
      [
        { labels },
        { labels: {} },
        { labels: { "1st": "x" } },
        { labels, startsAt: iso(NOW), endsAt: iso(NOW - MINUTE) },
        { labels, startsAt: "yesterday" },
        { labels: { b: "x" }, annotations: { summary: 3 } },
        "not an alert",
        { labels: { ok: "yes" }, endsAt: iso(NOW + MINUTE) },
      ],
      NOW,
      TIMEOUT,
    );
    expect(alerts.map((alert) => alert.labels)).toEqual([labels, { ok: "yes" }]);
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ["/1", expect.stringContaining("at least one label pair required")],
      ["/2", expect.stringContaining('invalid label name "1st"')],
      ["/3", expect.stringContaining("start time must be before end time")],
      ["/4", expect.stringContaining("startsAt must be an RFC 3339 instant")],
      ["/5", expect.stringContaining("invalid annotation value of summary")],
      ["/6", "expected an alert object with labels"],
    ]);
    expect(issues[2]?.message).toMatch(/^HighLatency\[[0-9a-f]{7}\]: /);
  });

  it("refuses a startsAt beyond the default end, and reads Go's zero time as unset", () => {
    const late = checkAlerts([{ labels, startsAt: iso(NOW + TIMEOUT + 1) }], NOW, TIMEOUT);
    expect(late.issues).toHaveLength(1);
    const zero = checkAlerts(
      [{ labels, startsAt: "0001-01-01T00:00:00.000Z", endsAt: "0001-01-01T00:00:00Z" }],
      NOW,
      TIMEOUT,
    );
    expect(zero.issues).toEqual([]);
    expect(zero.alerts[0]).toEqual({ labels, annotations: {} });
  });

  it("reads a webhook's status: resolved without endsAt ends now; another status is an issue", () => {
    const { alerts, issues } = checkWebhookAlerts(
      [{ labels, status: "resolved" }, { labels, status: "open" }, { labels: {} }],
      NOW,
      TIMEOUT,
    );
    expect(alerts).toEqual([{ labels, annotations: {}, endsAt: NOW }]);
    expect(issues.map((issue) => issue.path)).toEqual(["/1/status", "/2"]);
  });
});

describe("normalizeAlert", () => {
  it("starts now and ends after the resolve timeout, marked timeout, when the sender says neither", () => {
    expect(normalizeAlert({ labels }, NOW, TIMEOUT)).toEqual({
      fingerprint: alertFingerprint(labels),
      labels,
      annotations: {},
      startsAt: NOW,
      endsAt: NOW + TIMEOUT,
      timeout: true,
      generatorUrl: null,
    });
  });

  it("starts a bare resolve at its end, so it is valid", () => {
    const alert = normalizeAlert({ labels, endsAt: NOW - MINUTE }, NOW, TIMEOUT);
    expect(alert).toMatchObject({ startsAt: NOW - MINUTE, endsAt: NOW - MINUTE, timeout: false });
  });
});

const incoming = (fields: Partial<NormalizedAlert>): NormalizedAlert => ({
  ...normalizeAlert({ labels }, NOW, TIMEOUT),
  ...fields,
});
const stored = (fields: Partial<TrackedAlert>): TrackedAlert => ({
  ...incoming({}),
  source: "alertmanager",
  receivedAt: NOW - 10 * MINUTE,
  updatedAt: NOW - MINUTE,
  resolvedAt: null,
  ...fields,
});

describe("mergeAlert", () => {
  it("fires a new alert", () => {
    const { alert, events } = mergeAlert(undefined, incoming({}), "alertmanager", NOW);
    expect(alert).toMatchObject({ startsAt: NOW, receivedAt: NOW, updatedAt: NOW, resolvedAt: null });
    expect(events).toEqual([
      { fingerprint: alert.fingerprint, at: NOW, event: "fired", detail: { startsAt: NOW, source: "alertmanager" } },
    ]);
  });

  it("keeps the original startsAt of a firing alert sent again without one", () => {
    const old = stored({ startsAt: NOW - 10 * MINUTE, endsAt: NOW + 2 * MINUTE, timeout: false });
    const { alert, events } = mergeAlert(
      old,
      incoming({ endsAt: NOW + 4 * MINUTE, timeout: false }),
      "alertmanager",
      NOW,
    );
    expect(alert).toMatchObject({
      startsAt: NOW - 10 * MINUTE,
      endsAt: NOW + 4 * MINUTE,
      receivedAt: NOW - 10 * MINUTE,
    });
    expect(events).toEqual([]);
  });

  it("lets a sender's later explicit endsAt outlast a resolve timeout, not the other way round", () => {
    const explicit = stored({ startsAt: NOW - MINUTE, endsAt: NOW + 30 * MINUTE, timeout: false });
    expect(mergeAlert(explicit, incoming({}), "alertmanager", NOW).alert).toMatchObject({
      endsAt: NOW + 30 * MINUTE,
      timeout: false,
    });
    const timedOut = stored({ startsAt: NOW - MINUTE, endsAt: NOW + 30 * MINUTE, timeout: true });
    expect(mergeAlert(timedOut, incoming({}), "alertmanager", NOW).alert).toMatchObject({
      endsAt: NOW + TIMEOUT,
      timeout: true,
    });
  });

  it("resolves a firing alert when its end arrives, once", () => {
    const old = stored({ startsAt: NOW - 10 * MINUTE, endsAt: NOW + MINUTE, timeout: false });
    const resolve = incoming({ startsAt: NOW - 10 * MINUTE, endsAt: NOW - 1000, timeout: false });
    const first = mergeAlert(old, resolve, "alertmanager", NOW);
    expect(first.events).toEqual([
      { fingerprint: old.fingerprint, at: NOW, event: "resolved", detail: { endsAt: NOW - 1000 } },
    ]);
    expect(first.alert.resolvedAt).toBe(NOW);
    expect(mergeAlert(first.alert, resolve, "alertmanager", NOW + MINUTE).events).toEqual([]);
  });

  it("fires again after a resolve, with the new startsAt", () => {
    const old = stored({ startsAt: NOW - 30 * MINUTE, endsAt: NOW - 20 * MINUTE, resolvedAt: NOW - 20 * MINUTE });
    const { alert, events } = mergeAlert(
      old,
      incoming({ startsAt: NOW - MINUTE, timeout: false }),
      "alertmanager",
      NOW,
    );
    expect(alert).toMatchObject({ startsAt: NOW - MINUTE, receivedAt: NOW, resolvedAt: null });
    expect(events.map((event) => event.event)).toEqual(["fired"]);
  });

  it("records the resolution of an alert whose end passed unseen before it fires again", () => {
    const old = stored({ startsAt: NOW - 30 * MINUTE, endsAt: NOW - 20 * MINUTE, timeout: true });
    const { events } = mergeAlert(old, incoming({}), "alertmanager", NOW);
    expect(events).toEqual([
      {
        fingerprint: old.fingerprint,
        at: NOW - 20 * MINUTE,
        event: "resolved",
        detail: { endsAt: NOW - 20 * MINUTE, timeout: true },
      },
      expect.objectContaining({ at: NOW, event: "fired" }),
    ]);
  });
});
