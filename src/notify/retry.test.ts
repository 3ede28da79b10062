import { describe, expect, it } from "vitest";
import { permanent, retryable } from "./channel.js";
import { decideAfterFailure, retryDelay } from "./retry.js";

const almostOne = () => 0.999_999;

describe("retryDelay", () => {
  it("doubles from 10 s up to 15 minutes at the top of the jitter", () => {
    const bounds = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelay(attempt, almostOne));
    expect(bounds).toEqual([9_999, 19_999, 39_999, 79_999, 159_999, 319_999, 639_999, 899_999]);
    expect(retryDelay(30, almostOne)).toBe(899_999);
  });

  it("spreads over the whole range with full jitter", () => {
    expect(retryDelay(3, () => 0)).toBe(0);
    expect(retryDelay(3, () => 0.5)).toBe(20_000);
    expect(retryDelay(1, () => 0.25)).toBe(2_500);
  });
});

describe("decideAfterFailure", () => {
  const options = { now: 1_000_000, maxAttempts: 3, random: () => 0.5 };

  it("schedules the next attempt while attempts remain", () => {
    expect(decideAfterFailure(retryable("answered 500"), 1, options)).toEqual({
      state: "pending",
      nextAttemptAt: 1_005_000,
    });
  });

  it("waits at least as long as the receiver's Retry-After", () => {
    expect(decideAfterFailure(retryable("answered 429", 60_000), 1, options)).toEqual({
      state: "pending",
      nextAttemptAt: 1_060_000,
    });
  });

  it("gives up after the last attempt and at once on a permanent failure", () => {
    expect(decideAfterFailure(retryable("answered 500"), 3, options)).toEqual({ state: "dead" });
    expect(decideAfterFailure(permanent("answered 400"), 1, options)).toEqual({ state: "dead" });
  });
});
