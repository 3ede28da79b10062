import { describe, expect, it } from "vitest";
import { crossSiteWrite, defaultAllowedHosts, hostName, isAllowedHost } from "./hosts.js";

describe("allowed hosts", () => {
  const local = defaultAllowedHosts("127.0.0.1");

  it("answers to the localhost names and the listen address, on any port", () => {
    for (const host of [
      "localhost",
      "localhost:80",
      "LOCALHOST:9999",
      "app.localhost:3000",
      "127.0.0.1:9999",
      "[::1]:9",
    ])
      expect(isAllowedHost(host, local), host).toBe(true);
    for (const host of ["evil.example", "localhost.evil.example", "127.0.0.2", undefined])
      expect(isAllowedHost(host, local), String(host)).toBe(false);
  });

  it("adds every interface and the host name when listening on all of them", () => {
    const all = defaultAllowedHosts("0.0.0.0", { addresses: ["192.0.2.10", "fe80::1"], hostname: "Box" });
    expect(isAllowedHost("192.0.2.10:9999", all)).toBe(true);
    expect(isAllowedHost("[fe80:0:0::1]:9999", all)).toBe(true);
    expect(isAllowedHost("box:9999", all)).toBe(true);
    expect(isAllowedHost("nines.example", all)).toBe(false);
    expect(defaultAllowedHosts("nines.internal")).toContain("nines.internal");
  });

  it("takes domains with a leading dot, and * for any host", () => {
    expect(isAllowedHost("status.example.com", [".example.com"])).toBe(true);
    expect(isAllowedHost("example.com:443", [".example.com"])).toBe(true);
    expect(isAllowedHost("badexample.com", [".example.com"])).toBe(false);
    expect(isAllowedHost("anything", ["*"])).toBe(true);
  });

  it("reads the name out of a Host header", () => {
    expect(hostName("[2001:DB8::1]:80")).toBe("2001:db8::1");
    expect(hostName("Shop.Example.:8080")).toBe("shop.example");
  });
});

describe("cross-site writes", () => {
  const host = "nines.example:9999";

  it("let reads and requests without browser headers through", () => {
    expect(crossSiteWrite("GET", { host, origin: "https://evil.example", "sec-fetch-site": "cross-site" })).toBe(
      undefined,
    );
    expect(crossSiteWrite("POST", { host })).toBe(undefined);
  });

  it("refuse what the browser marks as from another site", () => {
    expect(crossSiteWrite("POST", { host, "sec-fetch-site": "cross-site" })).toMatch(/cross-site/);
    expect(crossSiteWrite("DELETE", { host, "sec-fetch-site": "same-site" })).toMatch(/same-site/);
    expect(crossSiteWrite("POST", { host, "sec-fetch-site": "same-origin" })).toBe(undefined);
  });

  it("compare Origin with Host, default ports included", () => {
    expect(crossSiteWrite("POST", { host, origin: "http://nines.example:9999" })).toBe(undefined);
    expect(crossSiteWrite("POST", { host: "localhost:80", origin: "http://localhost" })).toBe(undefined);
    expect(crossSiteWrite("POST", { host: "localhost", origin: "http://localhost:80" })).toBe(undefined);
    expect(crossSiteWrite("PUT", { host, origin: "http://nines.example:3000" })).toMatch(/not this server/);
    expect(crossSiteWrite("POST", { host, origin: "https://evil.example" })).toMatch(/evil\.example/);
    expect(crossSiteWrite("POST", { host, origin: "null" })).toMatch(/not an address/);
  });
});
