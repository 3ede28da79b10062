import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureServerBuilt, repoRoot, withThisNode } from "../support/build.js";

let target: Server;
let child: ChildProcess | undefined;
let dir: string | undefined;

beforeAll(() => ensureServerBuilt(), 120_000);
afterAll(() => {
  child?.kill("SIGKILL");
  target?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("finishes the check in flight and writes its result on SIGTERM", async () => {
  dir = mkdtempSync(path.join(tmpdir(), "nines-shutdown-"));
  let terminateSent = false;
  let logs = "";
  let held: ServerResponse | undefined;
  const shuttingDown = () => logs.includes('"msg":"shutting down"');
  // The first request triggers SIGTERM and is answered only once the server says it is shutting
  // down: the check is in flight when the signal lands, however slow the machine.
  target = createServer((_request, response) => {
    if (!terminateSent && child) {
      terminateSent = true;
      child.kill("SIGTERM");
    }
    if (shuttingDown()) response.end("ok");
    else held = response;
  });
  target.listen(0, "127.0.0.1");
  await once(target, "listening");
  const port = (target.address() as AddressInfo).port;
  writeFileSync(
    path.join(dir, "monitor.yaml"),
    `apiVersion: nines/v1\nkind: Monitor\nmetadata: {name: slow}\nspec: {type: http, url: "http://127.0.0.1:${port}/", interval: 5s, timeout: 5s}\n`,
  );

  // The installed command (bin/nines, a shell launcher that execs Node), so the signal must reach
  // Node through it.
  child = spawn(
    path.join(repoRoot, "bin/nines"),
    ["server", "--port", "0", "--data", dir, "-f", path.join(dir, "monitor.yaml"), "--log-level", "info"],
    {
      cwd: repoRoot,
      // CI exports DATABASE_URL for the store tests; this server must use its own SQLite file.
      env: { ...process.env, DATABASE_URL: "", PATH: withThisNode(process.env.PATH) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const collect = (chunk: Buffer) => {
    logs += chunk;
    if (held && shuttingDown()) {
      held.end("ok");
      held = undefined;
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const [code] = (await once(child, "exit")) as [number | null];

  expect(terminateSent).toBe(true);
  expect(code, logs).toBe(0);
  const lines = logs
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg: string; reason?: string });
  expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(["shutting down", "stopped"]));
  expect(lines.find((line) => line.msg === "shutting down")?.reason).toBe("SIGTERM");

  expect(existsSync(path.join(dir, "nines.db")), logs).toBe(true);
  const db = new SQLite(path.join(dir, "nines.db"), { fileMustExist: true });
  const results = db.prepare("select status, status_code from monitor_results").all();
  db.close();
  expect(results, logs).toEqual([{ status: "up", status_code: 200 }]);
});
