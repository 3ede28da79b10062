import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { closeTargets, startHttpTarget } from "../../../test/support/probe-targets.js";
import { assertNoReferences } from "../../secrets/references.js";
import { httpMonitorSpec } from "../model.js";
import { httpCheck } from "./http.js";

afterEach(closeTargets);

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A server whose routes map a path to `[status, location, delay ms?]` or a final body; records each request. */
async function serveRoutes(routes: Record<string, [number, string, number?] | string>) {
  const seen: Seen[] = [];
  const base = await startHttpTarget((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      const route = routes[request.url ?? ""];
      if (route === undefined) response.writeHead(404).end();
      else if (typeof route === "string") response.end(route);
      else {
        const [status, location, delayMs = 0] = route;
        setTimeout(() => response.writeHead(status, { location: location.replace("BASE", base) }).end(), delayMs);
      }
    });
  });
  return { base, seen };
}

const run = (url: string, overrides: Record<string, unknown> = {}) =>
  httpCheck.run(
    assertNoReferences(httpMonitorSpec.parse({ type: "http", url, interval: "10s", timeout: "2s", ...overrides })),
    {
      signal: new AbortController().signal,
      now: Date.now,
    },
  );

describe("http check redirects", () => {
  it("follows redirects to the final response, timing the final request and measuring the whole", async () => {
    const { base, seen } = await serveRoutes({ "/a": [301, "/b", 150], "/b": [302, "BASE/c"], "/c": "ok" });
    const outcome = await run(`${base}/a`, { bodyContains: "ok" });
    expect(outcome).toMatchObject({ status: "up", statusCode: 200 });
    expect(seen.map((request) => request.url)).toEqual(["/a", "/b", "/c"]);
    expect(outcome.timings).toEqual({
      connect: expect.any(Number),
      firstByte: expect.any(Number),
      transfer: expect.any(Number),
    });
    // The whole took the first hop's 150 ms and more; the final request's first byte leaves them out.
    expect(outcome.durationMs).toBeGreaterThanOrEqual(150);
    expect(outcome.durationMs - (outcome.timings?.firstByte as number)).toBeGreaterThanOrEqual(150);
  });

  it("judges the redirect itself when told not to follow", async () => {
    const { base, seen } = await serveRoutes({ "/a": [301, "/b"], "/b": "ok" });
    expect(await run(`${base}/a`, { followRedirects: false })).toMatchObject({ status: "up", statusCode: 301 });
    expect(await run(`${base}/a`, { followRedirects: false, expectedStatus: [200] })).toMatchObject({
      status: "down",
      error: "unexpected status 301 (expected 200)",
    });
    expect(seen).toHaveLength(2);
  });

  it("is down on a redirect loop, naming the URLs", async () => {
    const { base } = await serveRoutes({ "/a": [302, "/b"], "/b": [302, "/a"] });
    expect(await run(`${base}/a`)).toMatchObject({
      status: "down",
      statusCode: 302,
      error: `redirect loop: ${base}/a → ${base}/b → ${base}/a`,
    });
  });

  it("is down after too many redirects, naming the last URL", async () => {
    const routes: Record<string, [number, string]> = {};
    for (let step = 0; step < 10; step++) routes[`/${step}`] = [307, `/${step + 1}`];
    const { base, seen } = await serveRoutes(routes);
    expect(await run(`${base}/0`, { maxRedirects: 3 })).toMatchObject({
      status: "down",
      error: `too many redirects (more than 3), the last to ${base}/4`,
    });
    expect(seen.map((request) => request.url)).toEqual(["/0", "/1", "/2", "/3"]);
  });

  it("is down on a redirect to a location that is not http", async () => {
    const { base } = await serveRoutes({ "/a": [302, "ftp://files.example/"] });
    expect((await run(`${base}/a`)).error).toBe(
      `redirect from ${base}/a to ftp://files.example/, which is not http or https`,
    );
  });

  it("turns a POST into a GET on 303 and keeps it on 307", async () => {
    const { base, seen } = await serveRoutes({
      "/see-other": [303, "/done"],
      "/temporary": [307, "/done"],
      "/done": "ok",
    });
    const post = { method: "POST", body: "form=1", headers: { "content-type": "text/plain" } };
    await run(`${base}/see-other`, post);
    await run(`${base}/temporary`, post);
    expect(seen.map(({ method, url, body }) => `${method} ${url} ${body}`)).toEqual([
      "POST /see-other form=1",
      "GET /done ",
      "POST /temporary form=1",
      "POST /done form=1",
    ]);
    expect(seen[1]?.headers["content-type"]).toBeUndefined();
  });

  it("does not send credentials on to another origin", async () => {
    const other = await serveRoutes({ "/": "ok" });
    const { base, seen } = await serveRoutes({ "/same": [302, "/away"], "/away": [302, `${other.base}/`] });
    await run(`${base}/same`, { headers: { Authorization: "Bearer secret", "X-Trace": "1" } });
    expect(seen.map((request) => request.headers.authorization)).toEqual(["Bearer secret", "Bearer secret"]);
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
    expect(other.seen[0]?.headers["x-trace"]).toBe("1");
  });
});
