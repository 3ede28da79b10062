import { describe, expect, it } from "vitest";
import { createManualClock } from "../../src/core/clock.js";
import { createLeaderElection } from "../../src/store/lease.js";
import type { Store } from "../../src/store/store.js";
import { backends, openStoreForEachTest } from "../support/databases.js";

describe.each(backends)("leader election on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });

  const elect = (holder: string, clock = createManualClock(Date.UTC(2026, 11, 1))) =>
    createLeaderElection({ store, clock, name: "alerting", holder, ttlMs: 10_000, renewMs: 2_000 });

  it("lets one holder lead while its lease runs, and another once it has run out", async () => {
    const clock = createManualClock(Date.UTC(2026, 11, 1));
    const first = elect("first", clock);
    const second = elect("second", clock);
    expect(await first.tryAcquire()).toBe(true);
    expect(await second.tryAcquire()).toBe(false);
    expect(first.isLeader()).toBe(true);
    expect(second.isLeader()).toBe(false);

    clock.set(clock.now() + 9_000);
    expect(await first.tryAcquire()).toBe(true);
    clock.set(clock.now() + 9_999);
    expect(await second.tryAcquire()).toBe(false);

    // The first holder stops renewing (killed): after its lease runs out, the second leads.
    clock.set(clock.now() + 2);
    expect(first.isLeader()).toBe(false);
    expect(await second.tryAcquire()).toBe(true);
    expect(second.isLeader()).toBe(true);
    expect(await first.tryAcquire()).toBe(false);
  });

  it("renews on its timer and hands over at once when stopped", async () => {
    const clock = createManualClock(Date.UTC(2026, 11, 1));
    const changes: string[] = [];
    const first = createLeaderElection({
      store,
      clock,
      name: "alerting",
      holder: "first",
      onChange: (leader) => changes.push(`first ${leader}`),
    });
    first.start();
    await first.settled();
    for (let step = 0; step < 10; step++) {
      await clock.advance(2_000);
      await first.settled();
    }
    expect(first.isLeader()).toBe(true);
    const second = elect("second", clock);
    expect(await second.tryAcquire()).toBe(false);
    await first.stop();
    expect(first.isLeader()).toBe(false);
    expect(await second.tryAcquire()).toBe(true);
    expect(changes).toEqual(["first true", "first false"]);
  });
});
