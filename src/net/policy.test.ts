import { describe, expect, it } from "vitest";
import { createOutboundPolicy, type OutboundRules, type Purpose, parseRule } from "./policy.js";

/** "allow", or a piece of the reason the policy must give; the address it connects to when allowed. */
type Expected = "allow" | `allow ${string}` | `refuse: ${string}`;

function decide(purpose: Purpose, host: string, rules?: OutboundRules, resolved?: string[]): string {
  const policy = createOutboundPolicy(purpose, rules);
  const screening = policy.screen(host);
  if (screening.kind === "refused") return `refuse: ${screening.reason}`;
  if (screening.kind === "address") return `allow ${screening.address}`;
  for (const address of resolved ?? []) {
    const decision = policy.checkAddress(address, screening.name);
    if (!decision.allowed) return `refuse: ${decision.reason}`;
  }
  return `allow ${screening.name}`;
}

function expectDecision(actual: string, expected: Expected) {
  if (expected === "allow") expect(actual).toMatch(/^allow /);
  else if (expected.startsWith("allow ")) expect(actual).toBe(expected);
  else expect(actual).toContain(expected.slice("refuse: ".length));
}

const METADATA = "refuse: is not allowed for probes: cloud metadata service";
const THIS_HOST = `refuse: "this host", never a destination`;
const INVALID = "refuse: is not a valid host name or address";
const LINK_LOCAL = "refuse: link-local (allow it with probeAllow)";

