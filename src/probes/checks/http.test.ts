import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { httpMonitorSpec } from "../model.js";
import { httpCheck, MAX_BODY_BYTES, matchesStatus } from "./http.js";

type Handler = http.RequestListener;

const servers: Array<http.Server | https.Server> = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(server: http.Server | https.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function serve(handler: Handler): Promise<string> {
  return `http://127.0.0.1:${await listen(http.createServer(handler))}/health`;
}

function spec(url: string, overrides: Record<string, unknown> = {}) {
  return httpMonitorSpec.parse({ type: "http", url, interval: "10s", timeout: "2s", ...overrides });
}

const run = (url: string, overrides: Record<string, unknown> = {}, signal = new AbortController().signal) =>
  httpCheck.run(spec(url, overrides), { signal, now: () => Date.now() });

function findOpenssl(): string | undefined {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return "openssl";
  } catch {
    return undefined;
  }
}

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
    const server = http.createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
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
    expect(outcome.timings?.firstByte).toBeDefined();
    expect(outcome.timings?.transfer).toBeUndefined();
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
    expect(outcome.timings?.transfer).toBeDefined();
    expect(outcome.durationMs).toBeLessThan(5000);
    await vi.waitFor(() => expect(closed).toBe(true));
    expect(MAX_BODY_BYTES).toBe(65_536);
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

  // Without the openssl command the certificate cannot be made; CI (NINES_REQUIRE_ALL) must have it.
  const openssl = findOpenssl() ?? (process.env.NINES_REQUIRE_ALL === "1" ? "openssl" : undefined);
  it.skipIf(!openssl)("is down with a TLS error on a self-signed certificate", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "nines-tls-"));
    try {
      const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          key,
          "-out",
          cert,
          "-days",
          "1",
          "-subj",
          "/CN=127.0.0.1",
        ],
        { stdio: "ignore" },
      );
      const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_request, response) =>
        response.end("ok"),
      );
      const port = await listen(server);
      const outcome = await run(`https://127.0.0.1:${port}/`);
      expect(outcome.status).toBe("down");
      expect(outcome.error).toBe("TLS error: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)");
      expect(outcome.timings?.connect).toBeDefined();
      expect(outcome.timings?.tls).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
