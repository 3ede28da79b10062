import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  makeCertificate,
  makeCertificateChain,
  opensslMissing,
  removeCertificates,
} from "../../../test/support/certificates.js";
import { closeTargets, startTcpTarget, startTlsTarget } from "../../../test/support/probe-targets.js";
import { tlsMonitorSpec } from "../model.js";
import { tlsCheck } from "./tls.js";

afterEach(async () => {
  await closeTargets();
  removeCertificates();
});

const DAY_MS = 86_400_000;

const spec = (overrides: Record<string, unknown>) =>
  tlsMonitorSpec.parse({ type: "tls", host: "127.0.0.1", interval: "1h", timeout: "2s", ...overrides });

/** A test certificate's file is absolute; the check reads it relative to its files directory. */
function run(overrides: Record<string, unknown>, now = Date.now()) {
  const { caFile, ...fields } = overrides;
  const inFiles = typeof caFile === "string" ? { caFile: path.basename(caFile) } : {};
  const filesDir = typeof caFile === "string" ? path.dirname(caFile) : undefined;
  return tlsCheck.run(spec({ ...fields, ...inFiles }), {
    signal: new AbortController().signal,
    now: () => now,
    filesDir,
  });
}

/** A TLS server with a fresh certificate valid for 30 days; returns its port and the certificate's file. */
async function serveCertificate(commonName: string, altNames: string[]) {
  const certificate = makeCertificate(commonName, altNames, 30);
  return { port: await startTlsTarget(certificate), caFile: certificate.certFile };
}

describe.skipIf(opensslMissing)("tls check", () => {
  it("is up with a trusted chain for the host, reporting when it expires", async () => {
    const target = await serveCertificate("localhost", ["DNS:localhost", "IP:127.0.0.1"]);
    const outcome = await run(target);
    expect(outcome).toMatchObject({ status: "up" });
    expect(outcome.certificateExpiresAt).toBeGreaterThan(Date.now() + 29 * DAY_MS);
    expect(outcome.timings).toEqual({ connect: expect.any(Number), tls: expect.any(Number) });
  });

  it("is down when the chain is not trusted", async () => {
    const target = await serveCertificate("localhost", ["IP:127.0.0.1"]);
    const outcome = await run({ port: target.port });
    expect(outcome).toMatchObject({
      status: "down",
      error: "certificate chain not trusted: DEPTH_ZERO_SELF_SIGNED_CERT",
    });
    expect(outcome.certificateExpiresAt).toEqual(expect.any(Number));
  });

  it("judges the whole chain: trust in its root, and the earliest expiry in it", async () => {
    const chain = makeCertificateChain(["IP:127.0.0.1"], 10, 30);
    const port = await startTlsTarget(chain);
    expect(await run({ port })).toMatchObject({
      status: "down",
      error: "certificate chain not trusted: SELF_SIGNED_CERT_IN_CHAIN",
    });
    const outcome = await run({ port, caFile: chain.certFile });
    expect(outcome).toMatchObject({
      status: "degraded",
      error: expect.stringMatching(/^certificate "Nines Test CA" in the chain of 127\.0\.0\.1 expires in 9 days \(/),
    });
    expect(outcome.certificateExpiresAt).toBeLessThan(Date.now() + 10 * DAY_MS + 60_000);
  });

  it("is down when the certificate is for another name, sending the servername as SNI", async () => {
    let sni: string | undefined;
    const certificate = makeCertificate("other.example", ["DNS:*.other.example", "DNS:other.example"]);
    const port = await startTlsTarget({
      ...certificate,
      SNICallback: (servername, done) => {
        sni = servername;
        done(null, undefined);
      },
    });
    expect(await run({ port, servername: "shop.example", caFile: certificate.certFile })).toMatchObject({
      status: "down",
      error: "hostname mismatch: certificate is for *.other.example, other.example, not shop.example",
    });
    expect(sni).toBe("shop.example");
    expect((await run({ port, servername: "api.other.example", caFile: certificate.certFile })).status).toBe("up");
  });

  it("is degraded below warnDays and down below failDays or once expired", async () => {
    const target = await serveCertificate("localhost", ["IP:127.0.0.1"]);
    const expiresAt = (await run(target)).certificateExpiresAt as number;
    const date = new Date(expiresAt).toISOString().slice(0, 10);
    const at = (daysLeft: number) => expiresAt - daysLeft * DAY_MS;
    expect(await run(target, at(10.5))).toMatchObject({
      status: "degraded",
      error: `certificate for 127.0.0.1 expires in 10 days (${date}), below warnDays 14`,
      certificateExpiresAt: expiresAt,
    });
    expect(await run(target, at(5.5))).toMatchObject({
      status: "down",
      error: `certificate for 127.0.0.1 expires in 5 days (${date}), below failDays 7`,
    });
    expect((await run({ ...target, warnDays: 30, failDays: 20 }, at(25))).status).toBe("degraded");
    expect(await run(target, at(0.1))).toMatchObject({
      error: `certificate for 127.0.0.1 expires in 2 hours (${date}), below failDays 7`,
    });
    expect(await run(target, at(-3))).toMatchObject({
      status: "down",
      error: `certificate for 127.0.0.1 expired 3 days ago (${date})`,
    });
  });

  it("is down with a TLS error when the server does not speak TLS", async () => {
    const port = await startTcpTarget((socket) => socket.end("SSH-2.0-OpenSSH_9.6\r\n"));
    const outcome = await run({ port });
    expect(outcome.status).toBe("down");
    expect(outcome.error).toMatch(/^TLS error: /);
  });

  it("is down when its caFile cannot be read", async () => {
    expect(await run({ port: 443, caFile: "/nonexistent/ca.pem" })).toMatchObject({
      status: "down",
      error: 'cannot use caFile: "ca.pem" cannot be read: the files directory (--files-dir) does not exist',
    });
  });

  it("takes caFile only from the files directory, and refuses what is not PEM", async () => {
    const certificate = makeCertificate("localhost", ["IP:127.0.0.1"]);
    const filesDir = path.dirname(certificate.certFile);
    writeFileSync(path.join(filesDir, "notes.txt"), "not a certificate");
    const context = { filesDir };
    expect(await tlsCheck.checkOnApply?.(spec({ caFile: "cert.pem" }), context)).toEqual([]);
    expect(await tlsCheck.checkOnApply?.(spec({ caFile: "notes.txt" }), context)).toEqual([
      { path: "/caFile", message: "expected PEM certificates (-----BEGIN CERTIFICATE-----), found none" },
    ]);
    expect(await tlsCheck.checkOnApply?.(spec({ caFile: "key.pem" }), context)).toEqual([
      { path: "/caFile", message: "expected PEM certificates (-----BEGIN CERTIFICATE-----), found none" },
    ]);
    expect(await tlsCheck.checkOnApply?.(spec({}), context)).toEqual([]);
    expect(
      tlsMonitorSpec.safeParse({ type: "tls", host: "x.example", caFile: "/dev/zero" }).error?.issues[0]?.message,
    ).toBe(
      'expected a path such as ca/internal.pem: "/dev/zero" must be relative to the files directory (--files-dir), not absolute',
    );
  });

  it("describes its target", () => {
    expect(tlsCheck.describeTarget(spec({ host: "shop.example" }))).toBe("shop.example:443");
    expect(tlsCheck.describeTarget(spec({ port: 8443, servername: "shop.example" }))).toBe(
      "127.0.0.1:8443 (shop.example)",
    );
  });
});
