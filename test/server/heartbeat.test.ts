import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, monitorDocument, type TestApp } from "../support/app.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.nines.start();
});
afterEach(async () => {
  await t.close();
});

const heartbeat = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "nines/v1",
  kind: "Monitor",
  metadata: { name },
  spec: { type: "heartbeat", period: "5m", grace: "1m", ...spec },
});

const apply = (documents: unknown[]) =>
  t.nines.app.inject({ method: "POST", url: "/api/v1/apply", headers: t.auth, payload: { documents } });

/** The push URL as editors see it; the API shows it only to editors (see "push URL visibility"). */
async function heartbeatUrl(name: string): Promise<string> {
  // Not anonymously: the push URL is a secret that anonymous readers don't see.
  const view = (await t.nines.app.inject({ url: `/api/v1/monitors/${name}`, headers: t.auth })).json();
  return view.heartbeatUrl as string;
}

const events = async (name: string, query = "") =>
  (await t.nines.app.inject({ url: `/api/v1/monitors/${name}/events${query}` })).json().items as Array<{
    from: string;
    to: string;
    reason: string;
  }>;

describe("heartbeat push URL", () => {
  it("is shown on the monitor, kept across applies, and takes GET and POST pings without an API token", async () => {
    expect((await apply([heartbeat("backup")])).statusCode).toBe(200);
    const url = await heartbeatUrl("backup");
    expect(url).toMatch(/^\/api\/v1\/heartbeat\/[A-Za-z0-9_-]{22}$/);

    await apply([heartbeat("backup", { grace: "2m", description: "nightly database backup" })]);
    expect(await heartbeatUrl("backup")).toBe(url);

    const get = await t.nines.app.inject({ url });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toEqual({ ok: true });
    expect((await t.nines.app.inject({ method: "POST", url })).json()).toEqual({ ok: true });
    // `curl -d @backup.log URL` sends a form body; a ping takes any body.
    const form = await t.nines.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "dumped 42 tables",
    });
    expect(form.json()).toEqual({ ok: true });
    expect(await events("backup")).toEqual([
      { at: expect.any(Number), from: "pending", to: "up", reason: "first check passed" },
    ]);
    const results = (await t.nines.app.inject({ url: "/api/v1/monitors/backup/results" })).json().items;
    expect(results).toHaveLength(3);
  });

  it("records a failure the job reports, with its message or its text body", async () => {
    await apply([heartbeat("backup")]);
    const url = await heartbeatUrl("backup");
    await t.nines.app.inject({ url: `${url}?status=fail&msg=${encodeURIComponent("pg_dump: exit code 1")}` });
    expect((await events("backup"))[0]).toMatchObject({ to: "down", reason: "pg_dump: exit code 1" });
    await t.nines.app.inject({ url });
    await t.nines.app.inject({
      method: "POST",
      url: `${url}?status=fail`,
      headers: { "content-type": "text/plain" },
      payload: "disk full\n",
    });
    expect((await events("backup"))[0]).toMatchObject({ from: "up", to: "down", reason: "disk full" });
  });

  it("answers 404 for an unknown token, and for the token of a monitor that is no longer a heartbeat", async () => {
    for (const url of ["/api/v1/heartbeat/AAAAAAAAAAAAAAAAAAAAAA", "/api/v1/heartbeat/not%20a%20token"]) {
      const response = await t.nines.app.inject({ method: "POST", url });
      expect(response.statusCode).toBe(404);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.json().detail).toMatch(/no heartbeat monitor has this token/);
    }
    await apply([heartbeat("backup")]);
    const url = await heartbeatUrl("backup");
    await apply([monitorDocument("backup")]);
    expect(await heartbeatUrl("backup")).toBeNull();
    expect((await t.nines.app.inject({ url })).statusCode).toBe(404);
  });

  it("rejects an unknown status", async () => {
    await apply([heartbeat("backup")]);
    const response = await t.nines.app.inject({ url: `${await heartbeatUrl("backup")}?status=maybe` });
    expect(response.statusCode).toBe(400);
  });
});

describe("monitor events", () => {
  it("lists state changes newest first, paging back with `before`", async () => {
    await apply([heartbeat("backup", { failureThreshold: 1 })]);
    const url = await heartbeatUrl("backup");
    for (const query of ["", "?status=fail&msg=one", "", "?status=fail&msg=two"]) {
      await t.nines.app.inject({ url: `${url}${query}` });
      await t.clock.advance(1000);
    }
    const all = await events("backup");
    expect(all.map((event) => `${event.to}: ${event.reason}`)).toEqual([
      "down: two",
      "up: recovered after 1 successful check",
      "down: one",
      "up: first check passed",
    ]);
    const page = await t.nines.app.inject({ url: "/api/v1/monitors/backup/events?limit=2" });
    const [, second] = page.json().items as Array<{ at: number }>;
    const older = await events("backup", `?before=${second?.at}`);
    expect(older.map((event) => event.reason)).toEqual(["one", "first check passed"]);
  });

  it("answers 404 for an unknown monitor and 400 for a bad limit", async () => {
    expect((await t.nines.app.inject({ url: "/api/v1/monitors/nope/events" })).statusCode).toBe(404);
    await apply([monitorDocument("shop")]);
    expect((await t.nines.app.inject({ url: "/api/v1/monitors/shop/events" })).json()).toEqual({ items: [] });
    expect((await t.nines.app.inject({ url: "/api/v1/monitors/shop/events?limit=0" })).statusCode).toBe(400);
  });
});

describe("the Prometheus view of a monitor", () => {
  const metrics = async () => (await t.nines.app.inject({ url: "/metrics" })).body;

  it("appears with its first result and goes when the monitor is deleted", async () => {
    await apply([heartbeat("backup")]);
    expect(await metrics()).not.toContain('monitor="backup"');

    await t.nines.app.inject({ method: "POST", url: await heartbeatUrl("backup") });
    const text = await metrics();
    expect(text).toContain('nines_probe_success{monitor="backup",type="heartbeat"} 1');
    expect(text).toContain('nines_probe_checks_total{monitor="backup",result="up"} 1');
    expect(text).toContain('nines_probe_checks_total{monitor="backup",result="down"} 0');
    // A heartbeat has no HTTP response to report.
    expect(text).not.toContain("nines_probe_http_status_code{");

    const deleted = await t.nines.app.inject({
      method: "DELETE",
      url: "/api/v1/objects/Monitor/backup",
      headers: t.auth,
    });
    expect(deleted.statusCode).toBe(200);
    expect(await metrics()).not.toContain('monitor="backup"');
  });
});
