import { STATUS_CODES } from "node:http";
import type { CheckOutcome } from "../probes/check.js";
import type { PhaseTimings } from "../probes/model.js";

export interface ProbeReport extends CheckOutcome {
  type: string;
  target: string;
}

const PHASES: Array<keyof PhaseTimings> = ["dns", "connect", "tls", "firstByte", "transfer"];
const BAR_WIDTH = 50;
const DAY_MS = 86_400_000;

/**
 * The result of `nines probe` for people, a better `curl -w`:
 *
 *   UP  200 OK  https://shop.example/health  143 ms
 *     dns       12 ms  ████
 *     connect   20 ms  ███████
 *   certificate expires 2027-02-01 (67 days)
 */
export function formatProbeReport(report: ProbeReport, now: number): string {
  const status =
    report.statusCode === undefined ? [] : [`${report.statusCode} ${STATUS_CODES[report.statusCode] ?? ""}`.trim()];
  const lines = [[report.status.toUpperCase(), ...status, report.target, formatPhase(report.durationMs)].join("  ")];
  if (report.error) lines.push(`  reason: ${report.error}`);
  const phases = PHASES.filter((phase) => report.timings?.[phase] !== undefined).map(
    (phase) => [phase, report.timings?.[phase] as number] as const,
  );
  // Bars share one scale, the whole check, so a slow phase stands out at a glance.
  const scale = BAR_WIDTH / Math.max(report.durationMs, ...phases.map(([, ms]) => ms), 1);
  const valueWidth = Math.max(0, ...phases.map(([, ms]) => formatPhase(ms).length));
  for (const [phase, ms] of phases) {
    const bar = "█".repeat(Math.max(1, Math.round(ms * scale)));
    lines.push(`  ${phase.padEnd(9)} ${formatPhase(ms).padStart(valueWidth)}  ${bar}`);
  }
  if (report.certificateExpiresAt !== undefined) lines.push(describeExpiry(report.certificateExpiresAt, now));
  return `${lines.join("\n")}\n`;
}

function describeExpiry(expiresAt: number, now: number): string {
  const date = new Date(expiresAt).toISOString().slice(0, 10);
  const days = Math.floor(Math.abs(expiresAt - now) / DAY_MS);
  const span = `${days} day${days === 1 ? "" : "s"}`;
  return expiresAt > now ? `certificate expires ${date} (${span})` : `certificate expired ${date} (${span} ago)`;
}

/** Tenths below 10 ms, where they still say something. */
const formatPhase = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
