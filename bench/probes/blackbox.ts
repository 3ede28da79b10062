import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findFreePort, spawnPinned, waitForHttp } from "./process.js";
import type { RunSettings, ToolResult } from "./result.js";
import type { Target } from "./target.js";
import { openWindow } from "./window.js";

export const PROMETHEUS = "prometheus";
export const BLACKBOX = "prometheus-blackbox-exporter";

/**
 * Debian's Prometheus scraping Debian's blackbox_exporter once per target, as blackbox users set it
 * up: the targets in a file_sd file, relabelled into the exporter's `target` parameter. Both are
 * pinned to the same CPU, and a check is one scrape of /probe.
 */
export async function runBlackbox(settings: RunSettings, target: Target): Promise<ToolResult> {
  const { monitors, intervalSeconds, log } = settings;
  const dir = mkdtempSync(path.join(tmpdir(), "blackbox-bench-"));
  try {
    const [exporterPort, prometheusPort] = [await findFreePort(), await findFreePort()];
    writeConfig(dir, monitors, intervalSeconds, exporterPort, target);
    await target.reset(true);
    const started = Date.now();
    const exporter = spawnPinned("blackbox_exporter", settings.placement, BLACKBOX, [
      `--config.file=${path.join(dir, "blackbox.yml")}`,
      `--web.listen-address=127.0.0.1:${exporterPort}`,
      "--log.level=warn",
    ]);
    const prometheus = spawnPinned("prometheus", settings.placement, PROMETHEUS, [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "tsdb")}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
      "--log.level=warn",
    ]);
    try {
      await waitForHttp(`http://127.0.0.1:${exporterPort}/`, 60_000, exporter);
      await waitForHttp(`http://127.0.0.1:${prometheusPort}/-/ready`, 300_000, prometheus);
      const startupSeconds = (Date.now() - started) / 1000;
      log(`prometheus+blackbox: ready in ${startupSeconds.toFixed(1)} s; warming up ${settings.warmupSeconds} s`);
      await sleep(settings.warmupSeconds * 1000);

      const tsdbBefore = directoryBytes(path.join(dir, "tsdb"));
      const window = await openWindow(
        { prometheus: prometheus.pid, blackbox_exporter: exporter.pid },
        target,
        settings.placement,
      );
      log(`prometheus+blackbox: measuring ${settings.durationSeconds} s`);
      await sleep(settings.durationSeconds * 1000);
      const measured = await window.close();
      const tsdbGrowth = directoryBytes(path.join(dir, "tsdb")) - tsdbBefore;

      // Scrapes whose timestamps lie in the window, counted by Prometheus itself. A scrape appends
      // `up` after the exporter's samples, so the last ones of the window are given time to land.
      await sleep(2000);
      const range = `${Math.round(measured.seconds)}s`;
      const query = (expression: string) => instantQuery(prometheusPort, expression, measured.endedAt / 1000);
      const scrapes = await query(`sum(count_over_time(up{job="blackbox"}[${range}]))`);
      const successes = await query(`sum(sum_over_time(probe_success{job="blackbox"}[${range}]))`);
      const series = await headSeries(prometheusPort);
      const cpuSeconds = Object.values(measured.processes).reduce((sum, process) => sum + process.cpuSeconds, 0);
      const checksPerSecond = scrapes / Math.round(measured.seconds);
      return {
        tool: "prometheus+blackbox",
        version: `${versionOf(PROMETHEUS)}; ${versionOf(BLACKBOX)}`,
        monitors,
        intervalSeconds,
        startupSeconds,
        window: measured,
        checksPerSecond,
        failedChecks: scrapes - successes,
        scheduledPerSecond: monitors / intervalSeconds,
        cpuPerThousandChecks: (1000 * cpuSeconds) / (checksPerSecond * measured.seconds),
        storage: {
          bytesPerMonitorPerDay: (tsdbGrowth / monitors) * (86_400 / measured.seconds),
          detail: { tsdbWindowGrowthBytes: tsdbGrowth, seriesInHead: series },
        },
        notes: [
          "storage is the growth of Prometheus' TSDB directory (its write-ahead log until the first block is cut after 2 h), not comparable with Nines' database",
        ],
      };
    } finally {
      await Promise.all([prometheus.stop(), exporter.stop()]);
    }
  } finally {
    if (settings.keepTemp) log(`prometheus+blackbox: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function writeConfig(dir: string, monitors: number, intervalSeconds: number, exporterPort: number, target: Target) {
  const targets = Array.from({ length: monitors }, (_, index) => target.urlOf(index));
  writeFileSync(path.join(dir, "targets.json"), JSON.stringify([{ targets, labels: {} }]));
  // The module's timeout matches the Nines monitors' 5 s; the scrape timeout leaves it room.
  writeFileSync(
    path.join(dir, "blackbox.yml"),
    [
      "modules:",
      "  http_2xx:",
      "    prober: http",
      "    timeout: 5s",
      "    http:",
      "      preferred_ip_protocol: ip4",
      "",
    ].join("\n"),
  );
  writeFileSync(
    path.join(dir, "prometheus.yml"),
    [
      "global:",
      `  scrape_interval: ${intervalSeconds}s`,
      "  scrape_timeout: 10s",
      "scrape_configs:",
      "  - job_name: blackbox",
      "    metrics_path: /probe",
      "    params:",
      "      module: [http_2xx]",
      "    file_sd_configs:",
      `      - files: [${JSON.stringify(path.join(dir, "targets.json"))}]`,
      "    relabel_configs:",
      "      - source_labels: [__address__]",
      "        target_label: __param_target",
      "      - source_labels: [__param_target]",
      "        target_label: instance",
      "      - target_label: __address__",
      `        replacement: 127.0.0.1:${exporterPort}`,
      "",
    ].join("\n"),
  );
}

async function instantQuery(port: number, expression: string, time: number): Promise<number> {
  const url = new URL(`http://127.0.0.1:${port}/api/v1/query`);
  url.searchParams.set("query", expression);
  url.searchParams.set("time", time.toFixed(3));
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { result: Array<{ value: [number, string] }> };
  };
  if (body.status !== "success") throw new Error(`prometheus query ${expression} failed: ${body.error}`);
  return Number(body.data?.result[0]?.value[1] ?? 0);
}

async function headSeries(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/status/tsdb`, { signal: AbortSignal.timeout(60_000) });
  const body = (await response.json()) as { data?: { headStats?: { numSeries?: number } } };
  return body.data?.headStats?.numSeries ?? 0;
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

export function versionOf(command: string): string {
  const result = spawnSync(command, ["--version"], { encoding: "utf8" });
  const firstLine = `${result.stdout ?? ""}${result.stderr ?? ""}`.split("\n")[0] ?? "";
  return firstLine.trim() || `${command} (version unknown)`;
}
