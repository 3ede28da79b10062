import { afterEach, describe, expect, it } from "vitest";
import { alertFingerprint } from "../../src/alerts/fingerprint.js";
import { createTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const checkout = { alertname: "HighLatency", service: "checkout", severity: "page" };

async function post(url: string, payload: unknown, headers: Record<string, string> = t.auth) {
  return t.nines.app.inject({ method: "POST", url, payload: payload as object, headers });
}
const get = (url: string) => t.nines.app.inject({ url, headers: t.auth });

describe("POST /api/v2/alerts", () => {
  it("takes the valid alerts of a batch and answers 400 with Alertmanager's message for the rest", async () => {
    t = await createTestApp();
    const ok = await post("/api/v2/alerts", [{ labels: checkout, annotations: { summary: "slow" } }]);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe("");

    const mixed = await post("/api/v2/alerts", [
      { labels: { alertname: "Disk", instance: "db-1" } },
      { labels: { "bad-name": "x" } },
      { labels: {} },
    ]);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.headers["content-type"]).toContain("application/json");
    const message = mixed.json() as string;
    expect(message).toMatch(/invalid label name "bad-name"/);
    expect(message).toMatch(/at least one label pair required/);

    const alerts = (await get("/api/v2/alerts")).json() as { labels: Record<string, string> }[];
    expect(alerts.map((alert) => alert.labels.alertname).sort()).toEqual(["Disk", "HighLatency"]);
  });

  it("needs a responder token; viewers are refused", async () => {
    t = await createTestApp({ anonymousRead: false });
    expect((await post("/api/v2/alerts", [{ labels: checkout }], {})).statusCode).toBe(401);
    const viewer = await post("/api/v2/alerts", [{ labels: checkout }], await t.tokenFor("viewer"));
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json()).toMatch(/role responder or above/);
    expect((await post("/api/v2/alerts", [{ labels: checkout }], await t.tokenFor("responder"))).statusCode).toBe(200);
  });

  it("lets senders of the alertIngestAllow networks post without a token, and no one else", async () => {
    t = await createTestApp({ anonymousRead: false, alertIngestAllow: ["10.1.0.0/16"] });
    const from = (remoteAddress: string) =>
      t.nines.app.inject({ method: "POST", url: "/api/v2/alerts", payload: [{ labels: checkout }], remoteAddress });
    expect((await from("10.1.2.3")).statusCode).toBe(200);
    expect((await from("::ffff:10.1.2.3")).statusCode).toBe(200);
    expect((await from("10.2.0.1")).statusCode).toBe(401);
    // Only posting alerts opens: reading still needs a token.
    const read = await t.nines.app.inject({ url: "/api/v2/alerts", remoteAddress: "10.1.2.3" });
    expect(read.statusCode).toBe(401);
  });
});

describe("GET /api/v2/alerts", () => {
  it("shows gettableAlerts and filters by matchers, silenced and receiver", async () => {
    t = await createTestApp();
    const now = t.clock.now();
    await post("/api/v2/alerts", [
      { labels: checkout, startsAt: iso(now - MINUTE), generatorURL: "http://prom:9090/graph" },
      { labels: { alertname: "Disk", instance: "db-1" }, endsAt: iso(now + 10 * MINUTE) },
    ]);
    const all = (await get("/api/v2/alerts")).json();
    const fingerprint = alertFingerprint(checkout);
    expect(all.find((alert: { fingerprint: string }) => alert.fingerprint === fingerprint)).toEqual({
      labels: checkout,
      annotations: {},
      generatorURL: "http://prom:9090/graph",
      receivers: [],
      fingerprint,
      startsAt: iso(now - MINUTE),
      updatedAt: iso(now),
      endsAt: iso(now + 5 * MINUTE),
      status: { state: "active", silencedBy: [], inhibitedBy: [], mutedBy: [] },
    });
    const filtered = (await get(`/api/v2/alerts?filter=${encodeURIComponent('alertname=~"High.*"')}`)).json();
    expect(filtered.map((alert: { fingerprint: string }) => alert.fingerprint)).toEqual([fingerprint]);

    const silence = await post("/api/v2/silences", {
      matchers: [{ name: "service", value: "checkout", isRegex: false, isEqual: true }],
      startsAt: iso(now),
      endsAt: iso(now + 60 * MINUTE),
      createdBy: "ana",
      comment: "deploy",
    });
    const { silenceID } = silence.json();
    const silenced = (await get("/api/v2/alerts")).json();
    expect(silenced.find((alert: { fingerprint: string }) => alert.fingerprint === fingerprint).status).toEqual({
      state: "suppressed",
      silencedBy: [silenceID],
      inhibitedBy: [],
      mutedBy: [],
    });
    expect((await get("/api/v2/alerts?silenced=false")).json()).toHaveLength(1);
    expect((await get("/api/v2/alerts?active=false")).json()).toHaveLength(1);
    // The basic pipeline routes nowhere: no alert has a receiver to match.
    expect((await get("/api/v2/alerts?receiver=.*")).json()).toEqual([]);

    await t.clock.advance(6 * MINUTE);
    expect(
      (await get("/api/v2/alerts")).json().map((alert: { labels: { alertname: string } }) => alert.labels.alertname),
    ).toEqual(["Disk"]);

    expect((await get("/api/v2/alerts?filter=nope")).statusCode).toBe(400);
    expect((await get("/api/v2/alerts?receiver=(")).json()).toMatch(/invalid regular expression/);
  });
});

