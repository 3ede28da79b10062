import type { Quantile } from "./exposition.js";
import type { ToolResult } from "./result.js";

/** One Markdown table per number of monitors: Nines beside Prometheus + blackbox_exporter. */
export function formatTable(nines: ToolResult | undefined, blackbox: ToolResult | undefined): string {
  const any = (nines ?? blackbox) as ToolResult;
  const rows: Array<[string, string, string, string]> = [];
  const row = (label: string, format: (result: ToolResult) => string, ratio = "") =>
    rows.push([label, nines ? format(nines) : "–", blackbox ? format(blackbox) : "–", ratio]);
  const ratio = (value: (result: ToolResult) => number) =>
    nines && blackbox ? (value(nines) / value(blackbox)).toFixed(2) : "";

  row("checks/s achieved / scheduled", (r) => `${r.checksPerSecond.toFixed(1)} / ${r.scheduledPerSecond.toFixed(1)}`);
  row("achieved ÷ scheduled", (r) => percent(r.checksPerSecond / r.scheduledPerSecond));
  row("failed checks in the window", (r) => String(Math.round(r.failedChecks)));
  row(
    "CPU s per 1,000 checks",
    (r) => cpuPerThousand(r),
    ratio((r) => r.cpuPerThousandChecks),
  );
  row("share of the core", (r) => percent(totalCpu(r) / r.window.seconds));
  // Node runs JavaScript on its main thread, so the other threads are V8's helpers (garbage
  // collection, compilation) and libuv's pool; Go spreads its work over threads, so no split there.
  row("of that: kernel (system time) / Node threads other than the main one", (r) => {
    const processes = Object.values(r.window.processes);
    const system = processes.reduce((sum, { threads }) => sum + threads.main.system + threads.others.system, 0);
    const nines = r.window.processes.nines?.threads.others;
    return `${percent(system / totalCpu(r))} / ${nines ? percent((nines.user + nines.system) / totalCpu(r)) : "n/a"}`;
  });
  row(
    "RSS peak since start (VmHWM), MiB",
    (r) => memory(r, "peakRssBytes"),
    ratio((r) => sumMemory(r, "peakRssBytes")),
  );
  row(
    "RSS peak in the window, MiB",
    (r) => memory(r, "windowPeakRssBytes"),
    ratio((r) => sumMemory(r, "windowPeakRssBytes")),
  );
  row("RSS at the end, MiB", (r) => memory(r, "endRssBytes"));
  row("start lateness p50 / p99, s (own histogram)", (r) =>
    r.lateness ? `${quantile(r.lateness.p50)} / ${quantile(r.lateness.p99)}` : "n/a",
  );
  row("event loop delay p99 / max, ms", (r) =>
    r.runtime
      ? `${(1000 * r.runtime.eventLoopDelayP99Seconds).toFixed(0)} / ${(1000 * r.runtime.eventLoopDelayMaxSeconds).toFixed(0)}`
      : "n/a",
  );
  row("interval jitter at the target p50 / p99 / max, ms", (r) => {
    const { p50, p99, max } = r.window.target.stats.jitterMs;
    return `${p50 ?? "–"} / ${p99 ?? "–"} / ${max ?? "–"}`;
  });
  row("missed slots seen by the target", (r) => String(r.window.target.stats.missedSlots));
  row("store growth, bytes per monitor per day", (r) =>
    r.storage.bytesPerResult === undefined
      ? `${thousands(r.storage.bytesPerMonitorPerDay)} (TSDB)`
      : `${thousands(r.storage.bytesPerMonitorPerDay)} (${thousands(r.storage.bytesPerResult * (r.storage.detail.resultsPerMonitorPerDay ?? 0))} from ${r.storage.bytesPerResult.toFixed(0)} B/result)`,
  );
  row("target CPU s per 1,000 requests", (r) =>
    r.window.target.stats.requests > 0
      ? ((1000 * r.window.target.cpuSeconds) / r.window.target.stats.requests).toFixed(3)
      : "–",
  );
  row("other processes' share of the tool's core", (r) => percent(r.window.core.othersShare));
  row("startup until loaded, s", (r) => r.startupSeconds.toFixed(1));

  const header = `${thousands(any.monitors)} monitors every ${any.intervalSeconds} s, ${Math.round(any.window.seconds)} s measured`;
  const lines = [
    `| ${header} | Nines | Prometheus + blackbox_exporter | Nines ÷ P+B |`,
    "|---|---:|---:|---:|",
    ...rows.map((cells) => `| ${cells.join(" | ")} |`),
  ];
  return lines.join("\n");
}

