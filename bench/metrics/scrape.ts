import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createProbeMetrics } from "../../src/probes/prometheus.js";
import { createMetrics } from "../../src/server/metrics.js";
import { writeResultsFile } from "../results-file.js";

/**
 * The size of `/metrics` and the time to build it at N monitors, without a server or checks: each
 * monitor gets the record one plain-HTTP check leaves (as in bench/probes: connect, processing and
 * transfer phases, status 200), then the registry formats the whole text, as the route does, S
 * times. Writes a new file in bench/metrics/results/. See BENCHMARKS.md.
 */
const { values: options } = parseArgs({
  options: {
    monitors: { type: "string", default: "10000" },
    scrapes: { type: "string", default: "20" },
  },
});
const monitors = bounded("monitors", 1, 50_000);
const scrapes = bounded("scrapes", 3, 200);
const WARMUP_SCRAPES = 3;

function bounded(name: keyof typeof options, min: number, max: number): number {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
}

const nearestRank = (sorted: readonly number[], q: number) =>
  sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] as number;

async function main() {
  const metrics = createMetrics();
  const probes = createProbeMetrics(metrics.registry);
  for (let id = 1; id <= monitors; id++) {
    const monitor = { id, name: `service-${id}`, type: "http" as const };
    probes.observeResult(monitor, {
      monitorId: id,
      startedAt: Date.UTC(2026, 0, 1),
      status: "up",
      durationMs: 1.2,
      statusCode: 200,
      timings: { connect: 0.21, firstByte: 0.74, transfer: 0.08 },
    });
  }

  let text = "";
  for (let warmup = 0; warmup < WARMUP_SCRAPES; warmup++) text = await metrics.registry.metrics();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const times: number[] = [];
  for (let scrape = 0; scrape < scrapes; scrape++) {
    const started = performance.now();
    text = await metrics.registry.metrics();
    times.push(performance.now() - started);
    // Let the delay histogram see the loop between scrapes.
    await new Promise((resolve) => setImmediate(resolve));
  }
  delay.disable();

  const bytes = Buffer.byteLength(text);
  const lines = text.split("\n");
  const series = lines.filter((line) => line !== "" && !line.startsWith("#")).length;
  const perMonitorSeries = lines.filter((line) => line.includes('monitor="')).length;
  const sorted = [...times].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const scrapeMs = {
    median: round(nearestRank(sorted, 0.5)),
    p95: round(nearestRank(sorted, 0.95)),
    max: round(sorted.at(-1) as number),
  };
  console.log(
    `${monitors.toLocaleString("en")} monitors: /metrics is ${(bytes / 1e6).toFixed(2)} MB, ${series.toLocaleString("en")} series (${perMonitorSeries.toLocaleString("en")} of them per monitor); built in ${scrapeMs.median} ms median, ${scrapeMs.p95} ms p95, ${scrapeMs.max} ms max over ${scrapes} scrapes; longest event-loop delay ${round(delay.max / 1e6)} ms`,
  );
  const file = writeResultsFile(
    path.resolve("bench/metrics/results"),
    {
      date: new Date().toISOString(),
      machine: {
        cpu: os.cpus()[0]?.model ?? "unknown",
        cores: os.cpus().length,
        node: process.version,
        loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
      },
      settings: { monitors, scrapes, warmupScrapes: WARMUP_SCRAPES },
      bytes,
      series,
      perMonitorSeries,
      scrapeMs,
      samplesMs: times.map(round),
      eventLoopDelayMaxMs: round(delay.max / 1e6),
    },
    { repository: process.cwd() },
  );
  console.log(`saved to ${path.relative(process.cwd(), file)}`);
}

await main();
