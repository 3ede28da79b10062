import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { wholeNumberOption } from "../arguments.js";
import { REPOSITORY } from "../probes/paths.js";
import { killAllChildren, type Placement } from "../probes/process.js";
import { writeResultsFile } from "../results-file.js";
import { type MeasureOptions, measureTool, type ToolResult } from "./measure.js";
import { evaluateTargets, formatComparison, formatTargets } from "./report.js";
import { ALERTMANAGER, startAlertmanager, startNines } from "./tools.js";

/**
 * `npm run bench:alerts`: Nines' alert pipeline (a real `nines server` on SQLite) beside Debian's
 * Alertmanager with the same route, the same stream of alerts posted to API v2 and the same
 * webhook sink. Each server runs alone on the measured core (`taskset`; GOMAXPROCS=1 for
 * Alertmanager); this process sends and receives from the others. See BENCHMARKS.md.
 */
const USAGE = `usage: npm run bench:alerts -- [options]
  --quick                 400 groups, 1 round of resends
  --groups 2000           groups (services); --alerts-per-group 5 (instances)
  --batch 256             alerts a request (Prometheus' batch); --senders 4 concurrent senders
  --resends 4             rounds of resending every alert after the new ones
  --group-wait 2          the route's group_wait, seconds
  --skip alertmanager     leave a tool out (nines or alertmanager)
  --cpu 1                 the measured core; this process keeps to the others
  --profile <dir>         a CPU profile of the Nines server (node --cpu-prof)
  --keep                  keep the servers' data directories`;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    groups: { type: "string" },
    "alerts-per-group": { type: "string", default: "5" },
    batch: { type: "string", default: "256" },
    senders: { type: "string", default: "4" },
    resends: { type: "string" },
    "group-wait": { type: "string", default: "2" },
    skip: { type: "string", default: "" },
    cpu: { type: "string", default: "1" },
    profile: { type: "string" },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const wholeNumber = wholeNumberOption(USAGE);

const skip = new Set(values.skip.split(",").filter(Boolean));
const otherCpus = Array.from({ length: os.cpus().length }, (_, cpu) => cpu)
  .filter((cpu) => String(cpu) !== values.cpu)
  .join(",");
const log = (message: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const placement: Placement = { cpu: values.cpu, nice: 0 };
const settings: Omit<MeasureOptions, "profileDir"> = {
  shape: {
    groups: wholeNumber("groups", values.groups ?? (values.quick ? "400" : "2000"), 10, 100_000),
    alertsPerGroup: wholeNumber("alerts-per-group", values["alerts-per-group"], 1, 100),
    batch: wholeNumber("batch", values.batch, 1, 10_000),
  },
  resends: wholeNumber("resends", values.resends ?? (values.quick ? "1" : "4"), 0, 100),
  senders: wholeNumber("senders", values.senders, 1, 64),
  groupWaitSeconds: wholeNumber("group-wait", values["group-wait"], 1, 60),
  placement,
  keep: values.keep,
  log,
};

function checkPrerequisites(): void {
  const missing: string[] = [];
  if (!existsSync("/proc/self/stat")) missing.push("/proc is needed to measure CPU and memory (Linux)");
  if (!otherCpus) missing.push("two cores are needed: one measured, one for this process");
  if (!skip.has("alertmanager") && !existsSync(ALERTMANAGER))
    missing.push("apt-get install -y prometheus-alertmanager (or --skip alertmanager)");
  if (!skip.has("nines") && !existsSync(path.join(REPOSITORY, "dist/cli/main.js")))
    missing.push("npm run build:server first");
  if (missing.length) {
    console.error(`bench:alerts cannot run:\n  ${missing.join("\n  ")}`);
    process.exit(2);
  }
}

const loadAverage = () => os.loadavg().map((load) => Math.round(load * 100) / 100);

function describeMachine() {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    debian: existsSync("/etc/debian_version") ? readFileSync("/etc/debian_version", "utf8").trim() : undefined,
    node: process.version,
    loadAverageAtStart: loadAverage(),
  };
}

async function main(): Promise<void> {
  checkPrerequisites();
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  // The senders and the sink stay off the measured core.
  execFileSync("taskset", ["-a", "-p", "-c", otherCpus, String(process.pid)], { stdio: "ignore" });
  const machine = describeMachine();
  const profileDir = values.profile ? path.resolve(values.profile) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  let nines: ToolResult | null = null;
  let alertmanager: ToolResult | null = null;
  try {
    if (!skip.has("nines")) nines = await measureTool(startNines, { ...settings, profileDir });
    if (!skip.has("alertmanager")) alertmanager = await measureTool(startAlertmanager, settings);
  } finally {
    killAllChildren();
  }
  const targets = nines && alertmanager ? evaluateTargets(nines, alertmanager) : [];
  const file = writeResultsFile(
    path.join(REPOSITORY, "bench/alerts/results"),
    {
      date: new Date().toISOString(),
      machine: { ...machine, loadAverageAtEnd: loadAverage() },
      settings: { ...settings, log: undefined, placement, quick: values.quick, profiled: Boolean(profileDir) },
      nines,
      alertmanager,
      targets,
    },
    {
      repository: REPOSITORY,
      label: [values.quick && "quick", profileDir && "profiled"].filter(Boolean).join("-") || undefined,
    },
  );
  const first = nines ?? alertmanager;
  if (first) console.log(formatComparison(nines ?? first, nines ? alertmanager : null));
  if (targets.length) console.log(`\n${formatTargets(targets)}`);
  log(`results written to ${path.relative(process.cwd(), file)}`);
}

await main();
