import { describe, expect, it } from "vitest";
import { createManualClock } from "../core/clock.js";
import { createScheduler, planFirstDue, planNextDue } from "./scheduler.js";

const START = Date.UTC(2026, 0, 1);

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function defer(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("planning slots", () => {
  it("puts the first slot within one interval, at the same phase for the same id", () => {
    for (const id of ["a", "b", 1, 2, 3]) {
      const due = planFirstDue(id, 30_000, START + 123);
      expect(due).toBeGreaterThanOrEqual(START + 123);
      expect(due).toBeLessThan(START + 123 + 30_000);
      expect((planFirstDue(id, 30_000, START + 999_999) - due) % 30_000).toBe(0);
    }
  });

  it("keeps the phase and skips the slots that have passed", () => {
    expect(planNextDue(1000, 1000, 1005)).toBe(2000);
    expect(planNextDue(1000, 1000, 1999)).toBe(2000);
    expect(planNextDue(1000, 1000, 2000)).toBe(3000);
    expect(planNextDue(1000, 1000, 4500)).toBe(5000);
  });
});

describe("createScheduler", () => {
  it("spreads the first runs of many jobs over their interval", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock, concurrency: 10_000 });
    const firstRuns = new Map<number, number>();
    for (let id = 1; id <= 1000; id++) {
      scheduler.add(id, 60_000, async () => {
        if (!firstRuns.has(id)) firstRuns.set(id, clock.now());
      });
    }
    await clock.advance(59_999);
    expect(firstRuns.size).toBe(1000);
    const perTenSeconds = new Array<number>(6).fill(0);
    for (const at of firstRuns.values()) perTenSeconds[Math.floor((at - START) / 10_000)]! += 1;
    for (const count of perTenSeconds) expect(count).toBeGreaterThan(120);
    for (const count of perTenSeconds) expect(count).toBeLessThan(220);
    await scheduler.stop();
  });

  it("uses one clock timer however many jobs there are", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock });
    for (let id = 1; id <= 100; id++) scheduler.add(id, 10_000, async () => {});
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(25_000);
    expect(clock.pendingTimers()).toBe(1);
    await scheduler.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it("keeps its interval without drift over 1000 late firings", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock });
    const runs: Array<{ at: number; dueAt: number }> = [];
    scheduler.add("steady", 1000, async (dueAt) => {
      runs.push({ at: clock.now(), dueAt });
    });
    const first = planFirstDue("steady", 1000, START);
    clock.set(first);
    await clock.advance(0);
    for (let slot = 1; slot <= 1000; slot++) {
      // The timer fires 7 ms late every time, as a busy event loop would make it.
      clock.set(first + slot * 1000 + 7);
      await clock.advance(0);
    }
    expect(runs).toHaveLength(1001);
    runs.forEach((run, slot) => {
      expect(run.dueAt).toBe(first + slot * 1000);
      expect(run.at - run.dueAt).toBeLessThanOrEqual(7);
    });
    await scheduler.stop();
  });

  it("runs once, not in a burst, after being more than an interval late", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock });
    const dues: number[] = [];
    scheduler.add("late", 1000, async (dueAt) => {
      dues.push(dueAt);
    });
    const first = planFirstDue("late", 1000, START);
    clock.set(first + 3500);
    await clock.advance(0);
    expect(dues).toEqual([first]);
    await clock.advance(499);
    expect(dues).toEqual([first]);
    await clock.advance(1);
    expect(dues).toEqual([first, first + 4000]);
    await scheduler.stop();
  });

  it("never runs one job twice at once, skipping the slots it is still busy in", async () => {
    const clock = createManualClock(START);
    const skipped: number[] = [];
    const scheduler = createScheduler({ clock, onSkip: (_id, dueAt) => skipped.push(dueAt) });
    const slow = defer();
    let calls = 0;
    scheduler.add("slow", 1000, async () => {
      calls++;
      if (calls === 1) await slow.promise;
    });
    await clock.advance(1000 + 3000);
    expect(calls).toBe(1);
    expect(skipped).toHaveLength(3);
    slow.resolve();
    await clock.advance(0);
    await clock.advance(1000);
    expect(calls).toBe(2);
    await scheduler.stop();
  });

  it("keeps other jobs on time while one hangs", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock, concurrency: 4 });
    const hung = defer();
    const late: number[] = [];
    scheduler.add("hanging", 1000, () => hung.promise);
    for (const id of ["a", "b", "c"]) {
      scheduler.add(id, 1000, async (dueAt) => {
        late.push(clock.now() - dueAt);
      });
    }
    await clock.advance(1000 + 60_000);
    // Three healthy jobs, one run a second each, every one on time.
    expect(late.length).toBeGreaterThanOrEqual(3 * 60);
    expect(Math.max(...late)).toBe(0);
    hung.resolve();
    await scheduler.stop();
  });

  it("runs at most `concurrency` jobs at once and starts waiting ones in due order", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock, concurrency: 2 });
    const gates = new Map<string, Deferred>();
    const started: string[] = [];
    let running = 0;
    let mostRunning = 0;
    const ids = ["a", "b", "c", "d", "e"];
    for (const id of ids) {
      gates.set(id, defer());
      scheduler.add(id, 60_000, async () => {
        started.push(id);
        running++;
        mostRunning = Math.max(mostRunning, running);
        await gates.get(id)?.promise;
        running--;
      });
    }
    const byDue = [...ids].sort((a, b) => planFirstDue(a, 60_000, START) - planFirstDue(b, 60_000, START));
    await clock.advance(59_999);
    expect(started).toEqual(byDue.slice(0, 2));
    expect(scheduler.stats()).toEqual({ scheduled: 5, running: 2, queued: 3 });
    for (const id of byDue) {
      gates.get(id)?.resolve();
      await clock.advance(0);
    }
    expect(started).toEqual(byDue);
    expect(mostRunning).toBe(2);
    expect(scheduler.stats()).toEqual({ scheduled: 5, running: 0, queued: 0 });
    await scheduler.stop();
  });

  it("stops running a removed job and re-plans a job whose interval changed", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock });
    const runs: string[] = [];
    scheduler.add("gone", 1000, async () => void runs.push("gone"));
    scheduler.add("kept", 1000, async () => void runs.push("kept"));
    expect(scheduler.remove("gone")).toBe(true);
    expect(scheduler.remove("gone")).toBe(false);
    await clock.advance(1000);
    expect(runs).toEqual(["kept"]);

    runs.length = 0;
    scheduler.update("kept", 10_000, async () => void runs.push("changed"));
    await clock.advance(10_000);
    expect(runs).toEqual(["changed"]);
    expect(scheduler.has("gone")).toBe(false);
    await scheduler.stop();
  });

  it("re-plans a job moved from 24 h to 30 s, so it runs within 30 s instead of a day later", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock });
    const dues: number[] = [];
    scheduler.add("daily", 86_400_000, async (dueAt) => void dues.push(dueAt));
    // Past the first 30 s without a run, so the old plan is still a long way off.
    const oldDue = planFirstDue("daily", 86_400_000, START);
    expect(oldDue - START).toBeGreaterThan(60_000);
    await clock.advance(30_000);
    expect(dues).toEqual([]);

    scheduler.update("daily", 30_000, async (dueAt) => void dues.push(dueAt));
    const newDue = planFirstDue("daily", 30_000, clock.now());
    await clock.advance(30_000);
    expect(dues).toEqual([newDue]);
    expect(newDue - (START + 30_000)).toBeLessThan(30_000);
    await scheduler.stop();
  });

  it("re-plans a job moved from 30 s to 24 h, so the old 30 s slot does not run", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock });
    const dues: number[] = [];
    scheduler.add("often", 30_000, async (dueAt) => void dues.push(dueAt));
    const first = planFirstDue("often", 30_000, START);
    clock.set(first);
    await clock.advance(0);
    expect(dues).toEqual([first]);

    scheduler.update("often", 86_400_000, async (dueAt) => void dues.push(dueAt));
    const daily = planFirstDue("often", 86_400_000, clock.now());
    expect(daily).toBeGreaterThan(first + 30_000);
    await clock.advance(daily - clock.now() - 1);
    expect(dues).toEqual([first]);
    await clock.advance(1);
    expect(dues).toEqual([first, daily]);
    await scheduler.stop();
  });

  it("keeps the planned slot when only the run changes", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock });
    const runs: Array<{ by: string; dueAt: number }> = [];
    scheduler.add("same", 30_000, async (dueAt) => void runs.push({ by: "old", dueAt }));
    const first = planFirstDue("same", 30_000, START);
    clock.set(first - 1);
    scheduler.update("same", 30_000, async (dueAt) => void runs.push({ by: "new", dueAt }));
    await clock.advance(1);
    expect(runs).toEqual([{ by: "new", dueAt: first }]);
    await scheduler.stop();
  });

  it("resolves stop() only after the runs in progress finish, and runs nothing after", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock, concurrency: 1 });
    const gate = defer();
    let finished = false;
    let waitingRan = false;
    scheduler.add("busy", 1000, async () => {
      await gate.promise;
      finished = true;
    });
    scheduler.add("waiting", 1000, async () => {
      waitingRan = true;
    });
    await clock.advance(1000);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await clock.advance(0);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(finished).toBe(true);
    expect(waitingRan).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
    expect(() => scheduler.add("late", 1000, async () => {})).toThrow(/stopped/);
  });

  it("refuses a concurrency below one or not whole, an interval that is not positive, and a second add", () => {
    const clock = createManualClock(START);
    for (const concurrency of [0, -1, 1.5, Number.NaN])
      expect(() => createScheduler({ clock, concurrency })).toThrow(
        `expected a concurrency of at least 1, got ${concurrency}`,
      );
    const scheduler = createScheduler({ clock, concurrency: 1 });
    for (const interval of [0, -1000, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => scheduler.add("bad", interval, async () => {})).toThrow(
        `job bad: expected a positive interval, got ${interval}`,
      );
    }
    scheduler.add("once", 1000, async () => {});
    expect(() => scheduler.add("once", 1000, async () => {})).toThrow("job once is already scheduled");
    expect(() => scheduler.update("once", 0, async () => {})).toThrow("job once: expected a positive interval, got 0");
    expect(scheduler.stats()).toEqual({ scheduled: 1, running: 0, queued: 0 });
    expect(scheduler.has("bad")).toBe(false);
  });

  it("adds a job it is asked to update but does not know", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock });
    const dues: number[] = [];
    scheduler.update("new", 1000, async (dueAt) => void dues.push(dueAt));
    expect(scheduler.has("new")).toBe(true);
    await clock.advance(1000);
    expect(dues).toEqual([planFirstDue("new", 1000, START)]);
    await scheduler.stop();
  });

  it("drops the runs waiting for a place when stopped, and starts none of them later", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock, concurrency: 1 });
    const gate = defer();
    const started: string[] = [];
    scheduler.add("first", 60_000, async () => {
      started.push("first");
      await gate.promise;
    });
    scheduler.add("second", 60_000, async () => void started.push("second"));
    await clock.advance(60_000);
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 1 });
    const stopping = scheduler.stop();
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 0 });
    gate.resolve();
    await stopping;
    await clock.advance(120_000);
    expect(started).toEqual(["first"]);
  });

  it("does not start a queued run of a job removed while it waited", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock, concurrency: 1 });
    const gate = defer();
    const started: string[] = [];
    const ids = ["a", "b"].sort((x, y) => planFirstDue(x, 60_000, START) - planFirstDue(y, 60_000, START));
    const [blocker, removed] = ids as [string, string];
    scheduler.add(blocker, 60_000, async () => {
      started.push(blocker);
      await gate.promise;
    });
    scheduler.add(removed, 60_000, async () => void started.push(removed));
    await clock.advance(60_000);
    expect(scheduler.stats().queued).toBe(1);
    scheduler.remove(removed);
    gate.resolve();
    await clock.advance(0);
    expect(started).toEqual([blocker]);
    expect(scheduler.stats()).toEqual({ scheduled: 1, running: 0, queued: 0 });
    await scheduler.stop();
  });

  it("starts jobs due at the same instant in the order they were added, and counts the rest as queued", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock, concurrency: 1 });
    const gates = new Map<string, Deferred>();
    const started: string[] = [];
    // With a 1 ms interval every id has the same phase, so all are due at once.
    const ids = ["k", "c", "x", "a", "q", "f", "m", "b", "z", "e"];
    for (const id of ids) {
      gates.set(id, defer());
      scheduler.add(id, 1, async () => {
        started.push(id);
        await gates.get(id)?.promise;
      });
    }
    await clock.advance(0);
    expect(started).toEqual(["k"]);
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 9 });
    gates.get("k")?.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(["k", "c"]);
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 8 });
    for (const id of ids) gates.get(id)?.resolve();
    await scheduler.stop();
    expect(started).toEqual(["k", "c"]);
  });

  it("does not run a slot again when the run changes, but not the interval, at the slot's instant", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock });
    const dues: number[] = [];
    scheduler.add("same", 30_000, async (dueAt) => void dues.push(dueAt));
    const first = planFirstDue("same", 30_000, START);
    clock.set(first);
    await clock.advance(0);
    scheduler.update("same", 30_000, async (dueAt) => void dues.push(dueAt));
    await clock.advance(0);
    expect(dues).toEqual([first]);
    await clock.advance(30_000);
    expect(dues).toEqual([first, first + 30_000]);
    await scheduler.stop();
  });

  it("survives a rejecting run without onError, and stop() still resolves", async () => {
    const clock = createManualClock(START);
    const scheduler = createScheduler({ clock });
    const gate = defer();
    let calls = 0;
    scheduler.add("broken", 1000, async () => {
      calls++;
      await gate.promise;
      throw new Error("boom");
    });
    await clock.advance(1000);
    expect(calls).toBe(1);
    const stopping = scheduler.stop();
    gate.resolve();
    await expect(stopping).resolves.toBeUndefined();
  });

  it("reports a run that rejects and keeps scheduling it", async () => {
    const clock = createManualClock(START);
    const errors: unknown[] = [];
    const scheduler = createScheduler({ clock, onError: (_id, error) => errors.push(error) });
    scheduler.add("broken", 1000, async () => {
      throw new Error("boom");
    });
    await clock.advance(2000);
    expect(errors).toHaveLength(2);
    await scheduler.stop();
  });
});
