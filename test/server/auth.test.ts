import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, monitorDocument, type TestApp } from "../support/app.js";

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}, remoteAddress = "127.0.0.1") =>
  t.nines.app.inject({ url, headers, remoteAddress });

describe("roles and expiry", () => {
  it("lets each role do what it includes and no more", async () => {
    t = await createTestApp({ anonymousRead: false });
    const viewer = await t.tokenFor("viewer");
    const editor = await t.tokenFor("editor");
    const apply = (headers: Record<string, string>) =>
      t.nines.app.inject({
        method: "POST",
        url: "/api/v1/apply",
        headers,
        payload: { documents: [monitorDocument("shop")] },
      });
    expect((await get("/api/v1/monitors", viewer)).statusCode).toBe(200);
    expect((await apply(viewer)).statusCode).toBe(403);
    expect((await apply(editor)).statusCode).toBe(200);
    expect((await get("/api/v1/tokens", editor)).statusCode).toBe(403);
    expect((await get("/api/v1/tokens", t.auth)).statusCode).toBe(200);
  });

  it("refuses a token once it has expired", async () => {
    t = await createTestApp({ anonymousRead: false });
    const token = await t.tokenFor("viewer", { expiresAt: t.clock.now() + 3_600_000 });
    expect((await get("/api/v1/monitors", token)).statusCode).toBe(200);
    await t.clock.advance(3_600_000);
    const expired = await get("/api/v1/monitors", token);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).toMatch(/expired/);
  });

  it("refuses a token with one character changed by its checksum", async () => {
    t = await createTestApp({ anonymousRead: false });
    const flipped = t.token.slice(0, 10) + (t.token[10] === "a" ? "b" : "a") + t.token.slice(11);
    const response = await get("/api/v1/monitors", { authorization: `Bearer ${flipped}` });
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toMatch(/checksum/);
  });
});

describe("anonymous read", () => {
  it("off: reads need a token, and /api/v1/info says so to whoever has one", async () => {
    t = await createTestApp({ anonymousRead: false });
    expect((await get("/api/v1/info")).statusCode).toBe(401);
    expect((await get("/api/v1/info", await t.tokenFor("viewer"))).json()).toMatchObject({ anonymousRead: false });
  });

  it("on: reads answer without a token, as an actor with no role; writes and admin routes still need one", async () => {
    t = await createTestApp({ anonymousRead: true });
    expect((await get("/api/v1/info")).json()).toMatchObject({ anonymousRead: true });
    expect((await get("/api/v1/monitors")).statusCode).toBe(200);
    expect((await get("/api/v1/tokens")).statusCode).toBe(401);
    const write = await t.nines.app.inject({ method: "POST", url: "/api/v1/apply", payload: { documents: [] } });
    expect(write.statusCode).toBe(401);
    // A heartbeat's push URL is a secret: shown to token holders only. (The engine gives it out.)
    await t.nines.start();
    const heartbeat = {
      apiVersion: "nines/v1",
      kind: "Monitor",
      metadata: { name: "backup" },
      spec: { type: "heartbeat", period: "1h", grace: "5m" },
    };
    await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: t.auth,
      payload: { documents: [heartbeat] },
    });
    expect((await get("/api/v1/monitors/backup")).json().heartbeatUrl).toBeNull();
    expect((await get("/api/v1/monitors")).json().items[0].heartbeatUrl).toBeNull();
    // The push URL lets whoever holds it report the job done: editors only.
    const viewer = await t.tokenFor("viewer");
    expect((await get("/api/v1/monitors/backup", viewer)).json().heartbeatUrl).toBeNull();
    const editor = await t.tokenFor("editor");
    expect((await get("/api/v1/monitors/backup", editor)).json().heartbeatUrl).toMatch(/^\/api\/v1\/heartbeat\//);
    expect((await get("/api/v1/monitors", editor)).json().items[0].heartbeatUrl).toMatch(/heartbeat/);
    // A token that is sent is checked: a wrong one is refused, not read as anonymous.
    expect((await get("/api/v1/monitors", { authorization: "Bearer nines_wrong" })).statusCode).toBe(401);
  });
});

describe("/metrics", () => {
  it("needs a viewer token unless metricsPublic is set", async () => {
    t = await createTestApp({ anonymousRead: false, metricsPublic: false });
    expect((await get("/metrics")).statusCode).toBe(401);
    expect((await get("/metrics", await t.tokenFor("viewer"))).statusCode).toBe(200);
    await t.close();
    t = await createTestApp({ anonymousRead: false, metricsPublic: true });
    const open = await get("/metrics");
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain("nines_http_requests_total");
  });
});

