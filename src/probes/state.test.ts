import { describe, expect, it } from "vitest";
import {
  advanceStatus,
  changeMode,
  createInitialStatus,
  type ModeChange,
  type MonitorStatus,
  type ObservedResult,
  type StateThresholds,
  type Transition,
} from "./state.js";

const T0 = Date.UTC(2026, 10, 26, 12);
const MINUTE = 60_000;
const REFUSED = "connection refused (ECONNREFUSED 10.0.0.5:443)";
const SLOW = "response took 1.2 s, above 1 s";
const DEFAULTS: StateThresholds = { failureThreshold: 2, recoveryThreshold: 1 };

type Input = ObservedResult | (ModeChange & { kind: "mode" });

/** Feeds inputs one a minute from T0 and returns every transition, so tests read as a timeline. */
function run(inputs: Array<Omit<ObservedResult, "startedAt"> | Omit<ModeChange, "at">>, thresholds = DEFAULTS) {
  let status = createInitialStatus(T0 - MINUTE);
  const transitions: Transition[] = [];
  inputs.forEach((input, index) => {
    const at = T0 + index * MINUTE;
    const step: Input = "mode" in input ? { ...input, at, kind: "mode" } : { ...input, startedAt: at };
    const transition = "kind" in step ? changeMode(status, step) : advanceStatus(status, step, thresholds);
    transitions.push(transition);
    status = transition.status;
  });
  return { status, transitions, events: transitions.flatMap((transition) => transition.event ?? []) };
}

const up = { status: "up" } as const;
const down = { status: "down", error: REFUSED } as const;
const degraded = { status: "degraded", error: SLOW } as const;
const at = (minute: number) => T0 + minute * MINUTE;

describe("advanceStatus", () => {
  it("leaves pending with the first good result", () => {
    const { status, events } = run([up]);
    expect(status).toEqual<MonitorStatus>({
      state: "up",
      since: T0,
      lastCheckAt: T0,
      lastError: null,
      checkedState: "up",
      failures: 0,
      successes: 1,
      lastPingAt: null,
    });
    expect(events).toEqual([{ at: T0, from: "pending", to: "up", reason: "first check passed" }]);
  });

  it("leaves pending for down only after the failure threshold", () => {
    const { transitions, events } = run([down, down]);
    expect(transitions[0]?.status).toMatchObject({ state: "pending", failures: 1, lastError: REFUSED });
    expect(transitions[0]?.event).toBeUndefined();
    expect(events).toEqual([{ at: at(1), from: "pending", to: "down", reason: REFUSED }]);
  });

  it("lets a single failure pass without a change, and counts only consecutive ones", () => {
    const { status, events } = run([up, down, up, down, up]);
    expect(events.map((event) => event.to)).toEqual(["up"]);
    expect(status).toMatchObject({ state: "up", since: T0, failures: 0, successes: 1 });
  });

  it("goes down after N consecutive failures, with the failing check's error as reason", () => {
    const { events, status } = run([up, down, down, down], { failureThreshold: 3, recoveryThreshold: 1 });
    expect(events).toEqual([
      { at: T0, from: "pending", to: "up", reason: "first check passed" },
      { at: at(3), from: "up", to: "down", reason: REFUSED },
    ]);
    expect(status).toMatchObject({ state: "down", since: at(3), failures: 3, lastError: REFUSED });
  });

  it("comes back after M consecutive successes, and a failure in between starts the count again", () => {
    const thresholds = { failureThreshold: 1, recoveryThreshold: 3 };
    const { events } = run([down, up, up, down, up, up, up], thresholds);
    expect(events).toEqual([
      { at: T0, from: "pending", to: "down", reason: REFUSED },
      { at: at(6), from: "down", to: "up", reason: "recovered after 3 successful checks" },
    ]);
  });

  it("moves between up and degraded at once, in both directions", () => {
    const { events } = run([up, degraded, up]);
    expect(events.slice(1)).toEqual([
      { at: at(1), from: "up", to: "degraded", reason: SLOW },
      { at: at(2), from: "degraded", to: "up", reason: "no longer degraded" },
    ]);
  });

  it("counts degraded results as working: they reset failures and end an outage", () => {
    const { events, status } = run([down, down, degraded, down, degraded]);
    expect(events).toEqual([
      { at: at(1), from: "pending", to: "down", reason: REFUSED },
      { at: at(2), from: "down", to: "degraded", reason: `recovered after 1 successful check, degraded: ${SLOW}` },
    ]);
    expect(status).toMatchObject({ state: "degraded", failures: 0, successes: 1, lastError: SLOW });
  });

  it("keeps `since` while the state holds", () => {
    const { status } = run([up, up, up]);
    expect(status).toMatchObject({ state: "up", since: T0, lastCheckAt: at(2) });
  });

  it("remembers heartbeat pings", () => {
    const { status } = run([{ ...up, ping: true }, down]);
    expect(status.lastPingAt).toBe(T0);
  });
});

