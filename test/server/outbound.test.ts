import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { createManualClock } from "../../src/core/clock.js";
import { createNines, type Nines } from "../../src/server/app.js";
import { resolveSettings, settingsFromEnv } from "../../src/server/settings.js";
import { openStore, type Store } from "../../src/store/database.js";
import { type ForbiddenTarget, startForbiddenTarget } from "../support/probe-targets.js";

/** A server on 127.0.0.2, the address this Nines is told never to probe; it counts what it accepts. */
let forbidden: ForbiddenTarget;
let store: Store;
let nines: Nines;
let auth: { authorization: string };
const clock = createManualClock(Date.UTC(2026, 10, 26, 12));

beforeEach(async () => {
  forbidden = await startForbiddenTarget();

  // The settings as an operator writes them, through the same parsing as `nines server`.
  const settings = resolveSettings({ env: settingsFromEnv({ NINES_PROBE_DENY: "127.0.0.2, 10.0.0.0/8" }) });
  store = await openStore({ dataDir: ":memory:" });
  nines = await createNines({
    store,
    clock,
    logger: pino({ level: "silent" }),
    webDir: "/nonexistent",
    outbound: { probe: { allow: settings.probeAllow, deny: settings.probeDeny } },
  });
  auth = { authorization: `Bearer ${(await createToken(store.db, "test", clock.now(), { role: "admin" })).token}` };
  await nines.start();
});

afterEach(async () => {
  await nines.stop();
  await store.close();
  await forbidden.close();
});

const monitor = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: "nines/v1",
  kind: "Monitor",
  metadata: { name },
  spec: { interval: "10s", timeout: "2s", ...spec },
});

async function firstResult(name: string) {
  await clock.advance(10_000);
  return vi.waitFor(async () => {
    await nines.engine.flush();
    const results = (await nines.app.inject({ url: `/api/v1/monitors/${name}/results`, headers: auth })).json().items;
    expect(results).toHaveLength(1);
    return results[0] as { status: string; error?: string };
  });
}

describe("the probe policy in a running Nines", () => {
  it("records a monitor aimed at an address the settings deny as down, naming it, without connecting", async () => {
    const applied = await nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: auth,
      payload: { documents: [monitor("inner", { type: "tcp", host: "127.0.0.2", port: forbidden.port })] },
    });
    expect(applied.statusCode).toBe(200);
    expect(await firstResult("inner")).toMatchObject({
      status: "down",
      error: "address 127.0.0.2 is not allowed for probes: listed in probeDeny",
    });
    expect(forbidden.accepted).toBe(0);
  });

  it("records a monitor aimed at the metadata service as down", async () => {
    await nines.app.inject({
      method: "POST",
      url: "/api/v1/apply",
      headers: auth,
      payload: { documents: [monitor("imds", { type: "http", url: "http://169.254.169.254/latest/meta-data/" })] },
    });
    expect(await firstResult("imds")).toMatchObject({
      status: "down",
      error: "address 169.254.169.254 is not allowed for probes: cloud metadata service",
    });
  });
});

describe("outbound settings", () => {
  it("take comma-separated rules from flags and environment, and lists from a settings file", () => {
    expect(
      resolveSettings({
        file: { notifyAllow: ["hooks.internal", "10.0.0.0/8"] },
        env: settingsFromEnv({ NINES_PROBE_ALLOW: "169.254.10.0/24, *.lab.internal" }),
        flags: { probeDeny: "fd00::/8" },
      }),
    ).toMatchObject({
      probeAllow: ["169.254.10.0/24", "*.lab.internal"],
      probeDeny: ["fd00::/8"],
      notifyAllow: ["hooks.internal", "10.0.0.0/8"],
      notifyDeny: [],
    });
  });

  it("refuse a rule that is not one, naming the source", () => {
    expect(() => resolveSettings({ env: settingsFromEnv({ NINES_NOTIFY_ALLOW: "10.0.0.0/33" }) })).toThrow(
      'environment variable NINES_NOTIFY_ALLOW: "10.0.0.0/33" is not a CIDR range such as 10.0.0.0/8 or fd00::/8',
    );
  });
});
