import type { LookupAddress } from "node:dns";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  closeTargets,
  type ForbiddenTarget,
  startForbiddenTarget,
  startHttpTarget,
  startTcpTarget,
} from "../../../test/support/probe-targets.js";
import { createConnector, type Resolve } from "../../net/connector.js";
import { assertNoReferences } from "../../secrets/references.js";
import type { CheckContext } from "../check.js";
import { type MonitorSpec, monitorSpec } from "../model.js";
import { findCheck } from "./index.js";

/** 127.0.0.2 plays the address a probe must not reach: a server there counts what it accepts. */
let forbidden: ForbiddenTarget;

beforeAll(async () => {
  forbidden = await startForbiddenTarget();
});

afterAll(() => forbidden.close());
afterEach(closeTargets);

/** Answers every name with `addresses`, counting the lookups. */
function resolveTo(...addresses: string[]): Resolve & { calls: number } {
  const resolve = async (): Promise<LookupAddress[]> => {
    resolve.calls++;
    return addresses.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
  };
  resolve.calls = 0;
  return resolve;
}

function context(resolve?: Resolve): CheckContext {
  return {
    signal: new AbortController().signal,
    now: Date.now,
    connector: createConnector({ settings: { probe: { deny: ["127.0.0.2"] } }, resolve }),
  };
}

function run(fields: Record<string, unknown>, checkContext: CheckContext = context()) {
  const spec = assertNoReferences(monitorSpec.parse({ interval: "10s", timeout: "2s", ...fields }) as MonitorSpec);
  return findCheck(spec)?.run(spec, checkContext);
}

const METADATA_REFUSED = "address 169.254.169.254 is not allowed for probes: cloud metadata service";

describe("checks and the probe policy", () => {
  it.each([
    { type: "http", url: "http://169.254.169.254/latest/meta-data/" },
    { type: "http", url: "http://2852039166/latest/meta-data/" },
    { type: "http", url: "http://0xa9.0xfe.0xa9.0xfe/" },
    { type: "tcp", host: "169.254.169.254", port: 80 },
    { type: "tcp", host: "0251.0376.0251.0376", port: 80 },
    { type: "tls", host: "169.254.169.254", port: 443 },
  ])("refuses a monitor aimed at the metadata service ($type $url$host) without any traffic", async (fields) => {
    const outcome = await run(fields);
    expect(outcome).toMatchObject({ status: "down", error: METADATA_REFUSED });
    expect(outcome?.timings?.connect).toBeUndefined();
  });

  it("refuses IPv4-mapped and NAT64 forms of it", async () => {
    expect(await run({ type: "http", url: "http://[::ffff:169.254.169.254]/" })).toMatchObject({
      status: "down",
      error: "address ::ffff:169.254.169.254 (IPv4 169.254.169.254) is not allowed for probes: cloud metadata service",
    });
    expect(await run({ type: "tcp", host: "64:ff9b::a9fe:a9fe", port: 80 })).toMatchObject({
      status: "down",
      error: "address 64:ff9b::a9fe:a9fe (IPv4 169.254.169.254) is not allowed for probes: cloud metadata service",
    });
  });

  it("refuses a name that resolves to a refused address", async () => {
    const resolve = resolveTo("127.0.0.2");
    const outcome = await run({ type: "tcp", host: "inside.test", port: forbidden.port }, context(resolve));
    expect(outcome).toMatchObject({
      status: "down",
      error: "address 127.0.0.2 (from inside.test) is not allowed for probes: listed in probeDeny",
    });
    expect(resolve.calls).toBe(1);
    expect(forbidden.accepted).toBe(0);
  });

  it("turns an http redirect to a refused address into a down result naming it", async () => {
    const target = `http://127.0.0.2:${forbidden.port}/admin`;
    const base = await startHttpTarget((_request, response) => response.writeHead(302, { location: target }).end());
    expect(await run({ type: "http", url: `${base}/login` })).toMatchObject({
      status: "down",
      error: `redirect to ${target} refused: address 127.0.0.2 is not allowed for probes: listed in probeDeny`,
    });
    expect(forbidden.accepted).toBe(0);
  });

  it("turns an http redirect to a name that resolves to a refused address into a down result", async () => {
    const target = `http://inside.test:${forbidden.port}/`;
    const base = await startHttpTarget((_request, response) => response.writeHead(301, { location: target }).end());
    const resolve = resolveTo("127.0.0.2");
    expect(await run({ type: "http", url: `${base}/` }, context(resolve))).toMatchObject({
      status: "down",
      error: `redirect to ${target} refused: address 127.0.0.2 (from inside.test) is not allowed for probes: listed in probeDeny`,
    });
    expect(resolve.calls).toBe(1);
    expect(forbidden.accepted).toBe(0);
  });

  it("connects an http check by name to the address its one lookup checked", async () => {
    const base = await startHttpTarget((_request, response) => response.end("ok"));
    const resolve = resolveTo("127.0.0.1");
    const url = base.replace("127.0.0.1", "shop.test");
    expect(await run({ type: "http", url: `${url}/health` }, context(resolve))).toMatchObject({
      status: "up",
      statusCode: 200,
    });
    expect(resolve.calls).toBe(1);
  });

  it("still reaches loopback by default, as the demo and local services need", async () => {
    const port = await startTcpTarget((socket) => socket.end());
    expect(await run({ type: "tcp", host: "127.0.0.1", port })).toMatchObject({ status: "up" });
  });

  it("checks the DNS check's resolver, not its answers", async () => {
    expect(await run({ type: "dns", name: "shop.example", resolver: "169.254.169.254:53" })).toMatchObject({
      status: "down",
      error: `cannot ask 169.254.169.254:53: ${METADATA_REFUSED}`,
    });
    expect(await run({ type: "dns", name: "shop.example", resolver: "127.0.0.2" })).toMatchObject({
      status: "down",
      error: "cannot ask 127.0.0.2: address 127.0.0.2 is not allowed for probes: listed in probeDeny",
    });
  });
});