describe("advanceStatus at the edges the timelines above leave out", () => {
  it("leaves pending for up at the first good result even when recovery takes several", () => {
    const { events } = run([up], { failureThreshold: 2, recoveryThreshold: 3 });
    expect(events).toEqual([{ at: T0, from: "pending", to: "up", reason: "first check passed" }]);
  });

  it("clears the last error on an up result, whatever text the result carries", () => {
    const { status } = run([down, { status: "up", error: "stale text" }]);
    expect(status.lastError).toBeNull();
  });

  it("gives a reason when the result has no error text", () => {
    const { events } = run([
      { status: "down" },
      { status: "down" },
      { status: "degraded" },
      up,
      { status: "degraded" },
    ]);
    expect(events.map((event) => event.reason)).toEqual([
      "check failed",
      "recovered after 1 successful check, degraded: no reason given",
      "no longer degraded",
      "degraded",
    ]);
  });
});

describe("changeMode", () => {
  it("keeps what the results decided when a paused monitor is paused again", () => {
    const { status, events } = run([up, down, { mode: "paused" }, { mode: "paused" }]);
    expect(events.map((event) => event.to)).toEqual(["up", "paused"]);
    expect(status).toMatchObject({ state: "paused", checkedState: "up", failures: 1, successes: 0 });
  });

  it("names no window when the change has none", () => {
    const { events } = run([up, { mode: "maintenance" }, { mode: "active" }]);
    expect(events.slice(1).map((event) => event.reason)).toEqual([
      "maintenance window started",
      "maintenance window ended",
    ]);
  });

  it("pauses at once and resumes from pending with fresh counters", () => {
    const { events, status } = run([down, { mode: "paused" }, down, { mode: "active" }, down]);
    expect(events).toEqual([
      { at: at(1), from: "pending", to: "paused", reason: "paused" },
      { at: at(3), from: "paused", to: "pending", reason: "resumed" },
    ]);
    // The failures before and during the pause do not count after it.
    expect(status).toMatchObject({ state: "pending", failures: 1 });
  });

  it("changes nothing when the mode is already in force", () => {
    const { events } = run([up, { mode: "active" }, { mode: "paused" }, { mode: "paused" }]);
    expect(events.map((event) => event.reason)).toEqual(["first check passed", "paused"]);
  });

  it("suppresses every change in maintenance and returns to the state held before", () => {
    const { events, transitions, status } = run([
      up,
      { mode: "maintenance", window: "database upgrade" },
      { ...down, inMaintenance: true },
      { ...down, inMaintenance: true },
      { ...down, inMaintenance: true },
      { mode: "active", window: "database upgrade" },
      up,
    ]);
    expect(events).toEqual([
      { at: T0, from: "pending", to: "up", reason: "first check passed" },
      { at: at(1), from: "up", to: "maintenance", reason: 'maintenance window "database upgrade" started' },
      { at: at(5), from: "maintenance", to: "up", reason: 'maintenance window "database upgrade" ended' },
    ]);
    // Results in the window are facts (last check, last error) but count for nothing.
    expect(transitions[4]?.status).toMatchObject({
      state: "maintenance",
      checkedState: "up",
      failures: 0,
      lastCheckAt: at(4),
      lastError: REFUSED,
    });
    expect(status).toMatchObject({ state: "up", since: at(5) });
  });

  it("lets results from before the window move the state held under it", () => {
    let status = run([up]).status;
    status = changeMode(status, { at: at(1), mode: "maintenance", window: "w" }).status;
    // Two checks started before the window and finished inside it.
    for (const startedAt of [at(1) - 2, at(1) - 1])
      status = advanceStatus(status, { ...down, startedAt }, DEFAULTS).status;
    expect(status).toMatchObject({ state: "maintenance", checkedState: "down" });
    expect(changeMode(status, { at: at(2), mode: "active", window: "w" }).event).toEqual({
      at: at(2),
      from: "maintenance",
      to: "down",
      reason: 'maintenance window "w" ended',
    });
  });

  it("prefers a pause over maintenance, and resumes into an open window", () => {
    const { events } = run([
      up,
      { mode: "maintenance", window: "w" },
      { mode: "paused" },
      { mode: "maintenance", window: "w" },
      { mode: "active", window: "w" },
    ]);
    expect(events.slice(1).map(({ from, to, reason }) => ({ from, to, reason }))).toEqual([
      { from: "up", to: "maintenance", reason: 'maintenance window "w" started' },
      { from: "maintenance", to: "paused", reason: "paused" },
      { from: "paused", to: "maintenance", reason: 'resumed during maintenance window "w"' },
      { from: "maintenance", to: "pending", reason: 'maintenance window "w" ended' },
    ]);
  });
});
