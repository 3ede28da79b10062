import type { Summary } from "../stats.js";
import type { IngestComparison } from "./ingest-compare.js";
import type { PrometheusRulesResult } from "./prometheus-rules.js";

/**
 * The tables and target lines `npm run bench:slo` prints (and BENCHMARKS.md quotes): Nines beside
 * Prometheus with Sloth's rules per size, then each target of issue #8 with PASS or FAIL and the
 * ratio against Prometheus.
 */

export interface EngineFigures {
  slos: number;
  startMs: number;
  firstCycleMs: number;
  advanceMs: Summary;
  withinMs: Summary;
  withNumbers: number;
  firing: number;
  memory: { heapUsedPerSlo: number; arrayBuffersPerSlo: number; rssPerSlo: number };
}

export interface RestartFigures {
  restartMs: number;
  openStoreMs: number;
  sinceProcessStartMs: number;
  withNumbers: number;
}

export interface InProcessIngest {
  samplesPerSecond: number;
  samples: number;
  seconds: number;
}

export interface SizeResult {
  slos: number;
  engine: EngineFigures;
  restart: RestartFigures;
  ingest: InProcessIngest | null;
  prometheus: PrometheusRulesResult | null;
}

export interface EmptyPrometheus {
  heapInuseBytes: number;
  rssBytes: number;
}

const thousands = (value: number) => Math.round(value).toLocaleString("en-US");
const ms = (value: number) => (value >= 100 ? thousands(value) : value.toFixed(1));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (ours: number, theirs: number | undefined) =>
  theirs === undefined || theirs <= 0 ? "n/a" : (ours / theirs).toPrecision(2);

export const ninesBytesPerSlo = (engine: EngineFigures) =>
  engine.memory.heapUsedPerSlo + engine.memory.arrayBuffersPerSlo;

export const prometheusBytesPerSlo = (result: PrometheusRulesResult, empty: EmptyPrometheus | null) =>
  (result.heapInuseBytes - (empty?.heapInuseBytes ?? 0)) / result.slos;

export function formatSizes(sizes: readonly SizeResult[], empty: EmptyPrometheus | null): string {
  const header = `| One core each | ${sizes.map((size) => `${thousands(size.slos)} SLOs`).join(" | ")} |`;
  const rows: [string, (size: SizeResult) => string][] = [
    [
      "Nines: cycle crossing a minute, median / p95 ms",
      (s) => `${ms(s.engine.advanceMs.median)} / ${ms(s.engine.advanceMs.p95)}`,
    ],
    [
      "Nines: cycle within a minute, median / p95 ms",
      (s) => `${ms(s.engine.withinMs.median)} / ${ms(s.engine.withinMs.p95)}`,
    ],
    [
      "Prometheus: CPU per round of every group, ms",
      (s) => (s.prometheus ? ms(1000 * s.prometheus.round.cpuSeconds) : "–"),
    ],
    [
      "Prometheus: sum of groups' last duration, ms (sli / meta / alerts)",
      (s) => {
        const p = s.prometheus;
        if (!p) return "–";
        // On a saturated core every group waits behind the others, and its duration says so.
        if (p.missedIterations > 0) return "n/a: the core is saturated, groups queue behind each other";
        const kinds = p.round.byKind;
        return `${ms(1000 * p.round.groupDurationSumSeconds)} (${ms(1000 * kinds["sli-recordings"])} / ${ms(1000 * kinds["meta-recordings"])} / ${ms(1000 * kinds.alerts)})`;
      },
    ],
    [
      "Prometheus: missed iterations / evaluation failures",
      (s) =>
        s.prometheus
          ? `${thousands(s.prometheus.missedIterations)} / ${thousands(s.prometheus.evaluationFailures)}`
          : "–",
    ],
    [
      "Nines p95 cycle ÷ Prometheus CPU per round",
      (s) => ratio(s.engine.advanceMs.p95, s.prometheus ? 1000 * s.prometheus.round.cpuSeconds : undefined),
    ],
    [
      "Memory per SLO: Nines heap + array buffers / Prometheus Go heap in use (less an empty Prometheus)",
      (s) =>
        `${kb(ninesBytesPerSlo(s.engine))} / ${s.prometheus ? kb(prometheusBytesPerSlo(s.prometheus, empty)) : "–"}`,
    ],
    [
      "Nines: RSS growth per SLO / Prometheus RSS",
      (s) =>
        `${kb(s.engine.memory.rssPerSlo)} / ${s.prometheus ? `${thousands(s.prometheus.rssBytes / 2 ** 20)} MiB` : "–"}`,
    ],
    [
      "Restart: Nines start() until numbers, s / Prometheus start until ready, s",
      (s) =>
        `${(s.restart.restartMs / 1000).toFixed(2)} / ${s.prometheus ? s.prometheus.readySeconds.toFixed(1) : "–"}`,
    ],
    [
      "… Nines from process start, s / Prometheus until every group evaluated once, s",
      (s) =>
        `${(s.restart.sinceProcessStartMs / 1000).toFixed(2)} / ${s.prometheus?.firstRoundSeconds?.toFixed(1) ?? "–"}`,
    ],
    [
      "History Prometheus held: 5m ratios / raw counters, hours",
      (s) => (s.prometheus ? `${s.prometheus.history.hours} / ${s.prometheus.history.rawHours.toFixed(1)}` : "–"),
    ],
    [
      "… backfilled: samples, seconds",
      (s) =>
        s.prometheus
          ? `${(s.prometheus.history.samples / 1e6).toFixed(1)} M, ${s.prometheus.history.seconds.toFixed(0)} s`
          : "–",
    ],
    [
      "SLOs with numbers: Nines / Prometheus 30d ratios",
      (s) => `${thousands(s.engine.withNumbers)} / ${s.prometheus ? thousands(s.prometheus.results.ratio30d) : "–"}`,
    ],
    [
      "Firing burn alerts: Nines / Prometheus",
      (s) => `${thousands(s.engine.firing)} / ${s.prometheus ? thousands(s.prometheus.results.firingAlerts) : "–"}`,
    ],
    [
      "Nines ingest in-process (decode + count), samples/s",
      (s) => (s.ingest ? thousands(s.ingest.samplesPerSecond) : "–"),
    ],
  ];
  return [
    header,
    `|---|${sizes.map(() => "---:").join("|")}|`,
    ...rows.map(([label, cell]) => `| ${label} | ${sizes.map(cell).join(" | ")} |`),
  ].join("\n");
}

