import { describe, expect, it } from "vitest";
import { createManualClock } from "../core/clock.js";
import { createFailedLoginCounter } from "./login-failures.js";

describe("failed login bursts", () => {
  it("reports one burst per address and window, at the threshold", () => {
    const clock = createManualClock(0);
    const note = createFailedLoginCounter(clock, { threshold: 3, windowMs: 60_000 });
    expect([note("a"), note("a"), note("b")]).toEqual([undefined, undefined, undefined]);
    expect(note("a")).toEqual({ failures: 3, since: 0, windowMs: 60_000 });
    expect(note("a")).toBeUndefined();
    clock.set(60_000);
    expect([note("a"), note("a"), note("a")]).toEqual([
      undefined,
      undefined,
      { failures: 3, since: 60_000, windowMs: 60_000 },
    ]);
  });

  it("forgets the least recently seen address when full", () => {
    const clock = createManualClock(0);
    const note = createFailedLoginCounter(clock, { threshold: 2, windowMs: 60_000, maxAddresses: 2 });
    note("a");
    note("b");
    note("a");
    note("c");
    // b, the least recently seen, made room for c, so it starts counting again.
    expect(note("b")).toBeUndefined();
    expect(note("b")).toMatchObject({ failures: 2 });
  });
});
