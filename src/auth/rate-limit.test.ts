import { describe, expect, it } from "vitest";
import { createManualClock } from "../core/clock.js";
import { clientKey, createFailureLimiter } from "./rate-limit.js";

const options = { burst: 3, refillEveryMs: 10_000, maxAddresses: 100 };

describe("failed authentication limiter", () => {
  it("limits an address after its burst and tells when to retry", () => {
    const clock = createManualClock();
    const limiter = createFailureLimiter(clock, options);
    for (let attempt = 0; attempt < 3; attempt++) expect(limiter.fail("192.0.2.1")).toEqual({ limited: false });
    expect(limiter.fail("192.0.2.1")).toEqual({ limited: true, retryAfterMs: 10_000 });
    clock.set(clock.now() + 4_000);
    expect(limiter.fail("192.0.2.1")).toEqual({ limited: true, retryAfterMs: 6_000 });
    expect(limiter.fail("192.0.2.2")).toEqual({ limited: false });
  });

  it("earns one try back per refill interval", () => {
    const clock = createManualClock();
    const limiter = createFailureLimiter(clock, options);
    for (let attempt = 0; attempt < 3; attempt++) limiter.fail("192.0.2.1");
    clock.set(clock.now() + 10_000);
    expect(limiter.fail("192.0.2.1")).toEqual({ limited: false });
    expect(limiter.fail("192.0.2.1").limited).toBe(true);
  });

  it("reports a burst once, with the failures that led to it, and again after recovering", () => {
    const clock = createManualClock();
    const bursts: Array<[string, number]> = [];
    const limiter = createFailureLimiter(clock, options, (address, count) => bursts.push([address, count]));
    for (let attempt = 0; attempt < 6; attempt++) limiter.fail("192.0.2.1");
    expect(bursts).toEqual([["192.0.2.1", 4]]);
    clock.set(clock.now() + 60_000);
    for (let attempt = 0; attempt < 4; attempt++) limiter.fail("192.0.2.1");
    expect(bursts).toEqual([
      ["192.0.2.1", 4],
      ["192.0.2.1", 4],
    ]);
  });

  it("remembers at most maxAddresses, forgetting the one seen longest ago", () => {
    const clock = createManualClock();
    const limiter = createFailureLimiter(clock, { ...options, maxAddresses: 100 });
    for (let attempt = 0; attempt < 4; attempt++) limiter.fail("198.51.100.1");
    for (let host = 0; host < 1000; host++) limiter.fail(`10.0.${host >> 8}.${host & 255}`);
    expect(limiter.size()).toBe(100);
    expect(limiter.fail("198.51.100.1")).toEqual({ limited: false });
  });

  it("counts an IPv6 /64 as one client and mapped IPv4 as IPv4", () => {
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe(clientKey("2001:db8:1:2:bbbb::2"));
    expect(clientKey("2001:db8:1:2::1")).not.toBe(clientKey("2001:db8:1:3::1"));
    expect(clientKey("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(clientKey("not an address")).toBe("not an address");
  });
});
