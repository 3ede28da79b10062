import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, monitorDocument, type TestApp } from "../support/app.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const apply = (documents: unknown[], headers: Record<string, string> = t.auth) =>
  t.nines.app.inject({ method: "POST", url: "/api/v1/apply", headers, payload: { documents } });

describe("API", () => {
  it("applies documents and lists them", async () => {
    const response = await apply([monitorDocument("shop")]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ applied: true, summary: { create: 1 } });
    const list = await t.nines.app.inject({ url: "/api/v1/objects?kind=monitors" });
    expect(list.json().items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual(["shop"]);
    const one = await t.nines.app.inject({ url: "/api/v1/objects/Monitor/shop" });
    expect(one.json()).toMatchObject({
      apiVersion: "nines/v1",
      kind: "Monitor",
      spec: { url: "https://shop.example/health" },
    });
  });

  it("exports YAML that applies back to no change", async () => {
    await apply([monitorDocument("b"), monitorDocument("a", { interval: "1m" })]);
    const exported = await t.nines.app.inject({ url: "/api/v1/export" });
    expect(exported.headers["content-type"]).toContain("application/yaml");
    const reapplied = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: { ...t.auth, "content-type": "application/yaml" },
      payload: exported.body,
    });
    expect(reapplied.json().summary).toEqual({ create: 0, change: 0, delete: 0, unchanged: 2 });
    expect((await t.nines.app.inject({ url: "/api/v1/export" })).body).toBe(exported.body);
  });

  it("serves health, readiness, metrics and the OpenAPI document", async () => {
    expect((await t.nines.app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await t.nines.app.inject({ url: "/readyz" })).json()).toEqual({ status: "ready" });
    await t.nines.app.inject({ url: "/api/v1/kinds" });
    const metrics = await t.nines.app.inject({ url: "/metrics" });
    expect(metrics.headers["content-type"]).toContain("text/plain");
    expect(metrics.body).toMatch(/nines_http_requests_total\{method="GET",route="\/api\/v1\/kinds",status="200"\} 1/);
    expect(metrics.body).toContain("nines_process_resident_memory_bytes");
    const openApi = (await t.nines.app.inject({ url: "/api/v1/openapi.json" })).json();
    expect(openApi.openapi).toBe("3.1.0");
    expect(openApi.paths["/api/v1/apply"].post.security).toEqual([{ bearer: [] }]);
    expect(openApi.paths["/api/v1/monitors"].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      "limit",
      "offset",
      "search",
      "state",
      "type",
    ]);
    const monitorTypes = openApi.components.schemas.Monitor.properties.spec.oneOf.map(
      (variant: { properties: { type: { const: string } } }) => variant.properties.type.const,
    );
    expect(monitorTypes.sort()).toEqual(["dns", "heartbeat", "http", "tcp", "tls"]);
    expect(Object.keys(openApi.components.schemas)).toEqual(
      expect.arrayContaining([
        "Service",
        "SLI",
        "SLO",
        "AlertPolicy",
        "AlertCondition",
        "AlertNotificationTarget",
        "DataSource",
      ]),
    );
  });
});

