import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import SQLite from "better-sqlite3";
import {
  type Histogram,
  histogramQuantile,
  parseExposition,
  readHistogram,
  type Sample,
  subtractHistogram,
  sumSamples,
} from "./exposition.js";
import { REPOSITORY } from "./paths.js";
import { findFreePort, spawnPinned } from "./process.js";
import type { RunSettings, Storage, ToolResult } from "./result.js";
import type { Target } from "./target.js";
import { openWindow } from "./window.js";

const MONITORS_PER_FILE = 1000;
const CHECKS = "nines_probe_checks_total";
const LATENESS = "nines_probe_start_lateness_seconds";
// prom-client's default metrics: the event loop delay histogram is reset at every scrape, so the
// scrape that ends the window reports the window.
const RUNTIME = "nines_nodejs_";

/** `nines server` pinned to one CPU, with its monitors applied from generated YAML files (`-f`). */
export interface NinesOptions {
  /** Nines' --probe-concurrency. */
  concurrency: number;
  /** A directory for a V8 CPU profile of the server (`node --cpu-prof`); it slows the server down. */
  profileDir?: string | undefined;
}

export async function runNines(settings: RunSettings, target: Target, options: NinesOptions): Promise<ToolResult> {
  const { monitors, intervalSeconds, log } = settings;
  const dir = mkdtempSync(path.join(tmpdir(), "nines-bench-"));
  const dataDir = path.join(dir, "data");
  try {
    writeMonitorFiles(path.join(dir, "monitors"), monitors, intervalSeconds, target);
    const port = await findFreePort();
    await target.reset(true);
    const started = Date.now();
    // The installed command, bin/nines: a shell launcher that execs Node with Nines' memory
    // settings, so the pid measured is Node's.
    const server = spawnPinned(
      "nines",
      settings.placement,
      path.join(REPOSITORY, "bin/nines"),
      [
        "server",
        "--port",
        String(port),
        "--data",
        dataDir,
        "-f",
        path.join(dir, "monitors"),
        "--probe-concurrency",
        String(options.concurrency),
        "--log-level",
        "warn",
        // The benchmark scrapes as Prometheus would without a token.
        "--metrics-public",
      ],
      { cwd: REPOSITORY, env: serverEnvironment(options.profileDir) },
    );
    try {
      await server.waitForOutput(/Nines is running at/, 600_000);
      const startupSeconds = (Date.now() - started) / 1000;
      log(
        `nines: ${monitors} monitors loaded in ${startupSeconds.toFixed(1)} s; warming up ${settings.warmupSeconds} s`,
      );
      await sleep(settings.warmupSeconds * 1000);

      const metricsUrl = `http://127.0.0.1:${port}/metrics`;
      const before = await scrape(metricsUrl);
      const storeBefore = measureStoreSize(dataDir);
      const window = await openWindow({ nines: server.pid }, target, settings.placement);
      log(`nines: measuring ${settings.durationSeconds} s`);
      await sleep(settings.durationSeconds * 1000);
      const measured = await window.close();
      const storeAfter = measureStoreSize(dataDir);
      const after = await scrape(metricsUrl);
      const stopStarted = Date.now();
      await server.stop();
      const stopSeconds = (Date.now() - stopStarted) / 1000;

      const scrapeSpan = (after.at - before.at) / 1000;
      const checksPerSecond = (sumSamples(after.samples, CHECKS) - sumSamples(before.samples, CHECKS)) / scrapeSpan;
      const failed = (samples: Sample[]) => sumSamples(samples, CHECKS, (labels) => labels.result === "down");
      const lateness = subtractHistogram(
        readHistogram(after.samples, LATENESS),
        readHistogram(before.samples, LATENESS),
      );
      const cpuSeconds = measured.processes.nines?.cpuSeconds ?? 0;
      const windowSeconds = measured.seconds;
      return {
        tool: "nines",
        version: ninesVersion(),
        monitors,
        intervalSeconds,
        startupSeconds,
        window: measured,
        checksPerSecond,
        failedChecks: failed(after.samples) - failed(before.samples),
        scheduledPerSecond: monitors / intervalSeconds,
        cpuPerThousandChecks: (1000 * cpuSeconds) / (checksPerSecond * windowSeconds),
        lateness: summariseLateness(lateness),
        runtime: {
          eventLoopDelayP50Seconds: sumSamples(after.samples, `${RUNTIME}eventloop_lag_p50_seconds`),
          eventLoopDelayP99Seconds: sumSamples(after.samples, `${RUNTIME}eventloop_lag_p99_seconds`),
          eventLoopDelayMaxSeconds: sumSamples(after.samples, `${RUNTIME}eventloop_lag_max_seconds`),
          heapUsedBytes: sumSamples(after.samples, `${RUNTIME}heap_size_used_bytes`),
          heapTotalBytes: sumSamples(after.samples, `${RUNTIME}heap_size_total_bytes`),
          externalBytes: sumSamples(after.samples, `${RUNTIME}external_memory_bytes`),
        },
        storage: measureStorage(dataDir, storeBefore, storeAfter, monitors, windowSeconds, intervalSeconds),
        notes: [
          `/metrics took ${before.ms} ms and ${after.ms} ms to scrape (${(after.bytes / 1e6).toFixed(1)} MB); both scrapes lie outside the CPU window`,
          `graceful stop took ${stopSeconds.toFixed(1)} s`,
          `--probe-concurrency ${options.concurrency}`,
          ...(options.profileDir
            ? [`profiled with --cpu-prof into ${options.profileDir}: slower than unprofiled`]
            : []),
        ],
      };
    } finally {
      await server.stop();
    }
  } finally {
    if (settings.keepTemp) log(`nines: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function writeMonitorFiles(dir: string, monitors: number, intervalSeconds: number, target: Target): void {
  mkdirSync(dir, { recursive: true });
  for (let first = 0; first < monitors; first += MONITORS_PER_FILE) {
    const documents: string[] = [];
    for (let index = first; index < Math.min(monitors, first + MONITORS_PER_FILE); index++) {
      documents.push(
        [
          "apiVersion: nines/v1",
          "kind: Monitor",
          "metadata:",
          `  name: bench-${String(index).padStart(5, "0")}`,
          "spec:",
          "  type: http",
          `  url: ${target.urlOf(index)}`,
          `  interval: ${intervalSeconds}s`,
          "  timeout: 5s",
        ].join("\n"),
      );
    }
    writeFileSync(
      path.join(dir, `monitors-${String(first / MONITORS_PER_FILE).padStart(3, "0")}.yaml`),
      `${documents.join("\n---\n")}\n`,
    );
  }
}

async function scrape(url: string): Promise<{ samples: Sample[]; at: number; ms: number; bytes: number }> {
  const started = Date.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const at = Date.now();
  // The mid-point of the request: when the counters were read, as near as can be told.
  return {
    samples: parseExposition(text, [CHECKS, LATENESS, RUNTIME]),
    at: (started + at) / 2,
    ms: at - started,
    bytes: text.length,
  };
}

function summariseLateness(histogram: Histogram): ToolResult["lateness"] {
  return {
    observed: histogram.count,
    p50: histogramQuantile(histogram, 0.5),
    p99: histogramQuantile(histogram, 0.99),
    bucketBounds: histogram.buckets.map((bucket) => bucket.le).filter(Number.isFinite),
  };
}

/**
 * The store's size: the database file plus its write-ahead log on disk, and the pages in use as
 * SQLite itself counts them (log included), which is what the store holds once checkpointed. The
 * files grow in steps of log frames that are rewritten after each checkpoint; the pages don't.
 */
function measureStoreSize(dataDir: string): { fileBytes: number; pageBytes: number } {
  let fileBytes = 0;
  for (const suffix of ["", "-wal"]) {
    const file = path.join(dataDir, `nines.db${suffix}`);
    if (existsSync(file)) fileBytes += statSync(file).size;
  }
  const database = new SQLite(path.join(dataDir, "nines.db"), { readonly: true });
  try {
    const pragma = (name: string) => Number(database.pragma(name, { simple: true }));
    return { fileBytes, pageBytes: (pragma("page_count") - pragma("freelist_count")) * pragma("page_size") };
  } finally {
    database.close();
  }
}

/**
 * Growth of the pages in use over the window, and bytes per stored result from SQLite's dbstat
 * table after the server stopped (its last connection checkpoints the log into the database).
 */
function measureStorage(
  dataDir: string,
  before: { fileBytes: number; pageBytes: number },
  after: { fileBytes: number; pageBytes: number },
  monitors: number,
  windowSeconds: number,
  intervalSeconds: number,
): Storage {
  const perDay = 86_400 / windowSeconds;
  const detail: Record<string, number> = {
    pageGrowthBytes: after.pageBytes - before.pageBytes,
    fileGrowthBytes: after.fileBytes - before.fileBytes,
  };
  let bytesPerResult: number | undefined;
  const database = new SQLite(path.join(dataDir, "nines.db"), { readonly: true });
  try {
    const results = database.prepare("select count(*) as rows from monitor_results").get() as { rows: number };
    const objects = database
      .prepare(
        "select coalesce(m.tbl_name, s.name) as tbl, sum(s.pgsize) as bytes from dbstat s left join sqlite_master m on m.name = s.name group by tbl",
      )
      .all() as Array<{ tbl: string; bytes: number }>;
    for (const object of objects) detail[`table:${object.tbl}`] = object.bytes;
    const resultBytes = objects.find((object) => object.tbl === "monitor_results")?.bytes ?? 0;
    detail.resultRows = results.rows;
    detail.fileBytesAfterStop = statSync(path.join(dataDir, "nines.db")).size;
    if (results.rows > 0) bytesPerResult = resultBytes / results.rows;
  } finally {
    database.close();
  }
  return {
    bytesPerMonitorPerDay: ((after.pageBytes - before.pageBytes) / monitors) * perDay,
    ...(bytesPerResult === undefined ? {} : { bytesPerResult }),
    detail: { ...detail, resultsPerMonitorPerDay: 86_400 / intervalSeconds },
  };
}

/**
 * The embedded SQLite store is what is measured, whatever the calling shell has set, on the Node
 * that runs this benchmark; a profile is asked for through NODE_OPTIONS, as the launcher passes it on.
 */
function serverEnvironment(profileDir: string | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  env.PATH = [path.dirname(process.execPath), env.PATH].filter(Boolean).join(path.delimiter);
  if (profileDir)
    env.NODE_OPTIONS = [env.NODE_OPTIONS, "--cpu-prof", `--cpu-prof-dir=${profileDir}`].filter(Boolean).join(" ");
  return env;
}

function ninesVersion(): string {
  const { version } = JSON.parse(readFileSync(path.join(REPOSITORY, "package.json"), "utf8")) as { version: string };
  return `nines ${version}, node ${process.version}`;
}