export function formatIngest(ingest: IngestComparison): string {
  const { nines, prometheus, stream } = ingest;
  const row = (label: string, value: (result: typeof nines) => string) =>
    `| ${label} | ${value(nines)} | ${value(prometheus)} |`;
  return [
    `| remote_write, ${thousands(stream.series)} series, ${stream.selectedPercent}% selected, ${stream.batch} a request, ${stream.concurrency} at a time | Nines | Prometheus |`,
    "|---|---:|---:|",
    row("samples/s", (r) => thousands(r.samplesPerSecond)),
    row("share of the core", (r) => `${(100 * r.coreShare).toFixed(0)}%`),
    row("samples per CPU second", (r) => thousands(r.samplesPerCpuSecond)),
    row("RSS at the end, MiB", (r) => thousands(r.rssBytes / 2 ** 20)),
  ].join("\n");
}

export interface Target {
  name: string;
  pass: boolean;
  measured: string;
}

export function evaluateTargets(
  sizes: readonly SizeResult[],
  ingest: IngestComparison | null,
  empty: EmptyPrometheus | null,
): Target[] {
  const largest = sizes.at(-1);
  if (!largest) return [];
  const at = `at ${thousands(largest.slos)} SLOs`;
  const p = largest.prometheus;
  const targets: Target[] = [
    {
      name: `evaluation cycle under 200 ms ${at}`,
      pass: largest.engine.advanceMs.p95 < 200,
      measured: `${ms(largest.engine.advanceMs.median)} ms median, ${ms(largest.engine.advanceMs.p95)} ms p95 (crossing a minute); ${ratio(largest.engine.advanceMs.p95, p ? 1000 * p.round.cpuSeconds : undefined)}x Prometheus' CPU per round`,
    },
    {
      name: `memory per SLO under 20 KB ${at}`,
      pass: ninesBytesPerSlo(largest.engine) < 20 * 1024,
      measured: `${kb(ninesBytesPerSlo(largest.engine))}; ${p ? ratio(ninesBytesPerSlo(largest.engine), prometheusBytesPerSlo(p, empty)) : "n/a"}x Prometheus'`,
    },
    {
      name: `restart under 10 s ${at}`,
      pass: largest.restart.restartMs < 10_000,
      measured: `${(largest.restart.restartMs / 1000).toFixed(2)} s; ${ratio(largest.restart.restartMs / 1000, p?.readySeconds)}x Prometheus' start until ready`,
    },
  ];
  if (ingest)
    targets.push({
      name: "remote_write ingest >= 500,000 samples/s on one core and >= Prometheus' receiver",
      pass:
        ingest.nines.samplesPerSecond >= 500_000 && ingest.nines.samplesPerSecond >= ingest.prometheus.samplesPerSecond,
      measured: `${thousands(ingest.nines.samplesPerSecond)}/s over HTTP; ${ratio(ingest.nines.samplesPerSecond, ingest.prometheus.samplesPerSecond)}x Prometheus' ${thousands(ingest.prometheus.samplesPerSecond)}/s`,
    });
  return targets;
}

export const formatTargets = (targets: readonly Target[]) =>
  targets.map((target) => `${target.pass ? "PASS" : "FAIL"}  ${target.name}: ${target.measured}`).join("\n");
