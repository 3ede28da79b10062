import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeRevision, writeResultsFile } from "../results-file.js";
import { BLACKBOX, PROMETHEUS, runBlackbox } from "./blackbox.js";
import { runNines } from "./nines.js";
import { REPOSITORY } from "./paths.js";
import { killAllChildren } from "./process.js";
import { formatSpread, formatTable } from "./report.js";
import { orderTools, type RunSettings, type ToolName, type ToolResult } from "./result.js";
import { startTarget } from "./target.js";

/**
 * `npm run bench:probes`: N HTTP monitors against a local target, Nines and then Prometheus +
 * blackbox_exporter, each pinned to the same CPU, measured over the same window. See README.md.
 */
const USAGE = `usage: npm run bench:probes -- [options]
  --sizes 1000,5000,10000   numbers of monitors (each 1 to 20,000)
  --duration 180            seconds measured per tool and size (10 to 1,800)
  --quick                   a smoke run: 60 s, 1,000 monitors unless --sizes is given
  --interval 30             seconds between checks of one monitor (5 to 300)
  --warmup <s>              seconds before measuring (default: one interval + 5)
  --tools nines,blackbox    which tools to run
  --repeat 1                runs of each tool per size (1 to 10), alternating which goes first;
                            with more than one, a table of each figure's spread follows
  --concurrency 256         Nines' --probe-concurrency
  --tool-cpu 1              CPU the measured tool is pinned to (taskset -c)
  --target-cpu 0            CPU of the target servers (and of this program's waiting)
  --target-ports 8          listening ports of the target process
  --nice -10                niceness of the tools and the target (negative needs root)
  --out <dir>               where the JSON goes (default bench/probes/results; a new file
                            per run, <date>-<revision>[-dirty][-quick].json)
  --keep                    keep the temporary data directories
  --profile <dir>           write a CPU profile of the Nines server there (node --cpu-prof)`;

