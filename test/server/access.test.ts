import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { classifyToken } from "../../src/auth/token-format.js";
import { type Access, allows, ROLES, type Role } from "../../src/core/access.js";
import type { ServedRoute } from "../../src/server/app.js";
import { createTestApp, type TestApp } from "../support/app.js";

/**
 * Every route the assembled app serves, called with no token, a wrong token and a token of each
 * role: the answer must match the access the route declares. Routes come from Fastify itself, so
 * a route added anywhere is covered, and one that declares no access fails here.
 */
let t: TestApp;
let webDir: string;
beforeAll(() => {
  // A built UI of two files, so the page's own routes are called too.
  webDir = mkdtempSync(path.join(tmpdir(), "nines-access-web-"));
  mkdirSync(path.join(webDir, "assets"));
  writeFileSync(path.join(webDir, "index.html"), "<!doctype html><title>Nines</title>");
  writeFileSync(path.join(webDir, "assets", "app-1a2b3c.js"), "export {};");
});
afterAll(() => rmSync(webDir, { recursive: true, force: true }));
afterEach(async () => {
  await t?.close();
});

// A token of the right shape and checksum that no database holds.
const UNKNOWN_TOKEN = `nines_${"0".repeat(40)}0OsxS8`;

const NOT_ALLOWED = [401, 403];

async function call(route: ServedRoute, headers: Record<string, string>) {
  const url = route.url.replace(/:[^/]+/g, "x").replace(/\*$/, "x");
  const withBody = route.method === "POST" || route.method === "PUT";
  return t.nines.app.inject({
    method: route.method as "GET",
    url,
    // Each call from its own address, so the failed-login limit of one address never answers here.
    remoteAddress: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    headers: { ...headers, ...(withBody ? { "content-type": "application/json" } : {}) },
    ...(withBody ? { payload: "{}" } : {}),
  });
}

/** What a caller of `role` (undefined: no token) should get from a route that needs `access`. */
function expectAnswer(status: number, access: Access, role: Role | undefined, anonymousRead: boolean, label: string) {
  const open =
    role === undefined ? access === "public" || (anonymousRead && access === "viewer") : allows(role, access);
  if (open) {
    expect(NOT_ALLOWED, `${label}: ${status}`).not.toContain(status);
    // 503 is the demo shop failing on purpose; a 500 is a bug.
    expect(status, label).not.toBe(500);
  } else {
    expect(status, label).toBe(role === undefined ? 401 : 403);
  }
}

async function tokensByRole() {
  const tokens = {} as Record<Role, { authorization: string }>;
  for (const role of ROLES) tokens[role] = await t.tokenFor(role);
  return tokens;
}

describe.each([false, true])("every route, with anonymous read %s", (anonymousRead) => {
  it("declares its access and answers each role as declared", async () => {
    t = await createTestApp({ anonymousRead, demo: true, webDir });
    expect(classifyToken(UNKNOWN_TOKEN)).toBe("current");
    const routes = t.nines.routes();
    expect(routes.length).toBeGreaterThan(15);
    const undeclared = routes.filter((route) => route.access === undefined);
    expect(undeclared, "routes without a declared access").toEqual([]);
    expect(routes.map((route) => `${route.method} ${route.url}`)).toEqual(
      expect.arrayContaining([
        "POST /api/v1/apply",
        "GET /api/v1/tokens",
        "GET /healthz",
        "GET /metrics",
        "GET /assets/app-1a2b3c.js",
      ]),
    );

    const tokens = await tokensByRole();
    for (const route of routes) {
      const access = route.access as Access;
      const label = `${route.method} ${route.url} (${access})`;
      expectAnswer((await call(route, {})).statusCode, access, undefined, anonymousRead, `${label} without token`);

      const wrong = await call(route, { authorization: `Bearer ${UNKNOWN_TOKEN}` });
      if (access === "public") expect(NOT_ALLOWED, `${label} wrong token`).not.toContain(wrong.statusCode);
      else expect(wrong.statusCode, `${label} wrong token`).toBe(401);

      for (const role of ROLES) {
        const response = await call(route, tokens[role]);
        expectAnswer(response.statusCode, access, role, anonymousRead, `${label} as ${role}`);
      }
    }
  });
});

describe("the access a route declares", () => {
  it("names the role needed and the role held when it refuses", async () => {
    t = await createTestApp({ anonymousRead: false });
    const viewer = await t.tokenFor("viewer");
    const response = await t.nines.app.inject({ method: "GET", url: "/api/v1/tokens", headers: viewer });
    expect(response.statusCode).toBe(403);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json().detail).toMatch(/role admin or above; the token "test-viewer-1" has role viewer/);
    const none = await t.nines.app.inject({ url: "/api/v1/monitors" });
    expect(none.statusCode).toBe(401);
    expect(none.json().detail).toMatch(/needs an API token/);
  });
});
