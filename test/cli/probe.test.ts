import https from "node:https";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { makeCertificate, opensslMissing, removeCertificates } from "../support/certificates.js";
import { startDnsServer } from "../support/dns-server.js";
import { closeTargets, startHangingTarget, startHttpTarget, startTcpTarget } from "../support/probe-targets.js";

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  await closeTargets();
  for (const cleanup of cleanups.splice(0)) await cleanup();
  removeCertificates();
});

/** Runs `nines probe ARGS` in-process; returns exit code and output. */
async function probe(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["probe", ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: {},
  });
  return { code, stdout, stderr };
}

const ms = "\\d+(\\.\\d)? ms";

describe("nines probe", () => {
  it("prints an http check's result with a bar per phase and exits 0 when up", async () => {
    const base = await startHttpTarget((_request, response) => response.end("ok"));
    const result = await probe(`${base}/health`);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^UP  200 OK  ${base}/health  ${ms}$`));
    expect(lines.slice(1).map((line) => line.trim().split(/\s+/)[0])).toEqual(["connect", "firstByte", "transfer"]);
    for (const line of lines.slice(1)) expect(line).toMatch(new RegExp(`^  \\w+ +${ms}  █+$`));
  });

  it("exits 1 when down or degraded, saying why", async () => {
    const base = await startHttpTarget((_request, response) => response.writeHead(503).end());
    const down = await probe(`${base}/`);
    expect(down.code).toBe(1);
    expect(down.stderr).toBe("");
    expect(down.stdout).toMatch(
      new RegExp(
        `^DOWN  503 Service Unavailable  ${base}/  ${ms}\n  reason: unexpected status 503 \\(expected 200-399\\)\n`,
      ),
    );
    expect((await probe(`${base}/`, "--expect-status", "200,500-503")).code).toBe(0);
    expect((await probe(`${base}/`, "--expect-status", "5xx")).code).toBe(0);

    const hanging = await startHangingTarget();
    const timedOut = await probe(`http://127.0.0.1:${hanging}/`, "--timeout", "200ms");
    expect(timedOut.code).toBe(1);
    expect(timedOut.stdout).toContain("  reason: timed out after 200 ms\n");
  });

  it("sends the method, headers and body it is given", async () => {
    let seen = "";
    const base = await startHttpTarget((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        seen = `${request.method} ${request.headers["x-team"]} ${request.headers.authorization} ${body}`;
        response.end();
      });
    });
    const result = await probe(
      "-X",
      "post",
      "-H",
      "X-Team: sre",
      "-H",
      "Authorization: Bearer t",
      "-d",
      "ping",
      `${base}/`,
    );
    expect(result.code).toBe(0);
    expect(seen).toBe("POST sre Bearer t ping");
  });

  it("prints JSON with -o json", async () => {
    const base = await startHttpTarget((_request, response) => response.end("ok"));
    const result = await probe(`${base}/`, "-o", "json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      type: "http",
      target: `${base}/`,
      status: "up",
      statusCode: 200,
      durationMs: expect.any(Number),
      timings: { connect: expect.any(Number), firstByte: expect.any(Number), transfer: expect.any(Number) },
    });
  });

  it("probes host:port over tcp, and a name over dns", async () => {
    const port = await startTcpTarget((socket) => socket.end("+PONG\r\n"));
    const tcp = await probe(`127.0.0.1:${port}`, "--send", "PING\\r\\n", "--expect", "+PONG");
    expect(tcp.code).toBe(0);
    expect(tcp.stdout).toMatch(new RegExp(`^UP  127\\.0\\.0\\.1:${port}  ${ms}\n  connect `));

    const dns = await startDnsServer({ "shop.example": [{ type: "MX", data: "10 mail.shop.example" }] });
    cleanups.push(() => dns.close());
    const mx = await probe("shop.example", "--type", "dns", "--record-type", "mx", "--resolver", dns.address);
    expect(mx.code).toBe(0);
    expect(mx.stdout).toMatch(new RegExp(`^UP  shop\\.example MX @${dns.address}  ${ms}\n  dns `));
    const missing = await probe("nx.shop.example", "--type", "dns", "--resolver", dns.address);
    expect(missing.stdout).toContain(`reason: NXDOMAIN: nx.shop.example does not exist (asked ${dns.address})`);
  });

  it.skipIf(opensslMissing)("shows when the certificate expires, for https, tcp with TLS and tls", async () => {
    const server = https.createServer(makeCertificate("127.0.0.1", ["IP:127.0.0.1"], 30), (_request, response) =>
      response.end("ok"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as { port: number };

    const insecure = await probe(`https://127.0.0.1:${port}/`, "--insecure");
    expect(insecure.code).toBe(0);
    expect(insecure.stdout).toMatch(/\n {2}tls +[\d.]+ ms {2}█+\n/);
    expect(insecure.stdout).toMatch(/\ncertificate expires \d{4}-\d\d-\d\d \((29|30) days\)\n$/);

    const tcp = await probe(`127.0.0.1:${port}`, "--tls", "-k");
    expect(tcp.code).toBe(0);
    expect(tcp.stdout).toMatch(/\n {2}tls +[\d.]+ ms {2}█+\ncertificate expires /);

    const tls = await probe(`https://127.0.0.1:${port}/`, "--type", "tls");
    expect(tls.code).toBe(1);
    expect(tls.stdout).toMatch(
      new RegExp(
        `^DOWN  127\\.0\\.0\\.1:${port}  ${ms}\n  reason: certificate chain not trusted: DEPTH_ZERO_SELF_SIGNED_CERT\n`,
      ),
    );
    expect(tls.stdout).toContain("certificate expires");
  });

  it.each([
    [
      ["shop.example"],
      'nines: cannot tell what to probe from "shop.example": give a URL (https://...), host:port for tcp, or --type dns NAME or --type tls HOST\n',
    ],
    [["db.internal", "--type", "tcp"], 'nines: expected HOST:PORT for a tcp probe, got "db.internal"\n'],
    [["http://x.example/", "-H", "no-colon"], 'nines: invalid --header "no-colon": expected "Name: value"\n'],
    [
      ["http://x.example/", "--timeout", "soon"],
      'nines: invalid --timeout: expected the timeout as a duration such as "30s", "5m" or "1h", got "soon"\n',
    ],
    [
      ["http://x.example/", "-X", "FETCH"],
      'nines: invalid --method: expected one of "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE" or "OPTIONS", got "FETCH"; did you mean "PATCH"?\n',
    ],
    [["http://x.example/", "--send", "PING"], "nines: --send applies to tcp probes, not http\n"],
    [["db:5432", "--no-follow"], "nines: --no-follow applies to http probes, not tcp\n"],
    [["db.internal:99999"], "nines: invalid TARGET: expected a port number from 1 to 65535, got 99999\n"],
    [
      ["shop.example", "--type", "dns", "--resolver", "dns.google"],
      'nines: invalid --resolver: expected a resolver IP address with an optional port, such as "10.0.0.2", "10.0.0.2:5353" or "[2001:db8::53]:53", got "dns.google"\n',
    ],
  ])("refuses bad arguments with a clear message: %j", async (args, message) => {
    expect(await probe(...args)).toEqual({ code: 1, stdout: "", stderr: message });
  });

  it("refuses an unknown type and a missing target the commander way", async () => {
    const unknown = await probe("x", "--type", "ftp");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/argument 'ftp' is invalid. Allowed choices are http, tcp, dns, tls/);
    const missing = await probe();
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing required argument 'target'/);
  });
});
