import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** Debian's Prometheus as a peer: absent, its tests skip with the reason, except under NINES_REQUIRE_ALL=1. */
export const PROMETHEUS = "/usr/bin/prometheus";
export const prometheusMissing = existsSync(PROMETHEUS)
  ? undefined
  : `${PROMETHEUS} is not installed (apt-get install prometheus)`;
if (prometheusMissing && process.env.NINES_REQUIRE_ALL === "1")
  throw new Error(`NINES_REQUIRE_ALL=1 but ${prometheusMissing}`);

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningPrometheus {
  url: string;
  child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

/** Starts Prometheus on a free loopback port with this configuration and these extra files (rules). */
export async function startPrometheus(config: string, files: Record<string, string> = {}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(path.join(tmpdir(), "nines-prometheus-"));
  const port = await freePort();
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const file = path.join(dir, "prometheus.yml");
  writeFileSync(file, config.replaceAll("$DIR", dir));
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${file}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
