import { describe, expect, it } from "vitest";
import { advanceStatus } from "./state.js";

describe("advanceStatus", () => {
  it("leaves pending with the first result", () => {
    expect(advanceStatus(undefined, { startedAt: 1000, status: "down", error: "timed out after 5000 ms" })).toEqual({
      state: "down",
      since: 1000,
      lastCheckAt: 1000,
      lastError: "timed out after 5000 ms",
    });
  });

  it("keeps `since` while the state holds and moves it when the state changes", () => {
    const up = advanceStatus(undefined, { startedAt: 1000, status: "up" });
    const stillUp = advanceStatus(up, { startedAt: 2000, status: "up" });
    expect(stillUp).toEqual({ state: "up", since: 1000, lastCheckAt: 2000, lastError: null });
    const down = advanceStatus(stillUp, {
      startedAt: 3000,
      status: "down",
      error: "connection refused (ECONNREFUSED 127.0.0.1:1)",
    });
    expect(down).toMatchObject({
      state: "down",
      since: 3000,
      lastError: "connection refused (ECONNREFUSED 127.0.0.1:1)",
    });
    expect(advanceStatus(down, { startedAt: 4000, status: "up" })).toEqual({
      state: "up",
      since: 4000,
      lastCheckAt: 4000,
      lastError: null,
    });
  });
});
