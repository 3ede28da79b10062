import dgram from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsServer, startDnsServer } from "../../../test/support/dns-server.js";
import { dnsMonitorSpec } from "../model.js";
import { dnsCheck } from "./dns.js";
import { findMissingAnswers, normaliseAnswer } from "./dns-answers.js";

let server: DnsServer;

beforeAll(async () => {
  server = await startDnsServer({
    "shop.example": [
      { type: "A", data: "10.0.0.5" },
      { type: "A", data: "10.0.0.6" },
      { type: "AAAA", data: "2001:db8::5" },
      { type: "MX", data: "10 Mail.Shop.Example" },
      { type: "MX", data: "20 backup.shop.example" },
      { type: "TXT", data: `v=spf1 include:_spf.shop.example ~all ${"k".repeat(300)}` },
      { type: "NS", data: "ns1.shop.example" },
    ],
    "www.shop.example": [{ type: "CNAME", data: "shop.example" }],
    "_sip._tcp.shop.example": [{ type: "SRV", data: "10 5 5060 sip.shop.example" }],
    "broken.example": "SERVFAIL",
    "slow.example": "silent",
    "garbled.example": "garbage",
  });
});

afterAll(() => server.close());

const spec = (overrides: Record<string, unknown>) =>
  dnsMonitorSpec.parse({ type: "dns", name: "shop.example", resolver: server.address, timeout: "2s", ...overrides });

const run = (overrides: Record<string, unknown>) =>
  dnsCheck.run(spec(overrides), { signal: new AbortController().signal, now: Date.now });

describe("dns check", () => {
  it("is up when the name has records of the type, timing the lookup", async () => {
    const outcome = await run({});
    expect(outcome).toMatchObject({ status: "up" });
    expect(outcome.timings).toEqual({ dns: expect.any(Number) });
  });

  it("is up when every expected answer is present, compared without case or final dot", async () => {
    const cases: Array<[string, string, string[]]> = [
      ["shop.example", "A", ["10.0.0.6"]],
      ["shop.example", "AAAA", ["2001:0DB8:0:0::5"]],
      ["shop.example", "MX", ["10 mail.shop.example.", "20  backup.shop.example"]],
      ["shop.example", "NS", ["NS1.shop.example."]],
      ["shop.example", "TXT", [`v=spf1 include:_spf.shop.example ~all ${"k".repeat(300)}`]],
      ["www.shop.example", "CNAME", ["shop.example."]],
      ["_sip._tcp.shop.example", "SRV", ["10 5 5060 sip.shop.example"]],
    ];
    for (const [name, recordType, expectedAnswers] of cases) {
      expect(await run({ name, recordType, expectedAnswers }), `${name} ${recordType}`).toMatchObject({ status: "up" });
    }
  });

  it("is down when an expected answer is missing, listing what it got", async () => {
    expect(await run({ expectedAnswers: ["10.0.0.5", "10.0.0.9"] })).toMatchObject({
      status: "down",
      error: "shop.example A lacks 10.0.0.9 (got 10.0.0.5, 10.0.0.6)",
    });
    expect(await run({ recordType: "MX", expectedAnswers: ["5 mx.other.example"] })).toMatchObject({
      error: 'shop.example MX lacks "5 mx.other.example" (got "10 mail.shop.example", "20 backup.shop.example")',
    });
  });

  it("is down on NXDOMAIN, SERVFAIL, no answers and malformed answers", async () => {
    expect(await run({ name: "nx.shop.example" })).toMatchObject({
      status: "down",
      error: `NXDOMAIN: nx.shop.example does not exist (asked ${server.address})`,
    });
    expect(await run({ name: "broken.example" })).toMatchObject({
      error: `SERVFAIL: ${server.address} failed to answer broken.example A`,
    });
    expect(await run({ name: "www.shop.example", recordType: "MX" })).toMatchObject({
      error: "no MX records for www.shop.example",
    });
    expect(await run({ name: "garbled.example" })).toMatchObject({
      error: `malformed answer from ${server.address} for garbled.example A (EBADRESP)`,
    });
  });

  it("is down when nothing listens at the resolver's address", async () => {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const resolver = `127.0.0.1:${socket.address().port}`;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    expect(await run({ resolver })).toMatchObject({
      status: "down",
      error: `connection refused by ${resolver} (ECONNREFUSED)`,
    });
  });

  it("times out on a resolver that never answers", async () => {
    const outcome = await run({ name: "slow.example", timeout: "300ms" });
    expect(outcome).toMatchObject({
      status: "down",
      error: `timed out after 300 ms waiting for ${server.address} to answer slow.example A`,
    });
    expect(outcome.durationMs).toBeLessThan(1000);
    expect(outcome.timings).toEqual({});
  });

  it("describes its target", () => {
    expect(dnsCheck.describeTarget(spec({ recordType: "MX" }))).toBe(`shop.example MX @${server.address}`);
  });
});

describe("dns answers", () => {
  it("normalises names, IPv6 and spacing, but keeps TXT as written", () => {
    expect(normaliseAnswer("CNAME", "Shop.Example.")).toBe("shop.example");
    expect(normaliseAnswer("AAAA", "2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(normaliseAnswer("SRV", " 10  05 5060 SIP.example. ")).toBe("10 5 5060 sip.example");
    expect(normaliseAnswer("TXT", "Key=AbC")).toBe("Key=AbC");
    expect(findMissingAnswers("A", ["10.0.0.1", " 10.0.0.2"], ["10.0.0.2"])).toEqual(["10.0.0.1"]);
  });
});