const totalCpu = (result: ToolResult) =>
  Object.values(result.window.processes).reduce((sum, process) => sum + process.cpuSeconds, 0);

function cpuPerThousand(result: ToolResult): string {
  const total = result.cpuPerThousandChecks.toFixed(3);
  const names = Object.keys(result.window.processes);
  if (names.length < 2) return total;
  const checks = result.checksPerSecond * result.window.seconds;
  const parts = names.map(
    (name) => `${short(name)} ${((1000 * (result.window.processes[name]?.cpuSeconds ?? 0)) / checks).toFixed(3)}`,
  );
  return `${total} (${parts.join(" + ")})`;
}

type MemoryField = "peakRssBytes" | "windowPeakRssBytes" | "endRssBytes";

const sumMemory = (result: ToolResult, field: MemoryField) =>
  Object.values(result.window.processes).reduce((sum, process) => sum + process[field], 0);

function memory(result: ToolResult, field: MemoryField): string {
  const names = Object.keys(result.window.processes);
  const total = mib(sumMemory(result, field));
  if (names.length < 2) return total;
  return `${total} (${names.map((name) => `${short(name)} ${mib(result.window.processes[name]?.[field] ?? 0)}`).join(" + ")})`;
}

const short = (name: string) => (name === "prometheus" ? "P" : name === "blackbox_exporter" ? "B" : name);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const percent = (fraction: number) => `${(100 * fraction).toFixed(1)}%`;
const thousands = (value: number) => Math.round(value).toLocaleString("en-US");

function quantile(value: Quantile | null): string {
  if (!value) return "–";
  if (value.upper === Infinity) return `> ${value.lower}`;
  return `${value.estimate.toFixed(3)} (in ${value.lower}–${value.upper})`;
}

/** The middle value and the range of one figure over the rounds of `--repeat`. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The median (the mean of the two middle values for an even count), minimum and maximum. */
export function measureSpread(values: readonly number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number };
}

interface SpreadFigure {
  label: string;
  value: (result: ToolResult) => number | undefined;
  digits: number;
}

const SPREAD_FIGURES: SpreadFigure[] = [
  { label: "checks/s achieved", value: (r) => r.checksPerSecond, digits: 1 },
  { label: "CPU s per 1,000 checks", value: (r) => r.cpuPerThousandChecks, digits: 3 },
  { label: "share of the core, %", value: (r) => (100 * totalCpu(r)) / r.window.seconds, digits: 1 },
  { label: "RSS peak since start, MiB", value: (r) => sumMemory(r, "peakRssBytes") / 2 ** 20, digits: 0 },
  { label: "RSS peak in the window, MiB", value: (r) => sumMemory(r, "windowPeakRssBytes") / 2 ** 20, digits: 0 },
  { label: "start lateness p99, s", value: (r) => r.lateness?.p99?.estimate, digits: 3 },
  {
    label: "interval jitter p99 at the target, ms",
    value: (r) => r.window.target.stats.jitterMs.p99 ?? undefined,
    digits: 0,
  },
  { label: "other processes' share of the tool's core, %", value: (r) => 100 * r.window.core.othersShare, digits: 1 },
];

/** Each figure over the rounds, per tool, as `median (min–max)`: how far one run can be trusted. */
export function formatSpread(nines: readonly ToolResult[], blackbox: readonly ToolResult[]): string {
  const any = (nines[0] ?? blackbox[0]) as ToolResult;
  const rounds = Math.max(nines.length, blackbox.length);
  const cell = (results: readonly ToolResult[], figure: SpreadFigure) => {
    const values = results.map(figure.value).filter((value): value is number => value !== undefined);
    const spread = measureSpread(values);
    if (!spread) return "–";
    const format = (value: number) => value.toFixed(figure.digits);
    return `${format(spread.median)} (${format(spread.min)}–${format(spread.max)})`;
  };
  const header = `${thousands(any.monitors)} monitors, ${rounds} rounds: median (min–max)`;
  return [
    `| ${header} | Nines | Prometheus + blackbox_exporter |`,
    "|---|---:|---:|",
    ...SPREAD_FIGURES.map((figure) => `| ${figure.label} | ${cell(nines, figure)} | ${cell(blackbox, figure)} |`),
  ].join("\n");
}
