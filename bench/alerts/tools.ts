import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import SQLite from "better-sqlite3";
import { REPOSITORY } from "../probes/paths.js";
import { type Child, findFreePort, type Placement, spawnPinned, waitForHttp } from "../probes/process.js";

/**
 * The two alert managers as the benchmark runs them, each pinned to the measured core with the
 * same routing: one route grouping by service (group_wait as given, group_interval 5m) to one
 * webhook receiver, the sink. Nines is the installed command (`bin/nines server`) on SQLite in a
 * temporary data directory, configured through `nines apply -f` and posted to with a responder
 * token; Alertmanager is Debian's, GOMAXPROCS=1, with clustering off.
 */
export interface RunningTool {
  tool: "nines" | "alertmanager";
  version: string;
  child: Child;
  alertsUrl: string;
  headers: Record<string, string>;
  /** What the store holds after the stop (Nines), for the record. */
  stop(): Promise<Record<string, number> | null>;
}

export interface ToolOptions {
  placement: Placement;
  sinkUrl: string;
  groupWaitSeconds: number;
  keep: boolean;
  log: (message: string) => void;
  /** A directory for a V8 CPU profile of the Nines server. */
  profileDir?: string | undefined;
}

const run = promisify(execFile);
const ninesCommand = path.join(REPOSITORY, "bin/nines");

export const ALERTMANAGER = "/usr/bin/prometheus-alertmanager";

export async function startNines(options: ToolOptions): Promise<RunningTool> {
  const dir = mkdtempSync(path.join(tmpdir(), "alerts-bench-nines-"));
  const dataDir = path.join(dir, "data");
  const port = await findFreePort();
  const env = serverEnvironment(options.profileDir);
  const child = spawnPinned(
    "nines",
    options.placement,
    ninesCommand,
    ["server", "--port", String(port), "--data", dataDir, "--notify-allow", "127.0.0.1/32", "--log-level", "warn"],
    { cwd: REPOSITORY, env },
  );
  const cleanUp = () => {
    if (options.keep) options.log(`nines: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    await child.waitForOutput(/Nines is running at/, 300_000);
    const url = `http://127.0.0.1:${port}`;
    // The commands run off the measured core, as an operator's would.
    const nines = async (...args: string[]) =>
      (await run(ninesCommand, args, { cwd: REPOSITORY, env: { ...env, NINES_NODE_FLAGS: "" } })).stdout.trim();
    const editor = await nines("token", "create", "--name", "bench-editor", "--role", "editor", "--data", dataDir);
    const responder = await nines(
      "token",
      "create",
      "--name",
      "bench-sender",
      "--role",
      "responder",
      "--data",
      dataDir,
    );
    const file = path.join(dir, "routing.yaml");
    writeFileSync(file, ninesRouting(options.sinkUrl, options.groupWaitSeconds));
    options.log(
      `nines: ${(await nines("apply", "-f", file, "--server", url, "--token", editor)).replace(/\n/g, "; ")}`,
    );
    return {
      tool: "nines",
      version: `nines ${readVersion()}, node ${process.version}`,
      child,
      alertsUrl: `${url}/api/v2/alerts`,
      headers: { authorization: `Bearer ${responder}` },
      async stop() {
        try {
          await child.stop();
          return countRows(path.join(dataDir, "nines.db"));
        } finally {
          cleanUp();
        }
      },
    };
  } catch (error) {
    await child.stop();
    cleanUp();
    throw error;
  }
}

function ninesRouting(sinkUrl: string, groupWaitSeconds: number): string {
  return `apiVersion: nines/v1
kind: Receiver
metadata:
  name: bench-sink
spec:
  channels:
    - type: webhook
      url: ${sinkUrl}
---
apiVersion: nines/v1
kind: Route
metadata:
  name: bench
spec:
  receiver: bench-sink
  groupBy: [service]
  groupWait: ${groupWaitSeconds}s
  groupInterval: 5m
  repeatInterval: 4h
`;
}

export async function startAlertmanager(options: ToolOptions): Promise<RunningTool> {
  const dir = mkdtempSync(path.join(tmpdir(), "alerts-bench-alertmanager-"));
  const port = await findFreePort();
  const config = path.join(dir, "alertmanager.yml");
  writeFileSync(
    config,
    `route:
  receiver: bench-sink
  group_by: [service]
  group_wait: ${options.groupWaitSeconds}s
  group_interval: 5m
  repeat_interval: 4h
receivers:
  - name: bench-sink
    webhook_configs:
      - url: ${options.sinkUrl}
`,
  );
  const child = spawnPinned(
    "alertmanager",
    options.placement,
    ALERTMANAGER,
    [
      `--config.file=${config}`,
      `--storage.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No gossip: a single instance, as Nines runs here.
      "--cluster.listen-address=",
      "--log.level=warn",
    ],
    { env: { ...process.env, GOMAXPROCS: "1" } },
  );
  const cleanUp = () => {
    if (options.keep) options.log(`alertmanager: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/-/ready`, 120_000, child);
    const { stdout, stderr } = await run(ALERTMANAGER, ["--version"]);
    return {
      tool: "alertmanager",
      version: (stdout || stderr).split("\n")[0] ?? "alertmanager",
      child,
      alertsUrl: `${url}/api/v2/alerts`,
      headers: {},
      async stop() {
        try {
          await child.stop();
          return null;
        } finally {
          cleanUp();
        }
      },
    };
  } catch (error) {
    await child.stop();
    cleanUp();
    throw error;
  }
}

/** Rows Nines kept: every alert, its history (fired, grouped, notified) and the notifications sent. */
function countRows(file: string): Record<string, number> {
  const database = new SQLite(file, { readonly: true });
  try {
    const count = (table: string) =>
      (database.prepare(`select count(*) as rows from ${table}`).get() as { rows: number }).rows;
    const delivered = database
      .prepare("select count(*) as rows from notifications where state = 'delivered'")
      .get() as {
      rows: number;
    };
    return {
      alerts: count("alerts"),
      alertHistory: count("alert_history"),
      alertGroups: count("alert_groups"),
      notifications: count("notifications"),
      notificationsDelivered: delivered.rows,
    };
  } finally {
    database.close();
  }
}

/**
 * SQLite whatever the shell says (DATABASE_URL dropped). Node takes --cpu-prof only on its command
 * line, so a profile goes through the launcher's NINES_NODE_FLAGS, beside its usual flags.
 */
function serverEnvironment(profileDir: string | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  env.PATH = [path.dirname(process.execPath), env.PATH].filter(Boolean).join(path.delimiter);
  if (profileDir)
    env.NINES_NODE_FLAGS = `--heap-growing-percent=50 --max-semi-space-size=8 --cpu-prof --cpu-prof-dir=${profileDir}`;
  return env;
}

function readVersion(): string {
  return (JSON.parse(readFileSync(path.join(REPOSITORY, "package.json"), "utf8")) as { version: string }).version;
}
