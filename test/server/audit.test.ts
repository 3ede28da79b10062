import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditRoutes } from "../../src/audit/routes.js";
import { createTestApp, monitorDocument, type TestApp } from "../support/app.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const apply = (documents: unknown[], prune = false) =>
  t.nines.app.inject({ method: "POST", url: "/api/v1/apply", headers: t.auth, payload: { documents, prune } });
const audit = (query = "") => t.nines.app.inject({ url: `/api/v1/audit${query}`, headers: t.auth });
const verify = (query = "") => t.nines.app.inject({ url: `/api/v1/audit/verify${query}`, headers: t.auth });

describe("audit API", () => {
  it("is for admins only", async () => {
    // Roles are enforced by the access module from this declaration; until then a token is needed.
    expect(auditRoutes(t.store).map((route) => [route.url, route.access])).toEqual([
      ["/api/v1/audit", "admin"],
      ["/api/v1/audit/verify", "admin"],
    ]);
    expect((await t.nines.app.inject({ url: "/api/v1/audit" })).statusCode).toBe(401);
    expect((await t.nines.app.inject({ url: "/api/v1/audit/verify" })).statusCode).toBe(401);
    const openApi = (await t.nines.app.inject({ url: "/api/v1/openapi.json" })).json();
    expect(Object.keys(openApi.paths)).toEqual(expect.arrayContaining(["/api/v1/audit", "/api/v1/audit/verify"]));
  });

  it("records applies and deletes through the API with versions, token and address", async () => {
    await apply([monitorDocument("shop"), monitorDocument("blog")]);
    await t.clock.advance(60_000);
    await apply([monitorDocument("shop", { interval: "1m" }), monitorDocument("blog")]);
    await apply([monitorDocument("shop", { interval: "1m" })], true);
    await t.nines.app.inject({ method: "DELETE", url: "/api/v1/objects/monitors/shop", headers: t.auth });
    await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/plan",
      headers: t.auth,
      payload: { documents: [monitorDocument("x")] },
    });

    const response = await audit();
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page).toMatchObject({ total: 5, limit: 50, offset: 0 });
    expect(
      page.items.map((r: Record<string, unknown>) => [r.action, r.kind, r.name, r.versionBefore, r.versionAfter]),
    ).toEqual([
      ["delete", "Monitor", "shop", 2, null],
      ["apply.delete", "Monitor", "blog", 1, null],
      ["apply.change", "Monitor", "shop", 1, 2],
      ["apply.create", "Monitor", "shop", null, 1],
      ["apply.create", "Monitor", "blog", null, 1],
    ]);
    expect(page.items[0]).toMatchObject({ actorName: "test", actorAddress: "127.0.0.1", seq: 5 });
    expect(page.items[2].at).toBe(t.clock.now());
    expect(page.items[4].at).toBe(t.clock.now() - 60_000);
    expect(response.body).not.toContain("shop.example");
  });

  it("pages and filters on the server", async () => {
    await apply(["a", "b", "c", "d"].map((name) => monitorDocument(name)));
    const second = (await audit("?limit=2&offset=2")).json();
    expect(second).toMatchObject({ total: 4, limit: 2, offset: 2 });
    expect(second.items.map((r: { seq: number }) => r.seq)).toEqual([2, 1]);
    const one = (await audit("?kind=Monitor&name=c&actor=test")).json();
    expect(one.items.map((r: { name: string }) => r.name)).toEqual(["c"]);
    expect((await audit("?actor=nobody")).json().total).toBe(0);
    expect((await audit("?limit=0")).statusCode).toBe(400);
    expect((await audit("?spec=x")).statusCode).toBe(400);
  });

  it("verifies the chain, against an anchor too, and names a tampered record", async () => {
    expect((await verify()).json()).toEqual({ ok: true, count: 0, head: null, problem: null });
    await apply(["a", "b", "c"].map((name) => monitorDocument(name)));
    const first = (await verify()).json();
    expect(first).toMatchObject({ ok: true, count: 3, head: { seq: 3 } });
    const anchor = `?seq=${first.head.seq}&hash=${first.head.hash}`;
    expect((await verify(anchor)).json().ok).toBe(true);
    expect((await verify(`?seq=${first.head.seq}`)).statusCode).toBe(400);
    expect((await verify(`?seq=1&hash=${"0".repeat(64)}`)).json().problem).toMatchObject({ reason: "edited", seq: 1 });

    await sql`update audit_log set version_after = 7 where seq = 2`.execute(t.store.db);
    const broken = (await verify(anchor)).json();
    expect(broken).toMatchObject({ ok: false, count: 3, problem: { position: 1, seq: 2, reason: "edited" } });
    expect(broken.problem.message).toContain("record 2");
  });

  it("records a burst of failed logins from one address once", async () => {
    const attempt = (remoteAddress: string) =>
      t.nines.app.inject({
        method: "POST",
        url: "/api/v1/apply",
        remoteAddress,
        headers: { authorization: "Bearer nines_guess" },
        payload: { documents: [] },
      });
    // The first ten are refused as unknown, the rest throttled: both are failed logins.
    for (let index = 0; index < 25; index++) expect([401, 429]).toContain((await attempt("198.51.100.7")).statusCode);
    await attempt("203.0.113.5");
    await t.nines.app.inject({ method: "POST", url: "/api/v1/apply", payload: { documents: [] } });
    const { items } = (await audit("?actor=anonymous")).json();
    expect(items).toEqual([
      expect.objectContaining({
        action: "login.failures",
        actorAddress: "198.51.100.7",
        detail: { failures: 10, since: t.clock.now(), windowMs: 300_000 },
      }),
    ]);
    expect((await verify()).json().ok).toBe(true);
  });

  it("records tokens made and revoked through the API, by whom, with the role but never the token", async () => {
    const made = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: t.auth,
      payload: { name: "ci", role: "editor" },
    });
    expect(made.statusCode).toBe(201);
    const revoked = await t.nines.app.inject({ method: "DELETE", url: "/api/v1/tokens/ci", headers: t.auth });
    expect(revoked.statusCode).toBe(204);
    const { items } = (await audit("?kind=Token")).json();
    expect(items).toEqual([
      expect.objectContaining({ action: "token.revoke", name: "ci", actorName: "test" }),
      expect.objectContaining({ action: "token.create", name: "ci", actorName: "test", detail: { role: "editor" } }),
    ]);
    expect(JSON.stringify(items)).not.toContain(made.json().token);
  });
});
