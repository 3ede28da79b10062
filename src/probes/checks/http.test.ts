import type http from "node:http";
import https from "node:https";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeCertificate, opensslMissing, removeCertificates } from "../../../test/support/certificates.js";
import { closeTargets, findClosedPort, startHttpTarget } from "../../../test/support/probe-targets.js";
import { assertNoReferences } from "../../secrets/references.js";
import { httpMonitorSpec } from "../model.js";
import { httpCheck } from "./http.js";
import { matchesStatus } from "./http-assertions.js";

const httpsServers: https.Server[] = [];

afterEach(async () => {
  await closeTargets();
  for (const server of httpsServers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  removeCertificates();
});

const serve = async (handler: http.RequestListener) => `${await startHttpTarget(handler)}/health`;

async function serveHttps(handler: http.RequestListener): Promise<string> {
  const server = https.createServer(makeCertificate("127.0.0.1", ["IP:127.0.0.1"]), handler);
  httpsServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `https://127.0.0.1:${(server.address() as { port: number }).port}/`;
}

function spec(url: string, overrides: Record<string, unknown> = {}) {
  return assertNoReferences(httpMonitorSpec.parse({ type: "http", url, interval: "10s", timeout: "2s", ...overrides }));
}

const run = (url: string, overrides: Record<string, unknown> = {}, signal = new AbortController().signal) =>
  httpCheck.run(spec(url, overrides), { signal, now: () => Date.now() });

describe("http check", () => {
  it("is up on an expected status, with the phases it went through", async () => {
    const url = await serve((_request, response) => response.end("ok"));
    const outcome = await run(url);
    expect(outcome).toMatchObject({ status: "up", statusCode: 200 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.timings).toEqual({
      connect: expect.any(Number),
      firstByte: expect.any(Number),
      transfer: expect.any(Number),
    });
    expect(outcome.durationMs).toBeGreaterThan(0);
  });

  it("opens a new connection for every check", async () => {
    const sockets = new Set<unknown>();
    const url = await serve((request, response) => {
      sockets.add(request.socket);
      response.end("ok");
    });
    await run(url);
    await run(url);
    expect(sockets.size).toBe(2);
  });

  it("sends the monitor's method", async () => {
    const methods: string[] = [];
    const url = await serve((request, response) => {
      methods.push(request.method ?? "");
      response.statusCode = 204;
      response.end();
    });
    expect(await run(url, { method: "HEAD", expectedStatus: [204] })).toMatchObject({ status: "up", statusCode: 204 });
    expect(methods).toEqual(["HEAD"]);
    expect(httpCheck.describeTarget(spec(url, { method: "HEAD" }))).toBe(`HEAD ${url}`);
    expect(httpCheck.describeTarget(spec(url))).toBe(url);
  });

  it("is down on an unexpected status, saying which were expected", async () => {
    const url = await serve((_request, response) => {
      response.statusCode = 503;
      response.end("busy");
    });
    expect(await run(url)).toMatchObject({
      status: "down",
      statusCode: 503,
      error: "unexpected status 503 (expected 200-399)",
    });
    expect(await run(url, { expectedStatus: [200, "500-502"] })).toMatchObject({
      error: "unexpected status 503 (expected 200, 500-502)",
    });
  });

  it("matches status codes against numbers and ranges", () => {
    expect(matchesStatus(200, 200)).toBe(true);
    expect(matchesStatus(201, 200)).toBe(false);
    expect(matchesStatus(299, "200-299")).toBe(true);
    expect(matchesStatus(300, "200-299")).toBe(false);
    expect(matchesStatus(404, "404")).toBe(true);
  });

  it("is down when the connection is refused", async () => {
    const port = await findClosedPort();
    const outcome = await run(`http://127.0.0.1:${port}/`);
    expect(outcome).toMatchObject({ status: "down", error: `connection refused (ECONNREFUSED 127.0.0.1:${port})` });
    expect(outcome.statusCode).toBeUndefined();
  });

  it("is down when the name does not resolve", async () => {
    const outcome = await run("http://nx.invalid/");
    expect(outcome.status).toBe("down");
    // Without a resolver (a sandbox) the lookup fails with EAI_AGAIN instead.
    expect(outcome.error).toMatch(/^DNS lookup failed for nx\.invalid \((ENOTFOUND|EAI_AGAIN)\)$/);
  });

  it("times out on a server that never answers", async () => {
    const url = await serve(() => {});
    const outcome = await run(url, { timeout: "200ms" });
    expect(outcome).toMatchObject({ status: "down", error: "timed out after 200 ms" });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(190);
    expect(outcome.durationMs).toBeLessThan(2000);
    expect(outcome.timings?.firstByte).toBeUndefined();
  });

  it("times out on a body that trickles in, the timeout covering the whole request", async () => {
    let trickle: NodeJS.Timeout | undefined;
    const url = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      trickle = setInterval(() => response.write("."), 20);
      response.on("close", () => clearInterval(trickle));
    });
    const outcome = await run(url, { timeout: "300ms" });
    clearInterval(trickle);
    expect(outcome).toMatchObject({ status: "down", error: "timed out after 300 ms" });
    // The first byte came, the transfer never ended.
    expect(outcome.timings).toEqual({ connect: expect.any(Number), firstByte: expect.any(Number) });
  });

  it("reads at most 64 KiB of an endless body and then closes the connection", async () => {
    let closed = false;
    const url = await serve((_request, response) => {
      const chunk = Buffer.alloc(16 * 1024, "x");
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
      };
      response.on("drain", pump);
      response.on("close", () => {
        closed = true;
      });
      pump();
    });
    const outcome = await run(url, { timeout: "5s" });
    expect(outcome).toMatchObject({ status: "up", statusCode: 200 });
    expect(outcome.timings).toEqual({
      connect: expect.any(Number),
      firstByte: expect.any(Number),
      transfer: expect.any(Number),
    });
    expect(outcome.durationMs).toBeLessThan(5000);
    await vi.waitFor(() => expect(closed).toBe(true));
  });

  it("ends at once, down, when its signal is aborted", async () => {
    const url = await serve(() => {});
    const controller = new AbortController();
    const running = run(url, { timeout: "5s" }, controller.signal);
    setTimeout(() => controller.abort(), 20);
    const outcome = await running;
    expect(outcome).toMatchObject({ status: "down", error: "check cancelled" });
    expect(outcome.durationMs).toBeLessThan(5000);
  });

  it("is down, never throwing, on a URL it cannot request", async () => {
    const outcome = await httpCheck.run(
      { ...spec("http://127.0.0.1/"), url: "http://exa mple/" },
      { signal: new AbortController().signal, now: Date.now },
    );
    expect(outcome.status).toBe("down");
    expect(outcome.error).toMatch(/Invalid URL/);
  });

  it.skipIf(opensslMissing)("is down with a TLS error on a self-signed certificate", async () => {
    const outcome = await run(await serveHttps((_request, response) => response.end("ok")));
    expect(outcome.status).toBe("down");
    expect(outcome.error).toBe("TLS error: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)");
    // Connected, then the handshake failed: no TLS time, no response.
    expect(outcome.timings).toEqual({ connect: expect.any(Number) });
  });

  it.skipIf(opensslMissing)("accepts any certificate without tlsVerify, and reports when it expires", async () => {
    const url = await serveHttps((_request, response) => response.end("ok"));
    const outcome = await run(url, { tlsVerify: false });
    expect(outcome).toMatchObject({ status: "up", statusCode: 200 });
    expect(outcome.timings).toEqual({
      connect: expect.any(Number),
      tls: expect.any(Number),
      firstByte: expect.any(Number),
      transfer: expect.any(Number),
    });
    // makeCertificate's certificates are valid for 30 days.
    expect(outcome.certificateExpiresAt).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(outcome.certificateExpiresAt).toBeLessThan(Date.now() + 31 * 86_400_000);
  });

  it("sends the monitor's headers and body", async () => {
    let received: { headers?: http.IncomingHttpHeaders; body?: string } = {};
    const url = await serve((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        received = { headers: request.headers, body };
        response.end("ok");
      });
    });
    const outcome = await run(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "shop-probe", "X-Trace": "1" },
      body: '{"ping":true}',
    });
    expect(outcome.status).toBe("up");
    expect(received.body).toBe('{"ping":true}');
    expect(received.headers).toMatchObject({
      "content-type": "application/json",
      "content-length": "13",
      "user-agent": "shop-probe",
      "x-trace": "1",
    });
  });
});