/** Literal hosts: decided without any lookup, for probes (private ranges and loopback allowed). */
const PROBE_HOSTS: Array<[string, Expected]> = [
  // The metadata address in every IPv4 spelling the URL parser and inet_aton accept.
  ["169.254.169.254", "refuse: address 169.254.169.254 is not allowed for probes: cloud metadata service"],
  ["2852039166", "refuse: address 169.254.169.254 is not allowed"],
  ["0251.0376.0251.0376", "refuse: address 169.254.169.254 is not allowed"],
  ["0xa9fea9fe", "refuse: address 169.254.169.254 is not allowed"],
  ["0XA9FEA9FE", "refuse: address 169.254.169.254 is not allowed"],
  ["0xa9.0xfe.0xa9.0xfe", "refuse: address 169.254.169.254 is not allowed"],
  ["0251.254.169.254", "refuse: address 169.254.169.254 is not allowed"],
  ["169.254.43518", "refuse: address 169.254.169.254 is not allowed"],
  ["169.16689662", "refuse: address 169.254.169.254 is not allowed"],
  ["169.254.169.254.", "refuse: address 169.254.169.254 is not allowed"],
  ["00000251.0376.0251.0376", "refuse: address 169.254.169.254 is not allowed"],
  ["%31%36%39.254.169.254", INVALID],
  ["１６９.２５４.１６９.２５４", "refuse: address 169.254.169.254 is not allowed"],
  ["[169.254.169.254]", INVALID],
  // The same address inside IPv6.
  ["::ffff:169.254.169.254", "refuse: address ::ffff:169.254.169.254 (IPv4 169.254.169.254) is not allowed"],
  ["[::ffff:169.254.169.254]", "refuse: (IPv4 169.254.169.254) is not allowed"],
  ["::ffff:a9fe:a9fe", "refuse: (IPv4 169.254.169.254) is not allowed"],
  ["0:0:0:0:0:ffff:a9fe:a9fe", "refuse: (IPv4 169.254.169.254) is not allowed"],
  ["::ffff:0:a9fe:a9fe", "refuse: (IPv4 169.254.169.254) is not allowed"],
  ["::a9fe:a9fe", "refuse: address ::a9fe:a9fe (IPv4 169.254.169.254) is not allowed"],
  ["::169.254.169.254", "refuse: (IPv4 169.254.169.254) is not allowed"],
  ["64:ff9b::a9fe:a9fe", "refuse: address 64:ff9b::a9fe:a9fe (IPv4 169.254.169.254) is not allowed"],
  ["64:ff9b::169.254.169.254", "refuse: (IPv4 169.254.169.254) is not allowed"],
  ["64:ff9b:1:a9fe:a9:fe00::", "refuse: (IPv4 169.254.169.254) is not allowed"],
  ["2002:a9fe:a9fe::", "refuse: address 2002:a9fe:a9fe:: (IPv4 169.254.169.254) is not allowed"],
  ["2002:a9fe:a9fe:1234::1", "refuse: (IPv4 169.254.169.254) is not allowed"],
  ["2001:0:4136:e378:8000:63bf:5601:5601", "refuse: (IPv4 169.254.169.254) is not allowed"],
  // Other metadata services.
  ["fd00:ec2::254", "refuse: address fd00:ec2::254 is not allowed for probes: cloud metadata service"],
  ["[fd00:ec2::254]", METADATA],
  ["fd00:0ec2:0000::0254", METADATA],
  ["fd00:ec2::23", METADATA],
  ["100.100.100.200", METADATA],
  ["192.0.0.192", METADATA],
  ["168.63.129.16", METADATA],
  ["169.254.170.2", METADATA],
  ["169.254.170.23", METADATA],
  ["169.254.0.23", METADATA],
  ["::ffff:100.100.100.200", METADATA],
  ["64:ff9b::c000:c0", METADATA],
  [
    "metadata.google.internal",
    "refuse: host metadata.google.internal is not allowed for probes: cloud metadata service",
  ],
  ["metadata.google.internal.", "refuse: host metadata.google.internal is not allowed"],
  ["METADATA.Google.Internal", "refuse: host metadata.google.internal is not allowed"],
  ["metadata.goog", METADATA],
  ["metadata.tencentyun.com", METADATA],
  ["instance-data", METADATA],
  // Link-local, whatever the spelling.
  ["169.254.1.1", LINK_LOCAL],
  ["169.254.255.255", LINK_LOCAL],
  ["2851995905", LINK_LOCAL],
  ["fe80::1", LINK_LOCAL],
  ["fe80::1%eth0", LINK_LOCAL],
  ["[fe80::1%25eth0]", LINK_LOCAL],
  ["febf:ffff::1", LINK_LOCAL],
  ["::ffff:169.254.1.1", LINK_LOCAL],
  ["64:ff9b::a9fe:101", LINK_LOCAL],
  // "This host", never a destination: Linux connects 0.0.0.0 to itself.
  ["0.0.0.0", THIS_HOST],
  ["0", THIS_HOST],
  ["0x0", THIS_HOST],
  ["0.0", THIS_HOST],
  ["00.00.00.00", THIS_HOST],
  ["0.1.2.3", THIS_HOST],
  ["::", THIS_HOST],
  ["[::]", THIS_HOST],
  ["0:0:0:0:0:0:0:0", THIS_HOST],
  ["::ffff:0.0.0.0", THIS_HOST],
  ["2002::", THIS_HOST],
  // Multicast, broadcast, reserved: never.
  ["224.0.0.1", "refuse: multicast"],
  ["239.255.255.250", "refuse: multicast"],
  ["ff02::1", "refuse: multicast"],
  ["ff05::1:3", "refuse: multicast"],
  ["255.255.255.255", "refuse: broadcast"],
  ["4294967295", "refuse: broadcast"],
  ["0xffffffff", "refuse: broadcast"],
  ["240.0.0.1", "refuse: reserved range"],
  ["100::1", "refuse: reserved range"],
  // Loopback and private ranges: probes reach them by default (the address connected to is shown).
  ["127.0.0.1", "allow 127.0.0.1"],
  ["127.1", "allow 127.0.0.1"],
  ["127.0.1", "allow 127.0.0.1"],
  ["2130706433", "allow 127.0.0.1"],
  ["0x7f000001", "allow 127.0.0.1"],
  ["0177.0.0.1", "allow 127.0.0.1"],
  ["0x7f.1", "allow 127.0.0.1"],
  ["127.0.0.1.", "allow 127.0.0.1"],
  ["127.255.255.254", "allow 127.255.255.254"],
  ["::1", "allow ::1"],
  ["[::1]", "allow ::1"],
  ["0:0:0:0:0:0:0:1", "allow ::1"],
  ["::ffff:127.0.0.1", "allow ::ffff:127.0.0.1"],
  ["10.0.0.1", "allow 10.0.0.1"],
  ["012.0.0.1", "allow 10.0.0.1"],
  ["172.16.5.4", "allow 172.16.5.4"],
  ["192.168.1.1", "allow 192.168.1.1"],
  ["3232235777", "allow 192.168.1.1"],
  ["100.64.0.1", "allow 100.64.0.1"],
  ["192.0.2.1", "allow 192.0.2.1"],
  ["fd12:3456::1", "allow fd12:3456::1"],
  ["fc00::1", "allow fc00::1"],
  // Public addresses and names.
  ["8.8.8.8", "allow 8.8.8.8"],
  ["134744072", "allow 8.8.8.8"],
  ["2606:4700:4700::1111", "allow 2606:4700:4700::1111"],
  ["[2606:4700:4700::1111]", "allow 2606:4700:4700::1111"],
  ["64:ff9b::808:808", "allow 64:ff9b::808:808"],
  ["2002:808:808::1", "allow 2002:808:808::1"],
  ["shop.example", "allow shop.example"],
  ["Shop.Example.", "allow shop.example"],
  ["bücher.example", "allow xn--bcher-kva.example"],
  ["BÜCHER.example", "allow xn--bcher-kva.example"],
  ["xn--bcher-kva.example", "allow xn--bcher-kva.example"],
  ["ｌｏｃａｌｈｏｓｔ", "allow localhost"],
  ["_sip._tcp.example", "allow _sip._tcp.example"],
  ["1.2.3.4.example", "allow 1.2.3.4.example"],
  ["0x7f.example", "allow 0x7f.example"],
  // Not hosts at all.
  ["", INVALID],
  ["a b", INVALID],
  ["256.0.0.1", INVALID],
  ["1.2.3.4.5", INVALID],
  ["08.0.0.1", INVALID],
  ["0x1g.0.0.1", INVALID],
  ["4294967296", INVALID],
  ["127.0.0.1:80", INVALID],
  ["example.com..", INVALID],
  ["exa mple.com", INVALID],
  ["shop.example/path", INVALID],
  ["127.0.0.1\u0000.example", INVALID],
  ["[::1", INVALID],
  ["1::2::3", INVALID],
];

