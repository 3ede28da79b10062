import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeCertificate, opensslMissing, removeCertificates } from "../../../test/support/certificates.js";
import { type DnsServer, startDnsServer, type ZoneEntry } from "../../../test/support/dns-server.js";
import {
  closeTargets,
  countAcceptedConnections,
  countOpenConnections,
  findClosedPort,
  startHangingTarget,
  startHttpTarget,
  startResettingTarget,
  startTcpTarget,
  startTlsTarget,
} from "../../../test/support/probe-targets.js";
import { assertNoReferences } from "../../secrets/references.js";
import type { CheckOutcome } from "../check.js";
import { monitorSpec } from "../model.js";
import { CHECKS, findCheck } from "./index.js";

/**
 * The guarantees every check type gives the engine, whatever the target does: it resolves (never
 * rejects) within its timeout, stops when aborted, releases its connections, and says why when down.
 */

type Fields = Record<string, unknown>;

/** Local targets for one check type, each as the spec fields that point a monitor at it. */
interface Fixture {
  skip?: string;
  up(): Promise<Fields>;
  /** Accepts (a connection or a query) and never answers. */
  hanging(): Promise<Fields>;
  refusing(): Promise<Fields>;
  /** Breaks off the conversation: a TCP reset, or a malformed DNS answer. */
  resetting(): Promise<Fields>;
  /** Points at an address no route leads to. */
  unreachable: Fields;
}

const dnsServers: DnsServer[] = [];
async function startZone(entry: ZoneEntry): Promise<Fields> {
  const server = await startDnsServer({ "shop.example": entry });
  dnsServers.push(server);
  return { type: "dns", name: "shop.example", recordType: "A", resolver: server.address };
}

const local = "127.0.0.1";
/** TEST-NET-1 (RFC 5737): an address no network routes to. */
const nowhere = "192.0.2.1";
const FIXTURES: Record<string, Fixture> = {
  http: {
    up: async () => ({ type: "http", url: `${await startHttpTarget((_request, response) => response.end("ok"))}/` }),
    hanging: async () => ({ type: "http", url: `http://${local}:${await startHangingTarget()}/` }),
    refusing: async () => ({ type: "http", url: `http://${local}:${await findClosedPort()}/` }),
    resetting: async () => ({ type: "http", url: `http://${local}:${await startResettingTarget()}/` }),
    unreachable: { type: "http", url: `http://${nowhere}/` },
  },
  tcp: {
    up: async () => ({ type: "tcp", host: local, port: await startTcpTarget() }),
    hanging: async () => ({
      type: "tcp",
      host: local,
      port: await startHangingTarget(),
      send: "PING\\r\\n",
      expect: "+PONG",
    }),
    refusing: async () => ({ type: "tcp", host: local, port: await findClosedPort() }),
    resetting: async () => ({ type: "tcp", host: local, port: await startResettingTarget(), expect: "+PONG" }),
    unreachable: { type: "tcp", host: nowhere, port: 5432 },
  },
  dns: {
    up: () => startZone([{ type: "A", data: "10.0.0.5" }]),
    hanging: () => startZone("silent"),
    refusing: () => startZone("REFUSED"),
    resetting: () => startZone("garbage"),
    unreachable: { type: "dns", name: "shop.example", resolver: nowhere },
  },
  tls: {
    skip: opensslMissing,
    up: async () => {
      const certificate = makeCertificate("localhost", ["DNS:localhost", `IP:${local}`]);
      const port = await startTlsTarget(certificate);
      return { type: "tls", host: local, port, caFile: "cert.pem", filesDir: path.dirname(certificate.certFile) };
    },
    hanging: async () => ({ type: "tls", host: local, port: await startHangingTarget() }),
    refusing: async () => ({ type: "tls", host: local, port: await findClosedPort() }),
    resetting: async () => ({ type: "tls", host: local, port: await startResettingTarget() }),
    unreachable: { type: "tls", host: nowhere },
  },
};

afterEach(async () => {
  await closeTargets();
  await Promise.all(dnsServers.splice(0).map((server) => server.close()));
  removeCertificates();
});