describe("silences", () => {
  const body = (now: number, fields = {}) => ({
    matchers: [{ name: "job", value: "batch", isRegex: false, isEqual: true }],
    startsAt: iso(now),
    endsAt: iso(now + 60 * MINUTE),
    createdBy: "ana",
    comment: "nightly",
    ...fields,
  });

  it("makes, lists, changes, replaces and expires silences, each in the audit log", async () => {
    t = await createTestApp();
    const now = t.clock.now();
    const responder = await t.tokenFor("responder");
    const made = await post("/api/v2/silences", body(now), responder);
    expect(made.statusCode).toBe(200);
    const { silenceID } = made.json();
    const one = (await get(`/api/v2/silence/${silenceID}`)).json();
    expect(one).toEqual({
      id: silenceID,
      status: { state: "active" },
      updatedAt: iso(now),
      matchers: [{ name: "job", value: "batch", isRegex: false, isEqual: true }],
      startsAt: iso(now),
      endsAt: iso(now + 60 * MINUTE),
      createdBy: "ana",
      comment: "nightly",
      annotations: {},
    });

    const changed = await post(
      "/api/v2/silences",
      body(now, { id: silenceID, comment: "longer", endsAt: iso(now + 90 * MINUTE) }),
      responder,
    );
    expect(changed.json()).toEqual({ silenceID });
    const replaced = await post(
      "/api/v2/silences",
      body(now, { id: silenceID, matchers: [{ name: "job", value: "cron", isRegex: false, isEqual: true }] }),
      responder,
    );
    const newId = replaced.json().silenceID;
    expect(newId).not.toBe(silenceID);
    expect((await get(`/api/v2/silence/${silenceID}`)).json().status.state).toBe("expired");

    const listed = (await get("/api/v2/silences")).json();
    expect(listed.map((silence: { id: string }) => silence.id)).toEqual([newId, silenceID]);
    expect((await get("/api/v2/silences?expired=false")).json()).toHaveLength(1);
    expect((await get(`/api/v2/silences?filter=${encodeURIComponent('job="cron"')}`)).json()[0].id).toBe(newId);

    const deleted = await t.nines.app.inject({ method: "DELETE", url: `/api/v2/silence/${newId}`, headers: responder });
    expect(deleted.statusCode).toBe(200);
    const again = await t.nines.app.inject({ method: "DELETE", url: `/api/v2/silence/${newId}`, headers: responder });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toBe(`silence ${newId} already expired`);

    const audit = (await get("/api/v1/audit?kind=Silence")).json();
    expect(
      audit.items.map((record: { action: string; name: string; actorName: string }) => [record.action, record.name]),
    ).toEqual([
      ["silence.expire", newId],
      ["silence.create", newId],
      ["silence.expire", silenceID],
      ["silence.change", silenceID],
      ["silence.create", silenceID],
    ]);
    expect(audit.items[0].actorName).toMatch(/^test-responder/);
  });

  it("refuses bad silences with Alertmanager's messages", async () => {
    t = await createTestApp();
    const now = t.clock.now();
    const cases: [unknown, RegExp][] = [
      [body(now, { matchers: [] }), /at least one matcher required/],
      [body(now, { matchers: [{ name: "job", value: "(", isRegex: true }] }), /invalid regular expression/],
      [body(now, { matchers: [{ name: "job", value: ".*", isRegex: true }] }), /must not match the empty string/],
      [body(now, { endsAt: iso(now - MINUTE) }), /start time must be before end time/],
      [body(now, { startsAt: "soon" }), /RFC 3339/],
    ];
    for (const [payload, message] of cases) {
      const response = await post("/api/v2/silences", payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json()).toMatch(message);
    }
    expect((await post("/api/v2/silences", body(now, { id: "a-missing-id" }))).statusCode).toBe(404);
    expect((await get("/api/v2/silence/a-missing-id")).statusCode).toBe(404);
    const viewer = await post("/api/v2/silences", body(now), await t.tokenFor("viewer"));
    expect(viewer.statusCode).toBe(403);
  });
});

describe("status, receivers and groups", () => {
  it("answers as a ready single Alertmanager whose config is the routing objects", async () => {
    t = await createTestApp();
    const applied = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: t.auth,
      payload: {
        documents: [
          {
            apiVersion: "nines/v1",
            kind: "Receiver",
            metadata: { name: "sre" },
            spec: { channels: [{ type: "webhook", url: "https://hooks.example/secret-token" }] },
          },
          {
            apiVersion: "nines/v1",
            kind: "Route",
            metadata: { name: "pages" },
            spec: { receiver: "sre", matchers: ['severity="page"'] },
          },
        ],
      },
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const status = (await get("/api/v2/status")).json();
    expect(status.cluster).toEqual({
      name: "nines",
      status: "ready",
      peers: [{ name: "nines", address: "localhost:80" }],
    });
    expect(status.uptime).toBe(iso(t.clock.now()));
    expect(Object.keys(status.versionInfo).sort()).toEqual([
      "branch",
      "buildDate",
      "buildUser",
      "goVersion",
      "revision",
      "version",
    ]);
    expect(status.config.original).toContain("kind: Route");
    expect(status.config.original).toContain('severity="page"');
    expect(status.config.original).toContain("# Receivers: sre");
    expect(status.config.original).not.toContain("secret-token");
    expect((await get("/api/v2/receivers")).json()).toEqual([{ name: "sre" }]);
    expect((await get("/api/v2/alerts/groups")).json()).toEqual([]);
  });
});