describe("bad input gets a 4xx problem and changes nothing", () => {
  const expectProblem = (
    response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
    status: number,
    detail: RegExp,
  ) => {
    expect(response.statusCode).toBe(status);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    const body = response.json() as { status: number; detail: string; title: string };
    expect(body.status).toBe(status);
    expect(body.detail).toMatch(detail);
    return body;
  };
  const storedCount = async () => (await t.nines.config.list()).length;

  it("malformed YAML names the line", async () => {
    const response = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: { ...t.auth, "content-type": "application/yaml" },
      payload: "apiVersion: nines/v1\nkind: Monitor\nmetadata: {name: x\n",
    });
    const body = expectProblem(response, 400, /problem/) as unknown as {
      issues: Array<{ line: number; file: string }>;
    };
    expect(body.issues[0]).toMatchObject({ file: "request body" });
    expect(body.issues[0]?.line).toBeGreaterThanOrEqual(3);
    expect(await storedCount()).toBe(0);
  });

  it.each([
    ["an unknown kind", { ...monitorDocument("x"), kind: "Monitr" }, "/kind"],
    ["a wrong type", monitorDocument("x", { interval: 30 }), "/spec/interval"],
    ["a URL that is not a URL", monitorDocument("x", { url: "shop.example/health" }), "/spec/url"],
    ["an interval of 0", monitorDocument("x", { interval: "0s" }), "/spec/interval"],
    ["an invalid name", { ...monitorDocument("x"), metadata: { name: "-bad name-" } }, "/metadata/name"],
  ])("%s", async (_label, document, path) => {
    const body = expectProblem(await apply([monitorDocument("ok"), document]), 400, /problem/) as unknown as {
      issues: Array<{ path: string; document: number }>;
    };
    expect(body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path, document: 1 })]));
    expect(await storedCount()).toBe(0);
  });

  it("duplicate names in one request", async () => {
    const body = expectProblem(
      await apply([monitorDocument("dup"), monitorDocument("dup")]),
      400,
      /problem/,
    ) as unknown as { issues: Array<{ message: string }> };
    expect(body.issues[0]?.message).toMatch(/dup/);
    expect(await storedCount()).toBe(0);
  });

  it("a body over 1 MiB", async () => {
    const huge = { documents: [monitorDocument("x", { description: "y".repeat(1024 * 1024) })] };
    const response = await t.nines.app.inject({ method: "POST", url: "/api/v1/apply", headers: t.auth, payload: huge });
    expectProblem(response, 413, /1 MiB/);
    expect(await storedCount()).toBe(0);
  });

  it("malformed JSON and a body of the wrong shape", async () => {
    const broken = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: { ...t.auth, "content-type": "application/json" },
      payload: "{nope",
    });
    expectProblem(broken, 400, /JSON/i);
    expectProblem(
      await t.nines.app.inject({ method: "POST", url: "/api/v1/apply", headers: t.auth, payload: { docs: [] } }),
      400,
      /documents|docs/,
    );
    expectProblem(
      await t.nines.app.inject({
        method: "POST",
        url: "/api/v1/apply",
        headers: { ...t.auth, "content-type": "text/csv" },
        payload: "a,b",
      }),
      415,
      /.+/,
    );
  });

  it("an unknown route, object or kind", async () => {
    expectProblem(
      await t.nines.app.inject({ url: "/api/v1/nothing-here" }),
      404,
      /no route GET \/api\/v1\/nothing-here/,
    );
    expectProblem(
      await t.nines.app.inject({ url: "/api/v1/objects/Monitor/missing" }),
      404,
      /Monitor "missing" does not exist/,
    );
    expectProblem(await t.nines.app.inject({ url: "/api/v1/objects/Widget/x" }), 404, /unknown kind "Widget"/);
    expectProblem(await t.nines.app.inject({ url: "/api/v1/monitors/missing" }), 404, /missing/);
  });

  it("a missing, malformed or wrong token", async () => {
    expectProblem(await apply([monitorDocument("x")], {}), 401, /needs an API token/);
    expectProblem(await apply([monitorDocument("x")], { authorization: "Basic abc" }), 401, /Bearer/);
    expectProblem(await apply([monitorDocument("x")], { authorization: "Bearer nines_wrong" }), 401, /not valid/);
    expectProblem(await t.nines.app.inject({ method: "DELETE", url: "/api/v1/objects/Monitor/x" }), 401, /token/);
    expect(await storedCount()).toBe(0);
  });
});

describe("YAML bodies", () => {
  it("never expand variables from the server's environment", async () => {
    process.env.NINES_TEST_SECRET = "hunter2";
    const reference = "$" + "{NINES_TEST_SECRET}";
    const yaml = `apiVersion: nines/v1\nkind: Monitor\nmetadata: {name: leak}\nspec:\n  type: http\n  url: https://x.example/\n  description: ${reference}\n`;
    const response = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: { ...t.auth, "content-type": "application/yaml" },
      payload: yaml,
    });
    delete process.env.NINES_TEST_SECRET;
    expect(response.statusCode).toBe(200);
    const stored = (await t.nines.app.inject({ url: "/api/v1/objects/Monitor/leak" })).json();
    expect(stored.spec.description).toBe(reference);
  });
});

describe("the UI's files", () => {
  it("caches hashed assets for good, never index.html, and serves index.html for app routes", async () => {
    const webDir = mkdtempSync(path.join(tmpdir(), "nines-web-"));
    mkdirSync(path.join(webDir, "assets"));
    writeFileSync(path.join(webDir, "index.html"), "<!doctype html><title>Nines</title>");
    writeFileSync(path.join(webDir, "assets", "app-1a2b3c.js"), "export {};");
    const withUi = await createTestApp({ webDir });
    try {
      const asset = await withUi.nines.app.inject({ url: "/assets/app-1a2b3c.js" });
      expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      const page = await withUi.nines.app.inject({ url: "/monitors/shop?tab=yaml" });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("<title>Nines</title>");
      expect(page.headers["cache-control"]).toBe("no-cache");
      expect((await withUi.nines.app.inject({ url: "/" })).headers["cache-control"]).toBe("no-cache");
      expect((await withUi.nines.app.inject({ url: "/api/v1/nope" })).statusCode).toBe(404);
    } finally {
      await withUi.close();
      rmSync(webDir, { recursive: true, force: true });
    }
  });
});
