import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { wholeNumberOption } from "../arguments.js";
import { killAllChildren, type Placement } from "../probes/process.js";
import { writeResultsFile } from "../results-file.js";
import { runJsonChild, scriptPath } from "./children.js";
import { compareReceivers, type IngestComparison } from "./ingest-compare.js";
import { measureEmptyPrometheus, PROMETHEUS } from "./prometheus.js";
import { runPrometheusRules } from "./prometheus-rules.js";
import {
  type EmptyPrometheus,
  type EngineFigures,
  evaluateTargets,
  formatIngest,
  formatSizes,
  formatTargets,
  type InProcessIngest,
  type RestartFigures,
  type SizeResult,
} from "./report.js";
import { seedDatabase } from "./seed.js";
import { MINUTE_MS } from "./workload.js";

/**
 * `npm run bench:slo`: the SLO engine at N SLOs (30-day windows, seven burn windows, four burn
 * tiers) beside Prometheus evaluating Sloth's rules for the same SLOs over the same series, and
 * both remote_write receivers on the same stream. Every measured process runs alone on one core
 * (`taskset`; GOMAXPROCS=1 for Prometheus); this process seeds, sends and waits on the other.
 * See BENCHMARKS.md.
 */
const USAGE = `usage: npm run bench:slo -- [options]
  --quick                 1,000 SLOs only, 3 measured minutes, 24 h of Prometheus history
  --sizes 1000,10000      numbers of SLOs (100 to 20,000)
  --history 168,12        hours of history Prometheus gets per size (promtool backfill; the
                          raw counters at most 3 days of it; 720 is the whole 30-day window)
  --minutes 10            engine minutes measured per size (6 cycles of 10 s each)
  --interval 30           Prometheus' rule evaluation interval, seconds
  --ingest-series 200000  series in the remote_write stream; --ingest-rounds 10 (+2 warm-up)
  --ingest-concurrency 4  requests in flight, to both receivers
  --skip prometheus,ingest  leave parts out
  --cpu 1                 the measured core; this process keeps to the others
  --data <dir>            keep the seeded databases there and reuse them (default: a temporary
                          directory, removed at the end)
  --profile <dir>         CPU profiles of the engine runs (node --cpu-prof)
  --keep                  keep Prometheus' data directories`;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    sizes: { type: "string" },
    history: { type: "string" },
    minutes: { type: "string" },
    interval: { type: "string", default: "30" },
    "ingest-series": { type: "string", default: "200000" },
    "ingest-rounds": { type: "string", default: "10" },
    "ingest-concurrency": { type: "string", default: "4" },
    skip: { type: "string", default: "" },
    cpu: { type: "string", default: "1" },
    data: { type: "string" },
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
const list = (name: string, text: string, low: number, high: number) =>
  text.split(",").map((part) => wholeNumber(name, part.trim(), low, high));

const sizes = list("sizes", values.sizes ?? (values.quick ? "1000" : "1000,10000"), 100, 20_000);
const history = list("history", values.history ?? (values.quick ? "24" : "168,12"), 1, 720);
if (history.length !== sizes.length) {
  console.error(`--history needs one number of hours per size (${sizes.length}), got ${history.length}`);
  process.exit(2);
}
const minutes = wholeNumber("minutes", values.minutes ?? (values.quick ? "3" : "10"), 1, 60);
const intervalSeconds = wholeNumber("interval", values.interval, 5, 300);
const skip = new Set(values.skip.split(",").filter(Boolean));
const placement: Placement = { cpu: values.cpu, nice: 0 };
const otherCpus = Array.from({ length: os.cpus().length }, (_, cpu) => cpu)
  .filter((cpu) => String(cpu) !== values.cpu)
  .join(",");
