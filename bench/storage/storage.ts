import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { pino } from "pino";
import { insertObject } from "../../src/config/objects.js";
import { createManualClock } from "../../src/core/clock.js";
import { monitorDocument } from "../../src/probes/model.js";
import { createRetentionJob, ROLLUP_DELAY_MS } from "../../src/probes/retention.js";
import { type MonitorResult, recordResults } from "../../src/probes/store.js";
import { openStore, type Store } from "../../src/store/database.js";
import { writeResultsFile } from "../results-file.js";

/**
 * Storage growth on SQLite: N monitors checked every 30 s for D simulated days, written through
 * `recordResults` in batches as the probe engine writes them, with the retention job run after
 * every simulated hour on a manual clock. Prints bytes per monitor per day of raw results and of
 * hourly rollups, measured with SQLite's dbstat (pages, indexes included), and writes them to a
 * new file in bench/storage/results/. See BENCHMARKS.md.
 */
const { values: options } = parseArgs({
  options: {
    monitors: { type: "string", default: "100" },
    days: { type: "string", default: "9" },
    interval: { type: "string", default: "30" },
    "raw-retention": { type: "string", default: "7" },
    keep: { type: "boolean", default: false },
  },
});
const monitors = bounded("monitors", 1, 10_000);
const days = bounded("days", 1, 60);
const intervalMs = bounded("interval", 1, 3600) * 1000;
const rawRetentionDays = bounded("raw-retention", 1, 30);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 1);
const BATCH = 500;

function bounded(name: keyof typeof options, min: number, max: number): number {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
}

/** A reproducible stream of numbers in [0, 1). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** An hour of results as an HTTP check writes them: phase timings, a status code, an error when down. */
function simulateHour(ids: number[], hourStart: number, random: () => number): MonitorResult[] {
  const results: MonitorResult[] = [];
  ids.forEach((monitorId, index) => {
    const offset = Math.floor((index / ids.length) * intervalMs);
    for (let at = hourStart + offset; at < hourStart + HOUR; at += intervalMs) {
      const roll = random();
      const firstByte = 20 + 60 * random() ** 3;
      // Rounded to 0.01 ms, as the checks store them.
      const round = (ms: number) => Math.round(ms * 100) / 100;
      const timings = {
        dns: round(0.4 + random()),
        connect: round(1 + random()),
        tls: round(4 + 3 * random()),
        firstByte: round(firstByte),
        transfer: round(0.3 * random()),
      };
      const durationMs = round(timings.dns + timings.connect + timings.tls + timings.firstByte + timings.transfer);
      if (roll < 0.002) {
        results.push({ monitorId, startedAt: at, status: "down", durationMs: 5000, error: "timed out after 5 s" });
      } else {
        results.push({
          monitorId,
          startedAt: at,
          status: roll < 0.01 ? "degraded" : "up",
          durationMs,
          statusCode: 200,
          timings,
        });
      }
    }
  });
  return results;
}

