import { describe, expect, it } from "vitest";
import { loadDocuments } from "../../config/load.js";
import { formatIssue } from "../../core/errors.js";
import { KINDS } from "../../kinds.js";

const monitor = (spec: string) => `apiVersion: nines/v1\nkind: Monitor\nmetadata:\n  name: shop\nspec: ${spec}\n`;

const load = (text: string) => loadDocuments(text, "nines.yaml", { env: {}, kinds: KINDS });

/** The issues of a monitor whose spec is one flow mapping, as `file:line:column: path: message`. */
const problems = (spec: string) => load(monitor(spec)).issues.map(formatIssue);

describe("check specs", () => {
  it.each([
    '{type: http, url: "https://shop.example/health", interval: 30s, timeout: 5s}',
    "{type: tcp, host: db.internal, port: 5432, interval: 30s}",
    "{type: dns, name: shop.example, recordType: A, interval: 60s}",
    "{type: tls, host: shop.example, port: 443, interval: 1h}",
  ])("the smallest monitor of a kind is valid: %s", (spec) => {
    const { documents, issues } = load(monitor(spec));
    expect(issues.map(formatIssue)).toEqual([]);
    expect(documents).toHaveLength(1);
  });

  it("fills in the defaults of every kind", () => {
    const specOf = (spec: string) => load(monitor(spec)).documents[0]?.document.spec;
    expect(specOf('{type: http, url: "https://shop.example/"}')).toMatchObject({
      method: "GET",
      followRedirects: true,
      maxRedirects: 5,
      tlsVerify: true,
      expectedStatus: ["200-399"],
    });
    expect(specOf("{type: tcp, host: db.internal, port: 5432}")).toMatchObject({ tls: false, tlsVerify: true });
    expect(specOf("{type: dns, name: shop.example}")).toMatchObject({ recordType: "A" });
    expect(specOf("{type: tls, host: shop.example}")).toMatchObject({ port: 443, warnDays: 14, failDays: 7 });
  });

  it("takes every http option", () => {
    const spec = `{type: http, url: "https://shop.example/api", method: POST, headers: {Authorization: Bearer x},
      body: "{}", followRedirects: false, maxRedirects: 2, tlsVerify: false, expectedStatus: [200, "300-302"],
      bodyContains: ok, bodyNotContains: error, bodyMatches: "/ok/i", degradedAbove: 1s,
      json: [{path: status, equals: ok}, {path: items, exists: true}, {path: "length(items) > \`0\`"}]}`;
    expect(problems(spec)).toEqual([]);
  });

  // Each case: the spec, the text the problem points at (its first occurrence), the path and the message.
  it.each([
    [
      "{type: tcp, host: db.internal, port: 70000}",
      "70000",
      "port",
      "expected a port number from 1 to 65535, got 70000",
    ],
    [
      "{type: tcp, host: 'db.internal:5432', port: 5432}",
      "'db",
      "host",
      'expected a host name or IP address such as db.internal or 10.0.0.5 (give the port in `port`), got "db.internal:5432"',
    ],
    [
      "{type: tcp, host: db.internal, port: 1, expect: '/(/'}",
      "'/(/'",
      "expect",
      'expected a substring or /regular expression/, got "/(/": missing closing ): `(` (RE2 syntax)',
    ],
    [
      "{type: dns, name: shop.example, recordType: PTR}",
      "PTR",
      "recordType",
      'expected one of "A", "AAAA", "CNAME", "MX", "TXT", "NS" or "SRV", got "PTR"',
    ],
    [
      "{type: dns, name: 'shop example'}",
      "'shop",
      "name",
      'expected a DNS name such as shop.example or _sip._tcp.example, got "shop example"',
    ],
    [
      "{type: dns, name: shop.example, resolver: 'dns.google'}",
      "'dns.google'",
      "resolver",
      'expected a resolver IP address with an optional port, such as "10.0.0.2", "10.0.0.2:5353" or "[2001:db8::53]:53", got "dns.google"',
    ],
    [
      "{type: tls, host: shop.example, warnDays: 7, failDays: 7}",
      "7}",
      "failDays",
      "expected failDays below warnDays (7), got 7",
    ],
    [
      '{type: http, url: "http://x.example", bodyMatches: "(unclosed"}',
      '"(unclosed"',
      "bodyMatches",
      'expected a regular expression, got "(unclosed": missing closing ): `(unclosed` (RE2 syntax)',
    ],
    [
      '{type: http, url: "http://x.example", json: [{path: "a.["}]}',
      '"a.["',
      "json/0/path",
      'expected a JMESPath expression, got "a.[": Syntax error: invalid token (EOF): ""',
    ],
    [
      '{type: http, url: "http://x.example", json: [{path: a, equals: 1, exists: true}]}',
      "{path",
      "json/0",
      "expected either equals or exists in a JSON assertion, not both",
    ],
    [
      '{type: http, url: "http://x.example", timeout: 2s, degradedAbove: 2s}',
      "2s}",
      "degradedAbove",
      'expected degradedAbove shorter than the timeout (2s), got "2s"',
    ],
    [
      '{type: http, url: "http://x.example", headers: {"Bad Header": x}}',
      '"Bad',
      "headers/Bad Header",
      'expected an HTTP header name, got "Bad Header"',
    ],
  ])("reports a bad spec where it is: %s", (spec, at, path, message) => {
    const column = "spec: ".length + spec.indexOf(at) + 1;
    expect(problems(spec)).toEqual([`nines.yaml:5:${column}: /spec/${path}: ${message}`]);
  });

  it("names a missing required field", () => {
    expect(problems("{type: tcp, host: db.internal}")).toEqual([
      'nines.yaml:5:7: /spec/port: missing required field "port": expected a port number from 1 to 65535',
    ]);
  });
});
