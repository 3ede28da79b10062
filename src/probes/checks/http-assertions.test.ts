import { afterEach, describe, expect, it } from "vitest";
import { closeTargets, startHttpTarget } from "../../../test/support/probe-targets.js";
import { SNIPPET_CHARS } from "../../secrets/redact.js";
import { assertNoReferences } from "../../secrets/references.js";
import { httpMonitorSpec } from "../model.js";
import { httpCheck } from "./http.js";
import { assertsOnBody, judgeResponse, matchesStatus } from "./http-assertions.js";

afterEach(closeTargets);

const spec = (overrides: Record<string, unknown> = {}) =>
  assertNoReferences(
    httpMonitorSpec.parse({ type: "http", url: "http://127.0.0.1/", interval: "10s", timeout: "5s", ...overrides }),
  );

const response = (body: string, overrides: Partial<Parameters<typeof judgeResponse>[1]> = {}) => ({
  statusCode: 200,
  body,
  truncated: false,
  elapsedMs: 50,
  ...overrides,
});

const judge = (overrides: Record<string, unknown>, body: string, extra = {}) =>
  judgeResponse(spec(overrides), response(body, extra));

const HEALTH = JSON.stringify({ status: "ok", version: "1.4.2", checks: [{ name: "db", ok: true }], error: null });