async function measureTables(store: Store): Promise<Map<string, { bytes: number; rows: number }>> {
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(store.db);
  const pages = await sql<{
    name: string;
    bytes: number;
  }>`select name, sum(pgsize) as bytes from dbstat group by name`.execute(store.db);
  const bytes = new Map(pages.rows.map((row) => [row.name, Number(row.bytes)]));
  const count = async (table: "monitor_results" | "monitor_rollups") =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirst()
      )?.n,
    );
  return new Map([
    [
      "raw results",
      {
        bytes: (bytes.get("monitor_results") ?? 0) + (bytes.get("monitor_results_monitor_time") ?? 0),
        rows: await count("monitor_results"),
      },
    ],
    ["hourly rollups", { bytes: bytes.get("monitor_rollups") ?? 0, rows: await count("monitor_rollups") }],
  ]);
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nines-bench-storage-"));
  const store = await openStore({ dataDir: dir });
  const clock = createManualClock(START);
  const job = createRetentionJob({
    store,
    clock,
    logger: pino({ level: "silent" }),
    rawRetentionMs: rawRetentionDays * DAY,
  });
  try {
    const ids: number[] = [];
    for (let index = 0; index < monitors; index++) {
      const document = monitorDocument.parse({
        apiVersion: "nines/v1",
        kind: "Monitor",
        metadata: { name: `service-${index}` },
        spec: {
          type: "http",
          url: `https://service-${index}.example/health`,
          interval: `${intervalMs / 1000}s`,
          timeout: "5s",
        },
      });
      ids.push((await insertObject(store.db, document, START)).id);
    }
    const random = createRandom(1);
    const started = performance.now();
    let retentionMs = 0;
    let longestStallMs = 0;
    for (let hour = 0; hour < days * 24; hour++) {
      const results = simulateHour(ids, START + hour * HOUR, random);
      for (let first = 0; first < results.length; first += BATCH)
        await recordResults(store.db, results.slice(first, first + BATCH));
      clock.set(START + (hour + 1) * HOUR + ROLLUP_DELAY_MS);
      // A fresh histogram per run: one re-enabled would count the time it was off as a stall.
      const stall = monitorEventLoopDelay({ resolution: 1 });
      const runStarted = performance.now();
      stall.enable();
      await job.runOnce();
      stall.disable();
      retentionMs += performance.now() - runStarted;
      longestStallMs = Math.max(longestStallMs, stall.max / 1e6);
      if ((hour + 1) % 24 === 0)
        console.error(
          `day ${(hour + 1) / 24} of ${days} simulated (${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
    }

    const tables = await measureTables(store);
    const checksPerDay = DAY / intervalMs;
    console.log(
      `\n${monitors} monitors, one check every ${intervalMs / 1000} s, ${days} days simulated, raw results kept ${rawRetentionDays} days\n`,
    );
    console.log("| Data | Rows | Bytes (pages, indexes included) | Bytes per row | Bytes per monitor per day |");
    console.log("|---|---:|---:|---:|---:|");
    const perDay = new Map<string, number>();
    const measured: Array<{
      data: string;
      rows: number;
      bytes: number;
      bytesPerRow: number;
      bytesPerMonitorPerDay: number;
    }> = [];
    for (const [label, { bytes, rows }] of tables) {
      const rowsPerMonitorDay = label === "raw results" ? checksPerDay : 24;
      const perRow = rows > 0 ? bytes / rows : 0;
      perDay.set(label, perRow * rowsPerMonitorDay);
      measured.push({
        data: label,
        rows,
        bytes,
        bytesPerRow: perRow,
        bytesPerMonitorPerDay: perRow * rowsPerMonitorDay,
      });
      console.log(
        `| ${label} | ${rows.toLocaleString("en")} | ${bytes.toLocaleString("en")} | ${perRow.toFixed(1)} | ${Math.round(perRow * rowsPerMonitorDay).toLocaleString("en")} |`,
      );
    }
    const raw = perDay.get("raw results") ?? 0;
    const rollup = perDay.get("hourly rollups") ?? 0;
    const steady = raw * rawRetentionDays + rollup * 400;
    console.log(
      `\nPer monitor: ${formatBytes(raw)} a day while raw, ${formatBytes(rollup)} a day once rolled up; with ${rawRetentionDays} days raw and 400 days of rollups the store holds ${formatBytes(steady)} per monitor (${formatBytes(steady * 10_000)} for 10,000 monitors), and then stops growing.`,
    );
    console.log(
      `Retention runs: ${(retentionMs / 1000).toFixed(1)} s in all for ${days * 24} runs; longest event-loop stall during them ${longestStallMs.toFixed(1)} ms.`,
    );
    const file = writeResultsFile(
      path.resolve("bench/storage/results"),
      {
        date: new Date().toISOString(),
        machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, node: process.version },
        settings: { monitors, days, intervalSeconds: intervalMs / 1000, rawRetentionDays, rollupRetentionDays: 400 },
        tables: measured,
        perMonitor: { rawBytesPerDay: raw, rollupBytesPerDay: rollup, steadyStateBytes: steady },
        retention: { runs: days * 24, totalSeconds: retentionMs / 1000, longestStallMs },
      },
      { repository: process.cwd() },
    );
    console.log(`\nsaved to ${path.relative(process.cwd(), file)}`);
  } finally {
    await store.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
    else console.error(`kept ${dir}`);
  }
}

function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

await main();
