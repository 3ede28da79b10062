import { describe, expect, it } from "vitest";
import { connectionHeaders, connectionTimeoutMs, parsePrometheusConnection } from "./prometheus-connection.js";

describe("parsePrometheusConnection", () => {
  it("takes a URL with credentials as references and defaults the timeout to 10s", () => {
    const parsed = parsePrometheusConnection({
      url: "https://prometheus.example:9090/prefix",
      headers: { "X-Scope-OrgID": "team-a", "X-Key": { env: "PROM_KEY" } },
      bearerToken: { secretRef: { name: "prometheus", key: "token" } },
    });
    expect(parsed).toEqual({
      ok: true,
      connection: {
        url: "https://prometheus.example:9090/prefix",
        headers: { "X-Scope-OrgID": "team-a", "X-Key": { env: "PROM_KEY" } },
        bearerToken: { secretRef: { name: "prometheus", key: "token" } },
        timeout: "10s",
      },
    });
  });

  it.each([
    [{}, "connectionDetails.url: "],
    [{ url: "ftp://x" }, "connectionDetails.url: expected an http:// or https:// URL"],
    [{ url: "http://u:p@x" }, "without user:password@"],
    [
      { url: "http://x", timeout: "soon" },
      'connectionDetails.timeout: expected a timeout from 1s to 5m such as "10s", got "soon"',
    ],
    [{ url: "http://x", timeout: "1h" }, "from 1s to 5m"],
    [
      { url: "http://x", bearerToken: "a", basicAuth: { username: "u", password: "p" } },
      "bearerToken or basicAuth, not both",
    ],
    [
      { url: "http://x", bearerToken: { vault: "x" } },
      "connectionDetails.bearerToken: expected a string, or a reference",
    ],
    [{ url: "http://x", headers: { "Bad Header": "v" } }, "expected an HTTP header name"],
    [{ url: "http://x", extra: 1 }, "extra"],
    ["http://x", "connectionDetails: "],
  ])("refuses %j, saying where", (details, message) => {
    const parsed = parsePrometheusConnection(details);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toMatch(/^invalid Prometheus connection: /);
      expect(parsed.error).toContain(message);
    }
  });
});

describe("connectionHeaders", () => {
  it("sends the bearer token or basic auth as Authorization, after the extra headers", () => {
    expect(
      connectionHeaders({
        url: "http://x",
        timeout: "10s",
        headers: { Authorization: "x", "X-A": "1" },
        bearerToken: "t",
      }),
    ).toEqual({
      authorization: "Bearer t",
      "x-a": "1",
    });
    expect(
      connectionHeaders({ url: "http://x", timeout: "10s", basicAuth: { username: "u", password: "p:w" } }),
    ).toEqual({
      authorization: `Basic ${Buffer.from("u:p:w").toString("base64")}`,
    });
  });

  it("reads the timeout", () => {
    expect(connectionTimeoutMs({ timeout: "30s" })).toBe(30_000);
    expect(connectionTimeoutMs({})).toBe(10_000);
  });
});
