import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/main.js";
import { settingsSchema } from "../../src/server/settings.js";
import { runNines } from "../support/cli.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "nines-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nines = runNines;

/** `nines validate` with an empty environment, as on a fresh clone; it needs no server. */
const validate = (...paths: string[]) => nines(["validate", ...paths]);

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

const SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout
spec:
  service: shop
  indicatorRef: checkout-requests
  timeWindow: [{duration: 28d, isRolling: true}]
  objectives:
    - target: 0.99
`;

const SLI = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: checkout-requests
spec:
  ratioMetric:
    good: {metricSource: {type: Prometheus, spec: {query: good}}}
    total: {metricSource: {type: Prometheus, spec: {query: total}}}
`;

const SERVICE = `apiVersion: openslo/v1
kind: Service
metadata:
  name: shop
`;

describe("nines validate", () => {
  it("passes on the demo with no environment variable set", async () => {
    expect(await validate(path.join(root, "examples/demo"))).toMatchObject({ code: 0, stderr: "" });
  });

  it("reports references to objects missing from the files given, and how to check against a server", async () => {
    const slo = write("slo.yaml", SLO);
    const result = await validate(slo);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${slo}:6:12: /spec/service: Service "shop" is not defined in the files given\n`);
    expect(result.stderr).toContain(
      `${slo}:7:17: /spec/indicatorRef: SLI "checkout-requests" is not defined in the files given\n`,
    );
    expect(result.stderr).toContain("pass --stored to include the objects on the server");
  });

  it("resolves references across the files given", async () => {
    const files = [write("a-slo.yaml", SLO), write("b-sli.yaml", SLI), write("c-service.yaml", SERVICE)];
    expect(await validate(...files)).toMatchObject({ code: 0, stdout: "3 documents valid\n" });
  });
});

describe("nines validate --stored", () => {
  let server: RunningServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startServer(settingsSchema.parse({ port: 0, dataDir: path.join(dir, "data") }), {
      logger: pino({ level: "silent" }),
      handleSignals: false,
    });
    env = { NINES_SERVER: server.url, NINES_DATA: path.join(dir, "data") };
    const created = await nines(["token", "create", "--name", "validate-test", "--role", "editor"], env);
    env.NINES_TOKEN = created.stdout.trim();
    expect(await nines(["apply", "-f", write("stored.yaml", `${SERVICE}---\n${SLI}`)], env)).toMatchObject({ code: 0 });
  });
  afterAll(async () => {
    await server?.shutdown("test done");
  });

  it("resolves references against the objects stored on the server", async () => {
    const slo = write("stored-slo.yaml", SLO);
    expect(await nines(["validate", slo], env)).toMatchObject({ code: 1 });
    expect(await nines(["validate", "--stored", slo], env)).toMatchObject({ code: 0, stdout: "1 document valid\n" });
    const typo = write("typo-slo.yaml", SLO.replace("service: shop", "service: shp"));
    const result = await nines(["validate", "--stored", typo], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${typo}:6:12: /spec/service: Service "shp" is neither in the files given nor stored on the server; did you mean "shop"?\n`,
    );
  });
});