describe("the probe policy on literal hosts", () => {
  it.each(PROBE_HOSTS)("%s → %s", (host, expected) => expectDecision(decide("probe", host), expected));
});

/** Notification targets: public only unless a setting allows more. */
const NOTIFY_HOSTS: Array<[string, Expected]> = [
  ["127.0.0.1", "refuse: address 127.0.0.1 is not allowed for notifications: loopback (allow it with notifyAllow)"],
  ["127.1", "refuse: address 127.0.0.1 is not allowed for notifications: loopback"],
  ["::1", "refuse: loopback"],
  ["::ffff:127.0.0.1", "refuse: (IPv4 127.0.0.1) is not allowed for notifications: loopback"],
  ["::7f00:1", "refuse: loopback"],
  ["10.1.2.3", "refuse: private range (allow it with notifyAllow)"],
  ["167838211", "refuse: address 10.1.2.3 is not allowed for notifications: private range"],
  ["172.31.255.255", "refuse: private range"],
  ["192.168.0.10", "refuse: private range"],
  ["100.64.1.1", "refuse: private range"],
  ["fd00::1", "refuse: private range"],
  ["64:ff9b::a00:1", "refuse: (IPv4 10.0.0.1) is not allowed for notifications: private range"],
  ["2002:c0a8:101::", "refuse: (IPv4 192.168.1.1) is not allowed for notifications: private range"],
  ["fe80::1", "refuse: link-local (allow it with notifyAllow)"],
  ["169.254.169.254", "refuse: cloud metadata service"],
  ["0.0.0.0", "refuse: never a destination"],
  ["8.8.8.8", "allow 8.8.8.8"],
  ["hooks.slack.com", "allow hooks.slack.com"],
];

