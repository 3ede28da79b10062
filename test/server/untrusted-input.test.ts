import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { httpCheck } from "../../src/probes/checks/http.js";
import { httpMonitorSpec } from "../../src/probes/specs/http.js";
import { assertNoReferences } from "../../src/secrets/references.js";
import { createTestApp, monitorDocument, type TestApp } from "../support/app.js";
import { makeCertificate, opensslMissing, removeCertificates } from "../support/certificates.js";
import { backends, countQueries, dropTestSchemas } from "../support/databases.js";
import { closeTargets, startHttpTarget } from "../support/probe-targets.js";

afterAll(async () => {
  await dropTestSchemas();
  await closeTargets();
});

describe.each(backends)("text the database can't store, on $name", (backend) => {
  let t: TestApp;
  let queries: ReturnType<typeof countQueries>;
  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    const store = await backend.open();
    queries = countQueries(store.db);
    t = await createTestApp({ store: { ...store, db: queries.db } });
    queries.reset();
  });
  afterEach(async () => {
    await t?.close();
  });

  it.each([
    ["/api/v1/monitors/%00", "invalid URL: /name: contains a NUL character (U+0000), which cannot be stored"],
    ["/api/v1/monitors/a%00b/results", "invalid URL: /name: contains a NUL character (U+0000), which cannot be stored"],
    ["/api/v1/objects/Monitor/%00", "invalid URL: /name: contains a NUL character (U+0000), which cannot be stored"],
    [
      "/api/v1/monitors?search=%00",
      "invalid query: /search: contains a NUL character (U+0000), which cannot be stored",
    ],
    ["/api/v1/objects?kind=a%00", "invalid query: /kind: contains a NUL character (U+0000), which cannot be stored"],
    ["/api/v1/heartbeat/%00", "invalid URL: /token: contains a NUL character (U+0000), which cannot be stored"],
  ])("answers GET %s with a 400 before any query", async (url, detail) => {
    const response = await t.nines.app.inject({ url });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toMatchObject({ status: 400, detail });
    expect(queries.count).toBe(0);
  });

  const applyRaw = (payload: string, contentType = "application/json") =>
    t.nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: { ...t.auth, "content-type": contentType },
      payload,
    });

  it.each([
    [
      "a NUL in a value",
      JSON.stringify({ documents: [monitorDocument("shop", { url: "https://shop.example/\u0000" })] }),
      "/documents/0/spec/url",
      "contains a NUL character (U+0000), which cannot be stored",
    ],
    [
      "a lone surrogate in a value",
      `{"documents": [${JSON.stringify(monitorDocument("shop")).replace('"metadata":{', '"metadata":{"displayName":"\\ud800",')}]}`,
      "/documents/0/metadata/displayName",
      "contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored",
    ],
    [
      "a NUL in a key",
      JSON.stringify({
        documents: [{ ...monitorDocument("shop"), metadata: { name: "shop", labels: { "a\u0000": "x" } } }],
      }),
      "/documents/0/metadata/labels/a\\u0000",
      "the key contains a NUL character (U+0000), which cannot be stored",
    ],
  ])("refuses %s in a JSON body", async (_what, payload, path, message) => {
    const response = await applyRaw(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      detail: `invalid body: ${path}: ${message}`,
      issues: [{ path, message }],
    });
    expect(await t.nines.config.list()).toEqual([]);
  });

  it("refuses a NUL in a YAML body", async () => {
    const yaml =
      'apiVersion: nines/v1\nkind: Monitor\nmetadata: {name: shop}\nspec: {type: http, url: "https://shop.example/\\0"}\n';
    const response = await applyRaw(yaml, "application/yaml");
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toBe(
      "invalid body: /documents/0/spec/url: contains a NUL character (U+0000), which cannot be stored",
    );
    expect(await t.nines.config.list()).toEqual([]);
  });

  it("still takes text with NUL written as an escape, and emoji", async () => {
    const response = await applyRaw(
      JSON.stringify({
        documents: [{ ...monitorDocument("shop"), metadata: { name: "shop", displayName: "🛒 \\0" } }],
      }),
    );
    expect(response.statusCode).toBe(200);
    expect((await t.nines.config.get("Monitor", "shop")).metadata.displayName).toBe("🛒 \\0");
  });
});

