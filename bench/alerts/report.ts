import type { Quantiles, ToolResult } from "./measure.js";

/**
 * What `npm run bench:alerts` prints and BENCHMARKS.md quotes: both tools side by side, the ratios,
 * and issue #9's targets with PASS or FAIL.
 */
export interface Target {
  name: string;
  pass: boolean;
  detail: string;
}

const thousands = (value: number) => Math.round(value).toLocaleString("en-US");
const ms = (value: number) => (Math.abs(value) >= 100 ? thousands(value) : value.toFixed(1));
const ratio = (ours: number, theirs: number) => (theirs > 0 ? (ours / theirs).toFixed(2) : "n/a");
const latencyCell = (q: Quantiles) => `${ms(q.p50)} / ${ms(q.p99)} / ${ms(q.max)} ms`;

export function formatComparison(nines: ToolResult, alertmanager: ToolResult | null): string {
  const rows: [string, (result: ToolResult) => string, ((n: ToolResult, a: ToolResult) => string)?][] = [
    [
      "new alerts: alerts/s (wall)",
      (r) => thousands(r.fresh.alertsPerSecond),
      (n, a) => ratio(n.fresh.alertsPerSecond, a.fresh.alertsPerSecond),
    ],
    [
      "new alerts: server CPU s / share of its core",
      (r) => `${r.fresh.cpuSeconds} s / ${Math.round(r.fresh.coreShare * 100)}%`,
    ],
    [
      "new alerts: alerts per CPU second",
      (r) => thousands(r.fresh.alertsPerCpuSecond),
      (n, a) => ratio(n.fresh.alertsPerCpuSecond, a.fresh.alertsPerCpuSecond),
    ],
    [
      "resends: alerts/s (wall)",
      (r) => (r.resend ? thousands(r.resend.alertsPerSecond) : "-"),
      (n, a) => (n.resend && a.resend ? ratio(n.resend.alertsPerSecond, a.resend.alertsPerSecond) : "n/a"),
    ],
    [
      "resends: server CPU s / share of its core",
      (r) => (r.resend ? `${r.resend.cpuSeconds} s / ${Math.round(r.resend.coreShare * 100)}%` : "-"),
    ],
    [
      "resends: alerts per CPU second",
      (r) => (r.resend ? thousands(r.resend.alertsPerCpuSecond) : "-"),
      (n, a) => (n.resend && a.resend ? ratio(n.resend.alertsPerCpuSecond, a.resend.alertsPerCpuSecond) : "n/a"),
    ],
    [
      "after group_wait, from the first alert's send: p50 / p99 / max",
      (r) => latencyCell(r.latency.fromSent),
      (n, a) => ratio(n.latency.fromSent.p99, a.latency.fromSent.p99),
    ],
    [
      "… from the answer to its request: p50 / p99 / max",
      (r) => latencyCell(r.latency.fromAccepted),
      (n, a) => ratio(n.latency.fromAccepted.p99, a.latency.fromAccepted.p99),
    ],
    [
      "groups notified / with every alert / notifications",
      (r) =>
        `${thousands(r.latency.notified)} / ${thousands(r.latency.complete)} / ${thousands(r.latency.notifications)}`,
    ],
    ["CPU s from the first new alert until every group was notified", (r) => r.cpuUntilNotified.toFixed(2)],
    ["RSS at the end", (r) => `${Math.round(r.rssBytes / 2 ** 20)} MiB`],
  ];
  const lines = [
    `| ${nines.latency.groups} groups x ${nines.fresh.alerts / nines.latency.groups} alerts | Nines | Alertmanager | Nines / Alertmanager |`,
    "|---|---:|---:|---:|",
  ];
  for (const [label, cell, compare] of rows)
    lines.push(
      `| ${label} | ${cell(nines)} | ${alertmanager ? cell(alertmanager) : "-"} | ${alertmanager && compare ? compare(nines, alertmanager) : ""} |`,
    );
  if (nines.stored)
    lines.push(
      "",
      `Nines kept: ${Object.entries(nines.stored)
        .map(([name, rows]) => `${name} ${thousands(rows)}`)
        .join(", ")}`,
    );
  return lines.join("\n");
}

/** The issue's targets: at least 1.5 times Alertmanager's throughput (persisting), a p99 no worse. */
export function evaluateTargets(nines: ToolResult, alertmanager: ToolResult): Target[] {
  const total = (result: ToolResult) => {
    const alerts = result.fresh.alerts + (result.resend?.alerts ?? 0);
    return alerts / (result.fresh.seconds + (result.resend?.seconds ?? 0));
  };
  const ours = total(nines);
  const theirs = total(alertmanager);
  const missing = nines.latency.groups - nines.latency.notified;
  return [
    {
      name: "throughput >= 1.5x Alertmanager's, persisting history",
      pass: ours >= 1.5 * theirs,
      detail: `${thousands(ours)} alerts/s against ${thousands(theirs)}/s (new and resent): ${ratio(ours, theirs)}x; new alone ${ratio(nines.fresh.alertsPerSecond, alertmanager.fresh.alertsPerSecond)}x`,
    },
    {
      name: "p99 from group_wait's end to the webhook no worse than Alertmanager's",
      pass: missing === 0 && nines.latency.fromSent.p99 <= alertmanager.latency.fromSent.p99,
      detail: `${ms(nines.latency.fromSent.p99)} ms against ${ms(alertmanager.latency.fromSent.p99)} ms${missing ? `; ${missing} groups never notified` : ""}`,
    },
  ];
}

export const formatTargets = (targets: readonly Target[]) =>
  targets.map((target) => `${target.pass ? "PASS" : "FAIL"}  ${target.name}: ${target.detail}`).join("\n");
