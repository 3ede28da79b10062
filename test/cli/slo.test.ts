import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/main.js";
import { settingsSchema } from "../../src/server/settings.js";
import { runNines } from "../support/cli.js";

let dir: string;
let server: RunningServer;
let token: string;

const nines = (args: string[]) => runNines(args, { NINES_SERVER: server.url, NINES_TOKEN: token, NINES_DATA: dir });

const SLOS = `apiVersion: openslo/v1
kind: Service
metadata:
  name: shop
spec: {}
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout
  displayName: Checkout
spec:
  service: shop
  timeWindow:
    - duration: 30d
      isRolling: true
  indicator:
    metadata:
      name: checkout-requests
    spec:
      ratioMetric:
        good: { metricSource: { type: Events, spec: {} } }
        total: { metricSource: { type: Events, spec: {} } }
  objectives:
    - displayName: Requests succeed
      target: 0.999
`;

async function post(good: number, total: number) {
  const response = await fetch(`${server.url}/api/v1/slis/checkout-requests/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ good, total }),
  });
  expect(response.status).toBe(202);
  await server.nines.slos.runCycle();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "nines-slo-cli-"));
  server = await startServer(settingsSchema.parse({ port: 0, dataDir: dir }), {
    logger: pino({ level: "silent" }),
    handleSignals: false,
  });
  const created = await nines(["token", "create", "--name", "slo-cli", "--role", "editor"]);
  token = created.stdout.trim();
  const file = path.join(dir, "slos.yaml");
  writeFileSync(file, SLOS);
  expect((await nines(["apply", "-f", file])).code).toBe(0);
  await server.nines.slos.runCycle();
});

afterAll(async () => {
  await server?.shutdown("test done");
  rmSync(dir, { recursive: true, force: true });
});

describe("nines slo and get slos against a server", () => {
  it("lists SLOs with target, SLI, budget and burn, and describes one", async () => {
    await post(99_950, 100_000);
    const list = await nines(["get", "slos"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/NAME\s+SERVICE\s+TARGET\s+SLI\s+BUDGET LEFT\s+FASTEST BURN\s+STATUS/);
    expect(list.stdout).toMatch(/checkout\s+shop\s+99\.9%\s+99\.95%/);
    const described = await nines(["describe", "slo", "checkout"]);
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toMatch(/page-fast/);
    expect(described.stdout).toMatch(/5m/);
  });

  it("opens the release gate within budget and closes it, saying why, once the budget is spent", async () => {
    const open = await nines(["slo", "gate", "--service", "shop"]);
    expect(open.code, open.stderr).toBe(0);
    expect(open.stdout).toMatch(/^open: shop may release/);
    await post(0, 1000);
    const closed = await nines(["slo", "gate", "--service", "shop"]);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(
      /closed: shop should not release\n {2}checkout \(Requests succeed\): error budget exhausted/,
    );
    const unknown = await nines(["slo", "gate", "--service", "nope"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no SLO belongs to service "nope"/);
  });
});
