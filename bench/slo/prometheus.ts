import { writeFileSync } from "node:fs";
import path from "node:path";
import { type Child, findFreePort, type Placement, spawnPinned, waitForHttp } from "../probes/process.js";

/**
 * Debian's Prometheus as the benchmark runs it: on one core (`taskset`, GOMAXPROCS=1), listening
 * on 127.0.0.1 only, with its remote_write receiver on, plus reading its own metrics and queries.
 */

export const PROMETHEUS = "/usr/bin/prometheus";

export interface RunningPrometheus {
  child: Child;
  port: number;
  url: string;
  /** From the spawn until /-/ready answered. */
  readySeconds: number;
}

export async function startPrometheus(options: {
  dir: string;
  placement: Placement;
  config: string;
  extraArgs?: string[];
}): Promise<RunningPrometheus> {
  const port = await findFreePort();
  const config = path.join(options.dir, "prometheus.yml");
  writeFileSync(config, options.config);
  const started = performance.now();
  const child = spawnPinned(
    "prometheus",
    options.placement,
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(options.dir, "tsdb")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--web.enable-remote-write-receiver",
      "--log.level=warn",
      ...(options.extraArgs ?? []),
    ],
    { env: { ...process.env, GOMAXPROCS: "1" } },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/-/ready`, 600_000, child);
  return { child, port, url, readySeconds: (performance.now() - started) / 1000 };
}

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus' own /metrics, the samples whose names start with one of `prefixes`. */
export async function scrapeOwnMetrics(url: string, prefixes: readonly string[]): Promise<MetricSample[]> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(120_000) });
  const text = await response.text();
  const samples: MetricSample[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || !prefixes.some((prefix) => line.startsWith(prefix))) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, "$1");
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

export const sumOf = (samples: readonly MetricSample[], name: string) =>
  samples.filter((sample) => sample.name === name).reduce((sum, sample) => sum + sample.value, 0);

/** One number from an instant query (the first series' value, or 0 with no result). */
export async function queryNumber(url: string, expression: string): Promise<number> {
  const address = new URL(`${url}/api/v1/query`);
  address.searchParams.set("query", expression);
  const response = await fetch(address, { signal: AbortSignal.timeout(120_000) });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { result: Array<{ value: [number, string] }> };
  };
  if (body.status !== "success") throw new Error(`prometheus query ${expression} failed: ${body.error}`);
  return Number(body.data?.result[0]?.value[1] ?? 0);
}

/** Prometheus started with no data and no rules: its own heap and RSS, taken off per-SLO figures. */
export async function measureEmptyPrometheus(dir: string, placement: Placement) {
  const prometheus = await startPrometheus({ dir, placement, config: "global:\n  evaluation_interval: 30s\n" });
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const samples = await scrapeOwnMetrics(prometheus.url, ["go_memstats_heap_inuse_bytes", "process_resident"]);
    return {
      heapInuseBytes: sumOf(samples, "go_memstats_heap_inuse_bytes"),
      rssBytes: sumOf(samples, "process_resident_memory_bytes"),
      readySeconds: prometheus.readySeconds,
    };
  } finally {
    await prometheus.child.stop();
  }
}
