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

/** Runs `nines ARGS` in-process against the test server; returns exit code and output. */
const nines = (args: string[], env: Record<string, string> = {}) =>
  runNines(args, { NINES_SERVER: server.url, NINES_TOKEN: token, NINES_DATA: dir, ...env });

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

const MONITORS = `apiVersion: nines/v1
kind: Monitor
metadata:
  name: alpha
spec:
  type: http
  url: http://127.0.0.1:9/alpha
  interval: 1h
---
apiVersion: nines/v1
kind: Monitor
metadata:
  name: beta
spec:
  type: http
  url: http://127.0.0.1:9/beta
  interval: 1h
`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "nines-cli-"));
  server = await startServer(settingsSchema.parse({ port: 0, dataDir: dir }), {
    logger: pino({ level: "silent" }),
    handleSignals: false,
  });
  const created = await nines(["token", "create", "--name", "cli-test", "--role", "editor"]);
  expect(created.code).toBe(0);
  token = created.stdout.trim();
});

afterAll(async () => {
  await server?.shutdown("test done");
  rmSync(dir, { recursive: true, force: true });
});

describe("nines CLI", () => {
  it("validates offline and reports every problem with file:line:column", async () => {
    const file = write(
      "bad.yaml",
      "apiVersion: nines/v1\nkind: Monitor\nmetadata:\n  name: x\nspec:\n  type: http\n  url: not-a-url\n  intervall: 30s\n",
    );
    const result = await nines(["validate", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:7:`);
    expect(result.stderr).toMatch(/\/spec\/url: .*URL/);
    expect(result.stderr).toContain(`${file}:8:3`);
    expect(result.stderr).toMatch(/did you mean "interval"/);
    expect(result.stderr).toMatch(/\nnines: 2 problems found; nothing was changed\n$/);
    expect(await nines(["validate", write("good.yaml", MONITORS)])).toMatchObject({
      code: 0,
      stdout: "2 documents valid\n",
    });
  });

  it("plans, applies idempotently, gets, exports and deletes", async () => {
    const file = write("monitors.yaml", MONITORS);
    const plan = await nines(["plan", "-f", file]);
    expect(plan.stdout).toBe(
      "+ Monitor/alpha\n+ Monitor/beta\nPlan: 2 to create, 0 to change, 0 to delete, 0 unchanged.\n",
    );
    expect((await nines(["get", "monitors"])).stdout).toContain("No monitors");

    expect((await nines(["apply", "-f", file])).stdout).toContain(
      "Applied: 2 created, 0 changed, 0 deleted, 0 unchanged.",
    );
    expect((await nines(["apply", "-f", file])).stdout).toBe("No changes: 2 objects are up to date.\n");

    const changed = write("changed.yaml", MONITORS.replace("interval: 1h\n---", "interval: 2h\n---"));
    expect((await nines(["plan", "-f", changed])).stdout).toContain('~ Monitor/alpha\n    /spec/interval: "1h" → "2h"');

    const table = await nines(["get", "monitors"]);
    expect(table.stdout).toMatch(/^NAME\s+STATE\s+TYPE\s+TARGET/);
    expect(table.stdout).toMatch(/alpha\s+PENDING\s+http\s+http:\/\/127\.0\.0\.1:9\/alpha\s+1h/);
    const json = JSON.parse((await nines(["get", "monitor", "beta", "-o", "json"])).stdout);
    expect(json).toMatchObject({
      kind: "Monitor",
      metadata: { name: "beta" },
      spec: { interval: "1h", method: "GET" },
    });

    const exported = (await nines(["export"])).stdout;
    expect(exported).toContain("name: alpha");
    const exportFile = write("exported.yaml", exported);
    expect((await nines(["apply", "-f", exportFile])).stdout).toBe("No changes: 2 objects are up to date.\n");
    expect((await nines(["export"])).stdout).toBe(exported);
    // get shows the version it read, so applying its output back refuses to overwrite a newer change.
    const got = (await nines(["get", "monitors", "-o", "yaml"])).stdout;
    expect(got).toContain("  generation: 1\n");
    expect(got.replaceAll("  generation: 1\n", "")).toBe(exported);

    expect(
      (await nines(["apply", "--prune", "-f", write("only-alpha.yaml", MONITORS.split("---")[0] as string)])).stdout,
    ).toContain("- Monitor/beta");
    expect(await nines(["delete", "monitor", "alpha"])).toMatchObject({ code: 0, stdout: "- Monitor/alpha deleted\n" });
    expect((await nines(["delete", "monitor", "alpha"])).stderr).toContain('Monitor "alpha" does not exist');
  });

  it("explains missing tokens, unknown kinds and unreachable servers", async () => {
    const file = write("one.yaml", MONITORS);
    const noToken = await nines(["apply", "-f", file], { NINES_TOKEN: "" });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/Unauthorized \(401\).*\n.*nines token create/);
    expect(await nines(["get", "widgets"])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown kind "widgets"; known kinds: Monitor, Service'),
    });
    const offline = await nines(["get", "monitors"], { NINES_SERVER: "http://127.0.0.1:9" });
    expect(offline.stderr).toContain("cannot reach the Nines server at http://127.0.0.1:9");
    expect((await nines(["token", "list"])).stdout).toMatch(/cli-test\s+nines_\S+\s+editor\s+\S+\s+never\s/);
  });

  it("makes viewer tokens unless told otherwise, with an expiry, and a viewer cannot write", async () => {
    const viewer = await nines(["token", "create", "--name", "reader", "--expires", "90d"]);
    expect(viewer.code).toBe(0);
    expect(viewer.stderr).toMatch(/role viewer, expires 20\d\d-/);
    const readerToken = viewer.stdout.trim();
    expect((await nines(["get", "monitors"], { NINES_TOKEN: readerToken })).code).toBe(0);
    const refused = await nines(["apply", "-f", write("reader.yaml", MONITORS)], { NINES_TOKEN: readerToken });
    expect(refused.stderr).toMatch(/Forbidden \(403\).*role editor.*has role viewer/);
    expect((await nines(["get", "monitors"], { NINES_TOKEN: "" })).stderr).toMatch(/Unauthorized \(401\)/);
    expect((await nines(["token", "list"])).stdout).toMatch(/reader\s+nines_\S+\s+viewer\s+\S+\s+20\d\d-/);
    expect((await nines(["token", "create", "--name", "x", "--role", "boss"])).stderr).toMatch(/boss/);
    expect((await nines(["token", "create", "--name", "x", "--expires", "soon"])).stderr).toMatch(/90d/);
    expect((await nines(["token", "revoke", "reader"])).stdout).toContain('Token "reader" revoked');
  });

  it("lists every setting with its environment variable in server --help", async () => {
    const help = await nines(["server", "--help"]);
    for (const text of [
      "--port",
      "NINES_PORT",
      "--data",
      "NINES_DATA",
      "-f, --file",
      "DATABASE_URL",
      "--config",
      "--anonymous-read",
      "implies --anonymous-read",
      "--allowed-hosts",
      "NINES_METRICS_PUBLIC",
    ])
      expect(help.stdout).toContain(text);
  });
});