const log = (message: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

function checkPrerequisites(): void {
  const missing: string[] = [];
  if (!existsSync("/proc/self/stat")) missing.push("/proc is needed to measure CPU and memory (Linux)");
  if (!otherCpus) missing.push("two cores are needed: one measured, one for this process");
  if (!skip.has("prometheus") && !(existsSync(PROMETHEUS) && existsSync("/usr/bin/promtool")))
    missing.push("apt-get install -y prometheus (or --skip prometheus)");
  if (missing.length) {
    console.error(`bench:slo cannot run:\n  ${missing.join("\n  ")}`);
    process.exit(2);
  }
}

async function measureSize(slos: number, hours: number, root: string): Promise<SizeResult> {
  const dataDir = path.join(root, `slos-${slos}`);
  mkdirSync(dataDir, { recursive: true });
  const seed = await seedDatabase(dataDir, slos, Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + 5_000);
  log(
    `${slos} SLOs: database of ${(seed.databaseBytes / 2 ** 20).toFixed(0)} MiB (${(seed.minutes / 1e6).toFixed(1)} M minutes, ${(seed.hours / 1e6).toFixed(1)} M hours)`,
  );
  const profile = values.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
  const engine = await runJsonChild<EngineFigures & { endNow: number }>(
    "engine-run",
    placement,
    ["--data", dataDir, "--minutes", String(minutes)],
    ["--expose-gc", ...profile],
  );
  log(
    `${slos} SLOs: cycles ${engine.advanceMs.median} / ${engine.advanceMs.p95} ms crossing a minute (median / p95), ${engine.withinMs.median} / ${engine.withinMs.p95} ms within`,
  );
  const restart = await runJsonChild<RestartFigures>(
    "restart-run",
    placement,
    ["--data", dataDir, "--now", String(engine.endNow)],
    profile,
  );
  log(`${slos} SLOs: restart ${(restart.restartMs / 1000).toFixed(2)} s`);
  let ingest: InProcessIngest | null = null;
  if (!skip.has("ingest")) {
    ingest = await runJsonChild<InProcessIngest>("ingest", placement, [
      "--data",
      dataDir,
      "--series",
      values["ingest-series"],
      "--rounds",
      values["ingest-rounds"],
    ]);
    log(`${slos} SLOs: ingest in-process ${Math.round(ingest.samplesPerSecond).toLocaleString("en-US")} samples/s`);
  }
  const prometheus = skip.has("prometheus")
    ? null
    : await runPrometheusRules({ slos, historyHours: hours, intervalSeconds, placement, log, keep: values.keep });
  if (prometheus)
    log(
      `${slos} SLOs: Prometheus ${prometheus.round.cpuSeconds.toFixed(2)} s of CPU per round, ${prometheus.missedIterations} iterations missed`,
    );
  return { slos, engine, restart, ingest, prometheus };
}

function describeMachine() {
  const debian = existsSync("/etc/debian_version") ? readFileSync("/etc/debian_version", "utf8").trim() : undefined;
  const prometheus = skip.has("prometheus")
    ? undefined
    : execFileSync(PROMETHEUS, ["--version"], { encoding: "utf8" }).split("\n")[0];
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    debian,
    node: process.version,
    prometheus,
    loadAverageAtStart: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

async function main(): Promise<void> {
  checkPrerequisites();
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  // This process (seeding, sending, reading metrics) stays off the measured core.
  execFileSync("taskset", ["-a", "-p", "-c", otherCpus, String(process.pid)], { stdio: "ignore" });
  const machine = describeMachine();
  const root = values.data ? path.resolve(values.data) : mkdtempSync(path.join(os.tmpdir(), "slo-bench-"));
  const results: SizeResult[] = [];
  let empty: EmptyPrometheus | null = null;
  let ingest: IngestComparison | null = null;
  try {
    for (const [index, slos] of sizes.entries()) results.push(await measureSize(slos, history[index] as number, root));
    if (!skip.has("prometheus")) {
      const dir = mkdtempSync(path.join(os.tmpdir(), "slo-bench-empty-"));
      try {
        empty = await measureEmptyPrometheus(dir, placement);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    if (!skip.has("ingest") && !skip.has("prometheus")) {
      const largest = sizes.at(-1) as number;
      log(`ingest over HTTP with the ${largest} SLOs' queries`);
      ingest = await compareReceivers({
        dataDir: path.join(root, `slos-${largest}`),
        placement,
        receiverScript: scriptPath("receiver"),
        series: wholeNumber("ingest-series", values["ingest-series"], 1000, 2_000_000),
        batch: 2000,
        selectedPercent: 1,
        warmupRounds: 2,
        rounds: wholeNumber("ingest-rounds", values["ingest-rounds"], 1, 100),
        concurrency: wholeNumber("ingest-concurrency", values["ingest-concurrency"], 1, 64),
        log,
      });
    }
  } finally {
    killAllChildren();
    if (!values.data) rmSync(root, { recursive: true, force: true });
  }
  const targets = evaluateTargets(results, ingest, empty);
  const tables = [formatSizes(results, empty), ...(ingest ? [formatIngest(ingest)] : []), formatTargets(targets)];
  const file = writeResultsFile(
    path.resolve("bench/slo/results"),
    {
      date: new Date().toISOString(),
      machine: { ...machine, loadAverageAtEnd: os.loadavg().map((load) => Math.round(load * 100) / 100) },
      settings: { sizes, history, minutes, intervalSeconds, cpu: values.cpu, quick: values.quick },
      sizes: results,
      emptyPrometheus: empty,
      ingest,
      targets,
    },
    { repository: process.cwd(), label: values.quick ? "quick" : undefined },
  );
  console.log(tables.join("\n\n"));
  log(`results written to ${path.relative(process.cwd(), file)}`);
}

await main();