const { values } = parseArgs({
  options: {
    sizes: { type: "string" },
    duration: { type: "string" },
    quick: { type: "boolean", default: false },
    interval: { type: "string", default: "30" },
    warmup: { type: "string" },
    tools: { type: "string", default: "nines,blackbox" },
    repeat: { type: "string", default: "1" },
    concurrency: { type: "string", default: "256" },
    "tool-cpu": { type: "string", default: "1" },
    "target-cpu": { type: "string", default: "0" },
    "target-ports": { type: "string", default: "8" },
    nice: { type: "string", default: "-10" },
    out: { type: "string", default: path.join(REPOSITORY, "bench/probes/results") },
    keep: { type: "boolean", default: false },
    profile: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function bounded(name: string, text: string, low: number, high: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < low || value > high) {
    console.error(`--${name}: expected a whole number from ${low} to ${high}, got "${text}"\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

const sizes = (values.sizes ?? (values.quick ? "1000" : "1000,5000,10000"))
  .split(",")
  .map((size) => bounded("sizes", size.trim(), 1, 20_000));
const durationSeconds = bounded("duration", values.duration ?? (values.quick ? "60" : "180"), 10, 1800);
const intervalSeconds = bounded("interval", values.interval, 5, 300);
const warmupSeconds = bounded("warmup", values.warmup ?? String(intervalSeconds + 5), 0, 600);
const concurrency = bounded("concurrency", values.concurrency, 1, 10_000);
const targetPorts = bounded("target-ports", values["target-ports"], 1, 64);
const nice = bounded("nice", values.nice, -20, 19);
const repeat = bounded("repeat", values.repeat, 1, 10);
const tools = new Set(values.tools.split(",").map((tool) => tool.trim()));
for (const tool of tools) {
  if (tool !== "nines" && tool !== "blackbox") {
    console.error(`--tools: expected nines and/or blackbox, got "${tool}"`);
    process.exit(2);
  }
}
const toolOrder = (["nines", "blackbox"] as const).filter((tool) => tools.has(tool));

function checkPrerequisites(): void {
  const missing: string[] = [];
  if (!existsSync(path.join(REPOSITORY, "dist/cli/main.js"))) missing.push("Nines is not built: npm run build:server");
  if (!existsSync("/proc/self/stat")) missing.push("/proc is needed to measure CPU and memory (Linux)");
  const onPath = (command: string) => {
    try {
      execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  if (!onPath("taskset")) missing.push("taskset (util-linux) is not installed");
  if (tools.has("blackbox") && !(onPath(PROMETHEUS) && onPath(BLACKBOX)))
    missing.push("apt-get install -y prometheus prometheus-blackbox-exporter (or run with --tools nines)");
  if (missing.length) {
    console.error(`bench:probes cannot run:\n  ${missing.join("\n  ")}`);
    process.exit(2);
  }
}

function describeMachine() {
  const debian = existsSync("/etc/debian_version") ? readFileSync("/etc/debian_version", "utf8").trim() : undefined;
  const { commit, dirty } = describeRevision(REPOSITORY, values.out);
  const revision = `${commit}${dirty ? "-dirty" : ""}`;
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    debian,
    node: process.version,
    revision,
  };
}

const log = (message: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main(): Promise<void> {
  checkPrerequisites();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }
  const target = await startTarget({
    placement: { cpu: values["target-cpu"], nice },
    ports: targetPorts,
    intervalMs: intervalSeconds * 1000,
  });
  const results: ToolResult[] = [];
  const tables: string[] = [];
  try {
    for (const monitors of sizes) {
      const settings: RunSettings = {
        monitors,
        intervalSeconds,
        warmupSeconds,
        durationSeconds,
        placement: { cpu: values["tool-cpu"], nice },
        keepTemp: values.keep,
        log,
      };
      const runs: Record<ToolName, ToolResult[]> = { nines: [], blackbox: [] };
      for (let round = 0; round < repeat; round++) {
        // Alternating which tool goes first, so that neither always runs on a warmer (or more
        // loaded) machine than the other.
        const measured: Partial<Record<ToolName, ToolResult>> = {};
        for (const tool of orderTools(toolOrder, round)) {
          if (repeat > 1) log(`${monitors} monitors, round ${round + 1} of ${repeat}: ${tool}`);
          const result =
            tool === "nines"
              ? await runNines(settings, target, {
                  concurrency,
                  profileDir: values.profile && path.resolve(values.profile),
                })
              : await runBlackbox(settings, target);
          results.push({ ...result, round: round + 1 });
          runs[tool].push(result);
          measured[tool] = result;
        }
        const table = formatTable(measured.nines, measured.blackbox);
        tables.push(repeat > 1 ? `Round ${round + 1} of ${repeat}:\n\n${table}` : table);
        console.error(`\n${tables.at(-1)}\n`);
      }
      if (repeat > 1) {
        const spread = formatSpread(runs.nines, runs.blackbox);
        tables.push(spread);
        console.error(`\n${spread}\n`);
      }
    }
  } finally {
    await target.stop();
  }
  const file = writeResults(results);
  console.log(tables.join("\n\n"));
  log(`results written to ${path.relative(process.cwd(), file)}`);
}

function writeResults(results: ToolResult[]): string {
  const document = {
    date: new Date().toISOString(),
    machine: describeMachine(),
    settings: {
      sizes,
      durationSeconds,
      intervalSeconds,
      warmupSeconds,
      repeat,
      concurrency,
      targetPorts,
      toolCpu: values["tool-cpu"],
      targetCpu: values["target-cpu"],
      nice,
    },
    results,
  };
  return writeResultsFile(path.resolve(values.out), document, {
    repository: REPOSITORY,
    label: values.quick ? "quick" : undefined,
  });
}

main().catch((error: unknown) => {
  killAllChildren();
  console.error(error);
  process.exit(1);
});
