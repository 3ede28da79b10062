import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureServerBuilt, repoRoot, withThisNode } from "../support/build.js";

let target: Server;
let child: ChildProcess | undefined;

beforeAll(() => ensureServerBuilt(), 120_000);
afterAll(() => {
  child?.kill("SIGKILL");
  target?.close();
});

it("finishes the check in flight and writes its result on SIGTERM", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nines-shutdown-"));
  let terminateSent = false;
  // The target answers slowly; the first request triggers SIGTERM while the check is in flight.
  target = createServer((_request, response) => {
    if (!terminateSent && child) {
      terminateSent = true;
      child.kill("SIGTERM");
    }
    setTimeout(() => response.end("ok"), 700);
  });
  target.listen(0, "127.0.0.1");
  await once(target, "listening");
  const port = (target.address() as AddressInfo).port;
  writeFileSync(
    path.join(dir, "monitor.yaml"),
    `apiVersion: nines/v1\nkind: Monitor\nmetadata: {name: slow}\nspec: {type: http, url: "http://127.0.0.1:${port}/", interval: 1s, timeout: 1s}\n`,
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
  let logs = "";
  child.stdout?.on("data", (chunk) => {
    logs += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    logs += chunk;
  });
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