describe("failed authentication limit", () => {
  const limit = { burst: 3, refillEveryMs: 10_000, maxAddresses: 100 };
  const wrong = { authorization: "Bearer nines_wrong" };

  it("answers 429 with Retry-After after a burst of failures, without slowing valid tokens", async () => {
    const bursts: Array<[string, number]> = [];
    t = await createTestApp({
      anonymousRead: false,
      failedLoginLimit: limit,
      onFailedLoginBurst: (address, count) => bursts.push([address, count]),
    });
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await get("/api/v1/monitors", wrong, "192.0.2.1")).statusCode).toBe(401);
    const limited = await get("/api/v1/monitors", wrong, "192.0.2.1");
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBe("10");
    expect(limited.headers["content-type"]).toContain("application/problem+json");
    expect(limited.json().detail).toMatch(/too many failed authentications from 192\.0\.2\.1/);
    expect(bursts).toEqual([["192.0.2.1", 4]]);

    // The same address with a valid token: answered at once, nothing counted against it.
    expect((await get("/api/v1/monitors", t.auth, "192.0.2.1")).statusCode).toBe(200);
    // Another address is not affected.
    expect((await get("/api/v1/monitors", wrong, "192.0.2.2")).statusCode).toBe(401);
    // A missing token is not a failed login: it is answered 401, never 429.
    expect((await get("/api/v1/monitors", {}, "192.0.2.1")).statusCode).toBe(401);

    await t.clock.advance(10_000);
    expect((await get("/api/v1/monitors", wrong, "192.0.2.1")).statusCode).toBe(401);
    expect((await get("/api/v1/monitors", wrong, "192.0.2.1")).statusCode).toBe(429);
    expect(bursts).toHaveLength(1);
  });
});

describe("Host and Origin", () => {
  const apply = (headers: Record<string, string>) =>
    t.nines.app.inject({ method: "POST", url: "/api/v1/apply", headers, payload: { documents: [] } });

  it("refuses a Host the server does not answer to, naming the setting; health answers any Host", async () => {
    t = await createTestApp();
    const response = await get("/api/v1/monitors", { host: "evil.example" });
    expect(response.statusCode).toBe(421);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json().detail).toMatch(/"evil\.example".*--allowed-hosts \(NINES_ALLOWED_HOSTS\)/);
    expect((await get("/healthz", { host: "10.1.2.3:9999" })).statusCode).toBe(200);
    expect((await get("/api/v1/monitors", { host: "127.0.0.1:9999" })).statusCode).toBe(200);
  });

  it("answers to the hosts of the allowedHosts setting", async () => {
    t = await createTestApp({ allowedHosts: ["nines.example.com", ".internal"] });
    expect((await get("/api/v1/monitors", { host: "nines.example.com" })).statusCode).toBe(200);
    expect((await get("/api/v1/monitors", { host: "nines.ops.internal:8080" })).statusCode).toBe(200);
    expect((await get("/api/v1/monitors", { host: "localhost" })).statusCode).toBe(421);
  });

  it("refuses writes a page of another site sends, and lets the CLI and same-origin pages through", async () => {
    t = await createTestApp();
    const crossSite = await apply({ ...t.auth, origin: "https://evil.example" });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().detail).toMatch(/another site.*evil\.example/);
    expect((await apply({ ...t.auth, "sec-fetch-site": "cross-site" })).statusCode).toBe(403);
    expect((await apply({ ...t.auth, origin: "http://localhost", "sec-fetch-site": "same-origin" })).statusCode).toBe(
      200,
    );
    expect((await apply(t.auth)).statusCode).toBe(200);
    // Reads from anywhere are left to CORS, which Nines does not open.
    expect((await get("/api/v1/monitors", { origin: "https://evil.example" })).statusCode).toBe(200);
  });
});

describe("token API", () => {
  it("creates a token shown once, lists it without the secret, and revokes it", async () => {
    t = await createTestApp({ anonymousRead: false });
    const created = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: t.auth,
      payload: { name: "grafana", role: "viewer", expires: "90d" },
    });
    expect(created.statusCode).toBe(201);
    const { token, info } = created.json();
    expect(info).toMatchObject({ name: "grafana", role: "viewer", expiresAt: t.clock.now() + 90 * 86_400_000 });
    expect((await get("/api/v1/monitors", { authorization: `Bearer ${token}` })).statusCode).toBe(200);

    const list = await get("/api/v1/tokens", t.auth);
    expect(list.body).not.toContain(token);
    expect(list.json().items.map((item: { name: string }) => item.name)).toEqual(["grafana", "test"]);
    expect(list.json().items[0].lastUsedAt).toBe(t.clock.now());

    const revoked = await t.nines.app.inject({ method: "DELETE", url: "/api/v1/tokens/grafana", headers: t.auth });
    expect(revoked.statusCode).toBe(204);
    expect((await get("/api/v1/monitors", { authorization: `Bearer ${token}` })).statusCode).toBe(401);
    const again = await t.nines.app.inject({ method: "DELETE", url: "/api/v1/tokens/grafana", headers: t.auth });
    expect(again.statusCode).toBe(404);
  });

  it("refuses an unknown role, a bad duration and a taken name", async () => {
    t = await createTestApp({ anonymousRead: false });
    const create = (payload: Record<string, unknown>) =>
      t.nines.app.inject({ method: "POST", url: "/api/v1/tokens", headers: t.auth, payload });
    expect((await create({ name: "x", role: "root" })).statusCode).toBe(400);
    expect((await create({ name: "x", expires: "soon" })).json().detail).toMatch(/90d/);
    expect((await create({ name: "test" })).statusCode).toBe(409);
    expect((await create({ name: "x" })).json().info.role).toBe("viewer");
  });
});
