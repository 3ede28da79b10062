import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { makeCertificate, opensslMissing, removeCertificates } from "../../../test/support/certificates.js";
import { closeTargets, findClosedPort, startTcpTarget, startTlsTarget } from "../../../test/support/probe-targets.js";
import { assertNoReferences } from "../../secrets/references.js";
import { tcpMonitorSpec } from "../model.js";
import { tcpCheck, unescapePayload } from "./tcp.js";

afterEach(async () => {
  await closeTargets();
  removeCertificates();
});

const spec = (overrides: Record<string, unknown>) =>
  assertNoReferences(
    tcpMonitorSpec.parse({ type: "tcp", host: "127.0.0.1", port: 1, interval: "10s", timeout: "2s", ...overrides }),
  );

const run = (overrides: Record<string, unknown>) =>
  tcpCheck.run(spec(overrides), { signal: new AbortController().signal, now: Date.now });

/** A Redis-like server: answers `+PONG\r\n` to `PING\r\n`, and records what it was sent. */
async function startPongServer(received: Buffer[] = []) {
  return startTcpTarget((socket) =>
    socket.on("data", (chunk) => {
      received.push(chunk);
      socket.write(chunk.toString() === "PING\r\n" ? "+PONG\r\n" : "-ERR unknown command\r\n");
    }),
  );
}

describe("tcp check", () => {
  it("is up once connected, with the phases it went through", async () => {
    const port = await startTcpTarget((socket) => socket.resume());
    const outcome = await run({ port });
    expect(outcome).toMatchObject({ status: "up" });
    expect(outcome.timings).toEqual({ connect: expect.any(Number) });
    const named = await run({ host: "localhost", port });
    // localhost may resolve to ::1 first, where nothing listens; either way the lookup was timed.
    expect(named.timings?.dns).toEqual(expect.any(Number));
  });

  it("sends a payload with its escapes and is up when the reply contains what is expected", async () => {
    const received: Buffer[] = [];
    const port = await startPongServer(received);
    const outcome = await run({ port, send: "PING\\r\\n", expect: "+PONG" });
    expect(outcome).toMatchObject({ status: "up" });
    expect(Buffer.concat(received).toString()).toBe("PING\r\n");
    expect(outcome.timings).toEqual({ connect: expect.any(Number), firstByte: expect.any(Number) });
    expect((await run({ port, send: "PING\r\n", expect: "/^\\+PONG\\r\\n$/" })).status).toBe("up");
  });

  it("reads a banner without sending anything", async () => {
    const port = await startTcpTarget((socket) => socket.write("220 mail.shop.example ESMTP\r\n"));
    expect((await run({ port, expect: "/^220 /" })).status).toBe("up");
  });

  it("is down when the server closes before the expected reply, showing what it said", async () => {
    const port = await startTcpTarget((socket) => socket.end("-ERR busy\r\n"));
    expect(await run({ port, send: "PING\\r\\n", expect: "+PONG" })).toMatchObject({
      status: "down",
      error: 'connection closed before a reply containing "+PONG" (got 11 bytes: "-ERR busy\\r\\n")',
    });
  });

  it("times out on a slow-loris server, saying what it waited for", async () => {
    let trickle: NodeJS.Timeout | undefined;
    const port = await startTcpTarget((socket: net.Socket) => {
      trickle = setInterval(() => socket.write("."), 20);
      socket.on("close", () => clearInterval(trickle));
    });
    const outcome = await run({ port, expect: "+PONG", timeout: "300ms" });
    clearInterval(trickle);
    expect(outcome.status).toBe("down");
    expect(outcome.error).toMatch(
      /^timed out after 300 ms waiting for a reply containing "\+PONG" \(got \d+ bytes: "\.+"\)$/,
    );
    expect(outcome.durationMs).toBeLessThan(1000);
  });

  it("reads at most 64 KiB of an endless reply", async () => {
    const port = await startTcpTarget((socket) => {
      const chunk = Buffer.alloc(16 * 1024, "y");
      const pump = () => {
        while (!socket.destroyed && socket.write(chunk));
      };
      socket.on("drain", pump);
      pump();
    });
    const outcome = await run({ port, expect: "+PONG", timeout: "5s" });
    expect(outcome.status).toBe("down");
    expect(outcome.error).toMatch(/^no reply containing "\+PONG" in the first 64 KiB \(got "y+"…\)$/);
    expect(outcome.durationMs).toBeLessThan(5000);
  });

  it("finds the expected text when it ends at the reply's 65,536th byte, not one byte later", async () => {
    const serveAfter = (padding: number) =>
      startTcpTarget((socket) => {
        socket.write("y".repeat(padding));
        socket.end(`+PONG${"y".repeat(100 * 1024)}`);
      });
    expect((await run({ port: await serveAfter(65_536 - 5), expect: "+PONG", timeout: "5s" })).status).toBe("up");
    expect((await run({ port: await serveAfter(65_536 - 4), expect: "+PONG", timeout: "5s" })).status).toBe("down");
  });

  it("is down when the connection is refused or the name does not resolve", async () => {
    const port = await findClosedPort();
    expect(await run({ port })).toMatchObject({
      status: "down",
      error: `connection refused (ECONNREFUSED 127.0.0.1:${port})`,
    });
    expect((await run({ host: "nx.invalid", port: 5432 })).error).toMatch(
      /^DNS lookup failed for nx\.invalid \((ENOTFOUND|EAI_AGAIN)\)$/,
    );
  });

  it.skipIf(opensslMissing)("speaks TLS: verified by default, reporting the certificate's expiry", async () => {
    const port = await startTlsTarget(makeCertificate("127.0.0.1", ["IP:127.0.0.1"]), (socket) =>
      socket.write("+OK\r\n"),
    );
    expect(await run({ port, tls: true })).toMatchObject({
      status: "down",
      error: "TLS error: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)",
    });
    const outcome = await run({ port, tls: true, tlsVerify: false, expect: "+OK" });
    expect(outcome).toMatchObject({ status: "up", certificateExpiresAt: expect.any(Number) });
    expect(outcome.timings).toEqual({
      connect: expect.any(Number),
      tls: expect.any(Number),
      firstByte: expect.any(Number),
    });
  });

  it("describes its target", () => {
    expect(tcpCheck.describeTarget(spec({ host: "db.internal", port: 5432 }))).toBe("db.internal:5432");
    expect(tcpCheck.describeTarget(spec({ host: "::1", port: 6379, tls: true }))).toBe("[::1]:6379 (TLS)");
  });
});

describe("unescapePayload", () => {
  it("turns the escapes YAML leaves alone into bytes", () => {
    expect(unescapePayload("PING\\r\\n")).toEqual(Buffer.from("PING\r\n"));
    expect(unescapePayload("a\\tb\\0\\\\n")).toEqual(Buffer.from("a\tb\0\\n"));
    expect(unescapePayload("\\x00\\xff héllo")).toEqual(Buffer.concat([Buffer.from([0, 255]), Buffer.from(" héllo")]));
    expect(unescapePayload("real\nnewline")).toEqual(Buffer.from("real\nnewline"));
  });
});
