import { describe, expect, it } from "vitest";
import { type FlushInput, planFlush, type Told } from "./aggregation.js";
import type { StoredAlert } from "./model.js";

const NOW = Date.UTC(2026, 11, 1, 12);

function alert(fingerprint: string, endsAt = NOW + 60_000): StoredAlert {
  return {
    fingerprint,
    labels: { alertname: fingerprint },
    annotations: {},
    startsAt: NOW - 600_000,
    endsAt,
    timeout: false,
    generatorUrl: null,
    source: "alertmanager",
    receivedAt: NOW - 600_000,
    updatedAt: NOW - 1000,
  };
}

const input = (overrides: Partial<FlushInput>): FlushInput => ({
  alerts: [],
  suppressed: () => false,
  muted: false,
  told: new Map(),
  lastNotifiedAt: null,
  now: NOW,
  repeatIntervalMs: 4 * 3_600_000,
  sendResolved: true,
  resolveSuppressed: true,
  ...overrides,
});

const told = (entries: Record<string, Told>) => new Map(Object.entries(entries));

describe("planFlush", () => {
  it("tells the first firing alerts, then nothing while nothing changes", () => {
    const first = planFlush(input({ alerts: [alert("a"), alert("b")] }));
    expect(first.message?.reason).toBe("first notification");
    expect(first.message?.firing.map((item) => item.fingerprint)).toEqual(["a", "b"]);
    const second = planFlush(
      input({ alerts: [alert("a"), alert("b")], told: first.told, lastNotifiedAt: NOW - 300_000 }),
    );
    expect(second.message).toBeNull();
  });

  it("tells a new alert added to the group, with every firing alert", () => {
    const plan = planFlush(
      input({ alerts: [alert("a"), alert("b")], told: told({ a: "firing" }), lastNotifiedAt: NOW - 60_000 }),
    );
    expect(plan.message?.reason).toBe("new alerts added");
    expect(plan.message?.firing).toHaveLength(2);
  });

  it("repeats an unchanged firing group after the repeat interval only", () => {
    const base = { alerts: [alert("a")], told: told({ a: "firing" }) };
    expect(planFlush(input({ ...base, lastNotifiedAt: NOW - 4 * 3_600_000 + 1 })).message).toBeNull();
    expect(planFlush(input({ ...base, lastNotifiedAt: NOW - 4 * 3_600_000 })).message?.reason).toBe(
      "repeat interval elapsed",
    );
  });

  it("tells a resolve of an alert it told, and removes resolved alerts from the group", () => {
    const plan = planFlush(
      input({
        alerts: [alert("a", NOW - 1), alert("b")],
        told: told({ a: "firing", b: "firing" }),
        lastNotifiedAt: NOW - 60_000,
      }),
    );
    expect(plan.message?.reason).toBe("some alerts resolved");
    expect(plan.message?.status).toBe("firing");
    expect(plan.message?.resolved.map((item) => item.fingerprint)).toEqual(["a"]);
    expect(plan.remove).toEqual(["a"]);
    expect([...plan.told.keys()]).toEqual(["b"]);
  });

  it("says nothing of a resolved alert it never told", () => {
    const plan = planFlush(input({ alerts: [alert("a", NOW - 1)] }));
    expect(plan.message).toBeNull();
    expect(plan.remove).toEqual(["a"]);
  });

  it("still tells the resolve of a notified alert that was silenced before it resolved, unless told not to", () => {
    const base = {
      alerts: [alert("a", NOW - 1)],
      told: told({ a: "firing" }),
      lastNotifiedAt: NOW - 60_000,
      suppressed: () => true,
    };
    const plan = planFlush(input(base));
    expect(plan.message?.status).toBe("resolved");
    expect(plan.message?.reason).toBe("all alerts resolved");
    expect(planFlush(input({ ...base, resolveSuppressed: false })).message).toBeNull();
    expect(planFlush(input({ ...base, sendResolved: false })).message).toBeNull();
  });

  it("holds back silenced firing alerts but remembers what was told of them", () => {
    const plan = planFlush(
      input({
        alerts: [alert("a"), alert("b")],
        told: told({ a: "firing" }),
        lastNotifiedAt: NOW - 60_000,
        suppressed: (item) => item.fingerprint === "a",
      }),
    );
    expect(plan.message?.firing.map((item) => item.fingerprint)).toEqual(["b"]);
    expect(plan.told.get("a")).toBe("firing");
  });

  it("sends nothing while the route is muted, but keeps the group's memory", () => {
    const plan = planFlush(input({ alerts: [alert("a")], muted: true }));
    expect(plan.message).toBeNull();
    expect(plan.told.size).toBe(0);
  });
});