describe("the notification policy on literal hosts", () => {
  it.each(NOTIFY_HOSTS)("%s → %s", (host, expected) => expectDecision(decide("notify", host), expected));
});

/** Names are judged on every address they resolve to (the test plays the resolver). */
const RESOLVED: Array<[Purpose, string, string[], Expected]> = [
  [
    "probe",
    "evil.example",
    ["169.254.169.254"],
    "refuse: address 169.254.169.254 (from evil.example) is not allowed for probes",
  ],
  [
    "probe",
    "evil.example",
    ["93.184.216.34", "169.254.169.254"],
    "refuse: address 169.254.169.254 (from evil.example)",
  ],
  ["probe", "evil.example", ["::ffff:169.254.169.254"], "refuse: (IPv4 169.254.169.254, from evil.example)"],
  ["probe", "evil.example", ["fd00:ec2::254"], "refuse: address fd00:ec2::254 (from evil.example)"],
  ["probe", "evil.example", ["0.0.0.0"], "refuse: never a destination"],
  ["probe", "db.internal", ["10.0.0.5"], "allow db.internal"],
  ["probe", "localhost", ["127.0.0.1", "::1"], "allow localhost"],
  ["notify", "localhost", ["127.0.0.1"], "refuse: address 127.0.0.1 (from localhost) is not allowed for notifications"],
  ["notify", "hooks.internal", ["10.0.0.9"], "refuse: private range"],
  ["notify", "hooks.example", ["93.184.216.34"], "allow hooks.example"],
  ["notify", "hooks.example", ["93.184.216.34", "fd00::9"], "refuse: address fd00::9 (from hooks.example)"],
];

describe("names, by what they resolve to", () => {
  it.each(RESOLVED)("%s %s → %j: %s", (purpose, host, addresses, expected) =>
    expectDecision(decide(purpose, host, undefined, addresses), expected),
  );
});

/** Redirect locations, read against the URL that sent them the way the http check reads them. */
const REDIRECTS: Array<[string, Expected]> = [
  ["http://169.254.169.254/latest/meta-data/", METADATA],
  ["//169.254.169.254/", METADATA],
  ["HTTP://0251.0376.0251.0376:80/", METADATA],
  ["http://2852039166/", METADATA],
  ["http://0xa9fea9fe/", METADATA],
  ["http://[::ffff:a9fe:a9fe]/", METADATA],
  ["http://[64:ff9b::a9fe:a9fe]/", METADATA],
  ["http://evil.example@169.254.169.254/", METADATA],
  [
    "http://ｍｅｔａｄａｔａ.google.internal/computeMetadata/v1/",
    "refuse: host metadata.google.internal is not allowed",
  ],
  ["http://metadata.google.internal./", "refuse: host metadata.google.internal is not allowed"],
  ["http://0/", THIS_HOST],
  ["http://[::]/", THIS_HOST],
  ["http://[fe80::1]/", LINK_LOCAL],
  ["http://169.254.169.254%2f@shop.example/", "allow shop.example"],
  ["/elsewhere", "allow shop.example"],
  ["http://127.1:8080/", "allow 127.0.0.1"],
];

describe("redirect locations", () => {
  it.each(REDIRECTS)("%s → %s", (location, expected) =>
    expectDecision(decide("probe", new URL(location, "https://shop.example/login").hostname), expected),
  );
});