describe("malformed requests", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it.each([
    ["a malformed percent escape", { url: "/api/v1/objects/%E0%A4%A" }, 400],
    ["a number that isn't one", { url: "/api/v1/monitors/shop/results?limit=abc" }, 400],
    [
      "bad JSON",
      { method: "POST", url: "/api/v1/apply", payload: "{", headers: { "content-type": "application/json" } },
      400,
    ],
    [
      "a content type nobody parses",
      { method: "POST", url: "/api/v1/apply", payload: "x", headers: { "content-type": "text/csv" } },
      415,
    ],
    [
      "YAML that doesn't parse",
      { method: "POST", url: "/api/v1/apply", payload: "a: [", headers: { "content-type": "application/yaml" } },
      400,
    ],
    [
      // Found by the fuzz test: deep enough, the YAML parser's recursion could abort the process.
      "YAML nested ten thousand levels deep",
      {
        method: "POST",
        url: "/api/v1/plan",
        payload: `${"- ".repeat(10_000)}x\n`,
        headers: { "content-type": "application/yaml" },
      },
      400,
    ],
  ] as const)("answers %s with problem+json", async (_what, request, status) => {
    const response = await t.nines.app.inject({
      ...request,
      headers: { ...t.auth, ...("headers" in request ? request.headers : {}) },
    });
    expect(response.statusCode).toBe(status);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toMatchObject({ status, detail: expect.any(String) });
  });
});

describe("a regular expression that backtracks without end elsewhere", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it("judges a long body within the check's timeout while /healthz answers", async () => {
    // ^(a+)+$ on 28 bytes froze a backtracking engine for seconds; here the body is 30 KB.
    const url = await startHttpTarget((_request, response) => response.end(`${"a".repeat(30_000)}!`));
    const spec = assertNoReferences(
      httpMonitorSpec.parse({ type: "http", url, timeout: "2s", bodyMatches: "^(a+)+$" }),
    );
    const [outcome, health] = await Promise.all([
      httpCheck.run(spec, { signal: new AbortController().signal, now: Date.now }),
      t.nines.app.inject({ url: "/healthz" }),
    ]);
    expect(outcome).toMatchObject({ status: "down", error: "body does not match /^(a+)+$/" });
    expect(health.statusCode).toBe(200);
  });
});

describe.skipIf(opensslMissing)("files that monitors name", () => {
  let t: TestApp;
  let root: string;
  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), "nines-files-"));
    const filesDir = path.join(root, "files");
    mkdirSync(path.join(filesDir, "ca"), { recursive: true });
    writeFileSync(path.join(filesDir, "ca", "internal.pem"), makeCertificate("Internal CA").cert);
    writeFileSync(path.join(filesDir, "notes.txt"), "not a certificate");
    symlinkSync("/dev/zero", path.join(filesDir, "zero.pem"));
    t = await createTestApp({ filesDir });
  });
  afterEach(async () => {
    await t.close();
    removeCertificates();
    rmSync(root, { recursive: true, force: true });
  });

  const tlsMonitor = (name: string, caFile: string) => ({
    apiVersion: "nines/v1",
    kind: "Monitor",
    metadata: { name },
    spec: { type: "tls", host: "shop.example", caFile },
  });
  const apply = (documents: unknown[]) =>
    t.nines.app.inject({ method: "POST", url: "/api/v1/apply", headers: t.auth, payload: { documents } });

  it("applies a caFile of PEM certificates inside the files directory", async () => {
    expect((await apply([tlsMonitor("internal", "ca/internal.pem")])).statusCode).toBe(200);
  });

  it.each([
    ["/dev/zero", '"/dev/zero" must be relative to the files directory (--files-dir), not absolute'],
    ["/root/.ssh/id_rsa", '"/root/.ssh/id_rsa" must be relative to the files directory (--files-dir), not absolute'],
    ["../../etc/passwd", '"../../etc/passwd" must stay inside the files directory (--files-dir): `..` is not allowed'],
  ])("refuses caFile %s by its name, before reading anything", async (caFile, message) => {
    const response = await apply([tlsMonitor("bad", caFile)]);
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([
      expect.objectContaining({ path: "/spec/caFile", message: `expected a path such as ca/internal.pem: ${message}` }),
    ]);
  });

  it.each([
    ["zero.pem", '"zero.pem" leads outside the files directory (--files-dir) through a symbolic link'],
    ["ca", '"ca" is not a regular file'],
    ["ca/missing.pem", '"ca/missing.pem" does not exist in the files directory (--files-dir)'],
    ["notes.txt", "expected PEM certificates (-----BEGIN CERTIFICATE-----), found none"],
  ])("refuses caFile %s when applied, naming the field", async (caFile, message) => {
    const documents = Array.from({ length: 10 }, (_, index) => tlsMonitor(`tls-${index}`, caFile));
    const response = await apply(documents);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ detail: `Monitor "tls-0": /spec/caFile: ${message} (and 9 more)` });
    expect(response.json().issues[0]).toEqual({ path: "/spec/caFile", message, document: 0 });
    expect(await t.nines.config.list()).toEqual([]);
  });
});