async function runCheck(allFields: Fields, timeout: string, signal = new AbortController().signal) {
  // `filesDir` is the server's, not the spec's: where a fixture's caFile is.
  const { filesDir, ...fields } = allFields as Fields & { filesDir?: string };
  const spec = assertNoReferences(monitorSpec.parse({ interval: "10s", timeout, ...fields }));
  const check = findCheck(spec);
  if (!check) throw new Error(`no check registered for ${spec.type}`);
  const startedAt = performance.now();
  const outcome = await check.run(spec, { signal, now: Date.now, filesDir });
  return { outcome, elapsedMs: performance.now() - startedAt };
}

/** Connections accepted and DNS queries received: whether a check reached its target at all. */
const countContacts = () => countAcceptedConnections() + dnsServers.reduce((sum, server) => sum + server.queries(), 0);

// Bounds on elapsed time are wide on purpose: a loaded machine may be late by seconds, and what
// these tests guard is that a check ends at its timeout instead of hanging or waiting for another.
const LATE_MS = 3000;

function expectDown(outcome: CheckOutcome) {
  expect(outcome.status).toBe("down");
  expect(outcome.error, "a down outcome says why").toMatch(/\S/);
  expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
}

it("covers every check type that reaches out to a target", () => {
  // A pushed check waits to be pinged instead of reaching out to a target: nothing here applies to it.
  const types = Object.entries(CHECKS)
    .filter(([, check]) => check.schedule === "pulled")
    .map(([type]) => type);
  expect(types.sort()).toEqual(Object.keys(FIXTURES).sort());
});

describe.each(Object.entries(FIXTURES))("%s check contract", (_type, fixture) => {
  it.skipIf(fixture.skip)("is up against a healthy target", async () => {
    const { outcome } = await runCheck(await fixture.up(), "2s");
    expect(outcome).toMatchObject({ status: "up" });
    expect(outcome.error).toBeUndefined();
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
    await vi.waitFor(() => expect(countOpenConnections()).toBe(0));
  });

  it.skipIf(fixture.skip)("is down with a reason when the target refuses", async () => {
    const { outcome } = await runCheck(await fixture.refusing(), "2s");
    expectDown(outcome);
  });

  it.skipIf(fixture.skip)("is down with a reason when the target breaks off", async () => {
    const { outcome } = await runCheck(await fixture.resetting(), "2s");
    expectDown(outcome);
  });

  it.skipIf(fixture.skip)("ends within its timeout when the target hangs, and lets go of it", async () => {
    const { outcome, elapsedMs } = await runCheck(await fixture.hanging(), "300ms");
    expectDown(outcome);
    expect(outcome.error).toMatch(/^timed out after 300 ms/);
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(300 + LATE_MS);
    await vi.waitFor(() => expect(countOpenConnections()).toBe(0));
  });

  it.skipIf(fixture.skip)("is down within its timeout when the target is unreachable", async () => {
    const { outcome, elapsedMs } = await runCheck(fixture.unreachable, "300ms");
    // Packets vanish (a timeout), or a router or firewall answers "unreachable" or "refused".
    expectDown(outcome);
    expect(elapsedMs).toBeLessThan(300 + LATE_MS);
  });

  it.skipIf(fixture.skip)("stops promptly when its signal aborts", async () => {
    const controller = new AbortController();
    const target = await fixture.hanging();
    // Abort once the check has reached the target, so the abort cuts a conversation under way.
    const contacted = vi.waitFor(() => expect(countContacts()).toBeGreaterThan(0), { timeout: 5000 });
    void contacted.then(() => controller.abort());
    const { outcome, elapsedMs } = await runCheck(target, "10s", controller.signal);
    await contacted;
    expect(outcome).toMatchObject({ status: "down", error: "check cancelled" });
    // Well before the 10 s timeout, which is what would end it had the abort been ignored.
    expect(elapsedMs).toBeLessThan(10_000 - LATE_MS);
    await vi.waitFor(() => expect(countOpenConnections()).toBe(0));
  });

  it.skipIf(fixture.skip)("does not start when its signal is already aborted", async () => {
    const { outcome } = await runCheck(await fixture.hanging(), "10s", AbortSignal.abort());
    expect(outcome).toMatchObject({ status: "down", error: "check cancelled" });
    expect(countContacts()).toBe(0);
  });
});