/** Allow and deny settings: deny wins, and nothing makes metadata or "this host" reachable. */
const WITH_RULES: Array<[Purpose, string, OutboundRules, string[] | undefined, Expected]> = [
  ["notify", "10.1.2.3", { allow: ["10.0.0.0/8"] }, undefined, "allow 10.1.2.3"],
  ["notify", "::ffff:10.1.2.3", { allow: ["10.0.0.0/8"] }, undefined, "allow ::ffff:10.1.2.3"],
  ["notify", "10.1.2.3", { allow: ["10.1.2.3"] }, undefined, "allow 10.1.2.3"],
  ["notify", "10.1.2.4", { allow: ["10.1.2.3"] }, undefined, "refuse: private range"],
  ["notify", "127.0.0.1", { allow: ["127.0.0.0/8"] }, undefined, "allow 127.0.0.1"],
  ["notify", "fd00::9", { allow: ["fd00::/8"] }, undefined, "allow fd00::9"],
  ["notify", "fd00::9", { allow: ["[fd00::]/8"] }, undefined, "allow fd00::9"],
  ["notify", "hooks.internal", { allow: ["hooks.internal"] }, ["10.0.0.9"], "allow hooks.internal"],
  ["notify", "a.hooks.internal", { allow: ["*.hooks.internal"] }, ["10.0.0.9"], "allow a.hooks.internal"],
  ["notify", "hooks.internal", { allow: ["*.hooks.internal"] }, ["10.0.0.9"], "refuse: private range"],
  ["notify", "evilhooks.internal", { allow: ["*.hooks.internal"] }, ["10.0.0.9"], "refuse: private range"],
  ["notify", "hooks.internal", { allow: ["hooks.internal"] }, ["169.254.169.254"], "refuse: cloud metadata service"],
  ["probe", "169.254.169.254", { allow: ["169.254.0.0/16"] }, undefined, "refuse: cloud metadata service"],
  ["probe", "169.254.10.1", { allow: ["169.254.0.0/16"] }, undefined, "allow 169.254.10.1"],
  ["probe", "0.0.0.0", { allow: ["0.0.0.0/0"] }, undefined, "refuse: never a destination"],
  ["probe", "224.0.0.1", { allow: ["0.0.0.0/0"] }, undefined, "refuse: multicast"],
  [
    "probe",
    "127.0.0.2",
    { deny: ["127.0.0.2"] },
    undefined,
    "refuse: address 127.0.0.2 is not allowed for probes: listed in probeDeny",
  ],
  ["probe", "2130706434", { deny: ["127.0.0.2/32"] }, undefined, "refuse: listed in probeDeny"],
  ["probe", "::ffff:127.0.0.2", { deny: ["127.0.0.2/32"] }, undefined, "refuse: listed in probeDeny"],
  ["probe", "127.0.0.1", { deny: ["127.0.0.2/32"] }, undefined, "allow 127.0.0.1"],
  ["probe", "10.9.9.9", { allow: ["10.0.0.0/8"], deny: ["10.9.0.0/16"] }, undefined, "refuse: listed in probeDeny"],
  [
    "probe",
    "secret.corp",
    { deny: ["secret.corp"] },
    undefined,
    "refuse: host secret.corp is not allowed for probes: listed in probeDeny",
  ],
  ["probe", "Secret.Corp.", { deny: ["secret.corp"] }, undefined, "refuse: listed in probeDeny"],
  ["probe", "a.b.corp", { deny: ["*.corp"] }, undefined, "refuse: listed in probeDeny"],
  [
    "probe",
    "rebind.example",
    { deny: ["10.0.0.0/8"] },
    ["10.0.0.1"],
    "refuse: address 10.0.0.1 (from rebind.example) is not allowed for probes: listed in probeDeny",
  ],
];

describe("allow and deny settings", () => {
  it.each(WITH_RULES)("%s %s with %j (%j) → %s", (purpose, host, rules, addresses, expected) =>
    expectDecision(decide(purpose, host, rules, addresses), expected),
  );

  it("holds a corpus of at least a hundred inputs", () => {
    expect(
      PROBE_HOSTS.length + NOTIFY_HOSTS.length + RESOLVED.length + REDIRECTS.length + WITH_RULES.length,
    ).toBeGreaterThanOrEqual(100);
  });

  it.each(["10.0.0.0/33", "10.0.0.0/", "not a host!", "*.", "fe80::/129"])("rejects the rule %j", (text) => {
    expect(parseRule(text)).toHaveProperty("error");
  });

  it("reads rules written with spaces and IDN names", () => {
    expect(parseRule(" 10.0.0.0/8 ")).toMatchObject({ kind: "range" });
    expect(parseRule("*.bücher.example")).toEqual({ kind: "name", name: "xn--bcher-kva.example", subdomains: true });
  });
});