describe("judgeResponse", () => {
  it("checks what the body contains, does not contain and matches", () => {
    expect(judge({ bodyContains: "ok", bodyNotContains: "error", bodyMatches: "^o" }, "ok")).toEqual({
      status: "up",
      statusCode: 200,
    });
    expect(judge({ bodyContains: "healthy" }, "sick")).toMatchObject({
      status: "down",
      error: 'body does not contain "healthy"',
    });
    expect(judge({ bodyNotContains: "error" }, "an error")).toMatchObject({ error: 'body contains "error"' });
    expect(judge({ bodyMatches: '"status":\\s*"ok"' }, '{"status": "down"}')).toMatchObject({
      error: 'body does not match /"status":\\s*"ok"/',
    });
    expect(judge({ bodyMatches: "/^OK$/i" }, "ok").status).toBe("up");
  });

  it("says when the body it judged was cut at the cap", () => {
    expect(judge({ bodyContains: "</html>" }, "<html>…", { truncated: true })).toMatchObject({
      error: 'body does not contain "</html>" (only the first 64 KiB of the body was read)',
    });
  });

  it("asserts on JSON with JMESPath: equals, exists, and expressions that must be true", () => {
    const assertions = [
      { path: "status", equals: "ok" },
      { path: "checks[?name=='db'] | [0].ok", equals: true },
      { path: "version", exists: true },
      { path: "error", exists: false },
      { path: "length(checks) > `0`" },
    ];
    expect(judge({ json: assertions }, HEALTH)).toEqual({ status: "up", statusCode: 200 });
    expect(judge({ json: [{ path: "status", equals: "ok" }] }, '{"status":"degraded"}')).toMatchObject({
      status: "down",
      error: 'JSON status is "degraded", expected "ok"',
    });
    expect(judge({ json: [{ path: "checks[0]", equals: { name: "db", ok: true } }] }, HEALTH).status).toBe("up");
    expect(judge({ json: [{ path: "build.sha", exists: true }] }, HEALTH)).toMatchObject({
      error: "JSON build.sha does not exist",
    });
    expect(judge({ json: [{ path: "status", exists: false }] }, HEALTH)).toMatchObject({
      error: 'JSON status exists ("ok"), expected none',
    });
    expect(judge({ json: [{ path: "checks[?ok==`false`]" }] }, HEALTH)).toMatchObject({
      error: "JSON checks[?ok==`false`] is [], expected a true value",
    });
    expect(judge({ json: [{ path: "length(status) > `5`" }] }, HEALTH)).toMatchObject({
      error: "JSON length(status) > `5` is false, expected a true value",
    });
  });

  it("judges every JSON assertion, not only the first", () => {
    const assertions = [
      { path: "status", equals: "ok" },
      { path: "version", equals: "2.0.0" },
    ];
    expect(judge({ json: assertions }, HEALTH)).toMatchObject({
      status: "down",
      error: 'JSON version is "1.4.2", expected "2.0.0"',
    });
  });

  it("takes JMESPath's truth: empty strings, lists and mappings and null are false", () => {
    const body = JSON.stringify({ empty: "", text: "x", none: null, list: [0], noList: [], map: { a: 0 }, noMap: {} });
    const truth = (path: string) => judge({ json: [{ path }] }, body).status === "up";
    expect(["text", "list", "map"].map(truth)).toEqual([true, true, true]);
    expect(["empty", "none", "noList", "noMap", "missing"].map(truth)).toEqual([false, false, false, false, false]);
    expect(judge({ json: [{ path: "noMap" }] }, body)).toMatchObject({
      error: "JSON noMap is {}, expected a true value",
    });
    expect(judge({ json: [{ path: "none" }] }, body)).toMatchObject({
      error: "JSON none is null, expected a true value",
    });
  });

  it(`cuts a long value in a reason at ${SNIPPET_CHARS} characters`, () => {
    // JSON.stringify of a string of n characters is n + 2 long.
    const fits = "a".repeat(SNIPPET_CHARS - 2);
    const long = "b".repeat(SNIPPET_CHARS - 1);
    const body = JSON.stringify({ fits, long });
    expect(judge({ json: [{ path: "fits", equals: "x" }] }, body)).toMatchObject({
      error: `JSON fits is "${fits}", expected "x"`,
    });
    expect(judge({ json: [{ path: "long", equals: "x" }] }, body)).toMatchObject({
      error: `JSON long is "${"b".repeat(SNIPPET_CHARS - 2)}…, expected "x"`,
    });
  });

  it("is down when asserted JSON is not JSON, or an expression fails on it", () => {
    expect(judge({ json: [{ path: "status", equals: "ok" }] }, "<html>oops</html>")).toMatchObject({
      status: "down",
      error: expect.stringMatching(/^response is not JSON: Unexpected token/),
    });
    expect(judge({ json: [{ path: "status" }] }, "")).toMatchObject({
      error: "response is not JSON: Unexpected end of JSON input",
    });
    expect(judge({ json: [{ path: "length(version) > `0`" }] }, '{"version": 3}')).toMatchObject({
      error: expect.stringMatching(/^JSON length\(version\) > `0` failed: Invalid type: length\(\) expected/),
    });
  });

  it("accepts a status range from its low bound to its high bound, and nothing just outside", () => {
    expect([199, 200, 201, 298, 299, 300].map((code) => matchesStatus(code, "200-299"))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect([403, 404, 405].map((code) => matchesStatus(code, "404"))).toEqual([false, true, false]);
    expect([199, 200, 201].map((code) => matchesStatus(code, 200))).toEqual([false, true, false]);
    expect(judge({ expectedStatus: ["200-299", 301] }, "", { statusCode: 300 })).toEqual({
      status: "down",
      statusCode: 300,
      error: "unexpected status 300 (expected 200-299, 301)",
    });
    expect(judge({ expectedStatus: ["200-299", 301] }, "", { statusCode: 301 }).status).toBe("up");
  });

  it("is up at exactly degradedAbove and degraded one millisecond above it", () => {
    expect(judge({ degradedAbove: "1s" }, "ok", { elapsedMs: 1000 })).toEqual({ status: "up", statusCode: 200 });
    expect(judge({ degradedAbove: "1s" }, "ok", { elapsedMs: 1001 })).toMatchObject({ status: "degraded" });
  });

  it("is degraded above degradedAbove, once status and body are fine", () => {
    expect(judge({ degradedAbove: "1s" }, "ok", { elapsedMs: 1234 })).toEqual({
      status: "degraded",
      statusCode: 200,
      error: "response took 1.2 s, above 1 s",
    });
    expect(judge({ degradedAbove: "500ms" }, "ok", { elapsedMs: 730 })).toMatchObject({
      error: "response took 730 ms, above 500 ms",
    });
    expect(judge({ degradedAbove: "1s" }, "ok", { elapsedMs: 999 }).status).toBe("up");
    expect(judge({ degradedAbove: "1s", bodyContains: "x" }, "ok", { elapsedMs: 5000 }).status).toBe("down");
  });
});

describe("assertsOnBody", () => {
  it("keeps the body only when an assertion reads it", () => {
    expect(assertsOnBody(spec())).toBe(false);
    expect(assertsOnBody(spec({ degradedAbove: "1s", expectedStatus: [200] }))).toBe(false);
    for (const overrides of [
      { bodyContains: "ok" },
      { bodyNotContains: "error" },
      { bodyMatches: "^ok" },
      { json: [{ path: "status" }] },
    ])
      expect(assertsOnBody(spec(overrides))).toBe(true);
  });
});

describe("http check assertions against a server", () => {
  const run = (url: string, overrides: Record<string, unknown>) =>
    httpCheck.run(spec({ url, ...overrides }), { signal: new AbortController().signal, now: Date.now });

  it("is down on invalid JSON where JSON is asserted", async () => {
    const url = await startHttpTarget((_request, response) => response.end('{"status": "ok"'));
    expect(await run(url, { json: [{ path: "status", equals: "ok" }] })).toMatchObject({
      status: "down",
      statusCode: 200,
      error: expect.stringMatching(/^response is not JSON: /),
    });
  });

  it("judges the first 64 KiB of a huge body, and says so", async () => {
    const url = await startHttpTarget((_request, response) => {
      response.write("x".repeat(200 * 1024));
      response.end("needle");
    });
    const outcome = await run(url, { bodyContains: "needle" });
    expect(outcome).toMatchObject({
      status: "down",
      error: 'body does not contain "needle" (only the first 64 KiB of the body was read)',
    });
    expect((await run(url, { bodyMatches: "^x+$" })).status).toBe("up");
  });

  it("keeps exactly the first 64 KiB of a longer body", async () => {
    // A marker as the body's 65,536th byte is read; one byte later it is past the cap.
    const serveMarkerAt = (offset: number) =>
      startHttpTarget((_request, response) => {
        response.write("x".repeat(offset));
        response.end(`y${"x".repeat(100 * 1024)}`);
      });
    expect(await run(await serveMarkerAt(65_535), { bodyContains: "y" })).toMatchObject({ status: "up" });
    expect(await run(await serveMarkerAt(65_536), { bodyContains: "y" })).toMatchObject({
      status: "down",
      error: 'body does not contain "y" (only the first 64 KiB of the body was read)',
    });
  });

  it("is degraded when the server is slow", async () => {
    const url = await startHttpTarget((_request, response) => setTimeout(() => response.end("ok"), 120));
    const outcome = await run(url, { degradedAbove: "50ms" });
    expect(outcome).toMatchObject({ status: "degraded", statusCode: 200 });
    expect(outcome.error).toMatch(/^response took \d+ ms, above 50 ms$/);
  });
});
