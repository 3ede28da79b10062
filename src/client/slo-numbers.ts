import { parseDuration } from "../core/duration.js";
import type { BurnRates, BurnWindow, ObjectiveView, SloStatus, SloView } from "./types.js";

/**
 * How the CLI and the UI write an SLO's numbers, the way an SRE reads them: 99.95%, 14.4x, 43.2m,
 * "no data". Pure and free of schema code, so the browser bundle can carry it.
 */

export const NO_DATA = "no data";

/** Digits after the point of a percentage, found without float noise (0.9995 * 100 is 99.94999...). */
function percentDecimals(ratio: number): number {
  const text = String(Number((ratio * 100).toFixed(6)));
  return text.includes(".") ? (text.split(".")[1] as string).length : 0;
}

/** A target as declared: 0.999 is "99.9%", 0.9995 "99.95%", 0.99 "99%". */
export function formatTarget(target: number): string {
  return `${Number((target * 100).toFixed(6))}%`;
}

/**
 * An SLI, rounded down with one digit more than its target has, so a value just under the target
 * never reads as meeting it: 0.99949 against 99.95% is "99.949%", not "99.95%".
 */
export function formatSli(ratio: number | null, target: number): string {
  if (ratio === null) return NO_DATA;
  const digits = Math.max(2, percentDecimals(target) + 1);
  const scale = 10 ** digits;
  // toFixed first: 0.9995 * 1e5 is 99949.99999999999, which must floor to 99950.
  const floored = Math.floor(Number((ratio * 100 * scale).toFixed(3))) / scale;
  return `${floored.toFixed(digits)}%`;
}

/** "14.4x", "0.93x", "120x"; null (no events in the window) is "no data". */
export function formatBurnRate(rate: number | null): string {
  if (rate === null) return NO_DATA;
  if (rate === 0) return "0x";
  const digits = Math.abs(rate) < 1 ? 2 : Math.abs(rate) < 100 ? 1 : 0;
  return `${rate.toFixed(digits)}x`;
}

/** Budget time: "43.2m", "3h 22m", "2d 4h"; negative when overspent. */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? "-" : "";
  const size = Math.abs(minutes);
  if (size < 100) return `${sign}${Number(size.toFixed(1))}m`;
  const whole = Math.round(size);
  if (whole < 48 * 60) return `${sign}${Math.floor(whole / 60)}h ${whole % 60}m`;
  const hours = Math.round(whole / 60);
  return `${sign}${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** A length of time from milliseconds, to the minute: "<1m", "12m", "3h 12m", "2d 4h". */
export function formatSpan(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return "<1m";
  return formatMinutes(minutes < 100 ? Math.floor(minutes) : minutes);
}

/**
 * Event counts: whole numbers with separators; fractions (budgets, ratio timeslices) to a tenth,
 * below one to a hundredth, so a young SLO's budget of 0.02 events doesn't read as none.
 */
export function formatCount(value: number | null): string {
  if (value === null) return NO_DATA;
  const size = Math.abs(value);
  const digits = size >= 100 || Number.isInteger(value) ? 0 : size >= 1 ? 1 : 2;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** The share of the budget left: "98.0%", "-17.6%" when overspent. */
export function formatBudgetShare(ratio: number | null): string {
  return ratio === null ? NO_DATA : `${(ratio * 100).toFixed(1)}%`;
}

/** "98.0% (42.3m of 43.2m)"; "no data" before the first event of the window. */
export function formatBudgetLeft(objective: ObjectiveView): string {
  const { budget } = objective;
  if (budget.remainingRatio === null || budget.remainingMinutes === null) return NO_DATA;
  return `${formatBudgetShare(budget.remainingRatio)} (${formatMinutes(budget.remainingMinutes)} of ${formatMinutes(budget.totalMinutes)})`;
}

/** The windows of a burn-rate table, shortest first, as the server sent them. */
export function orderBurnWindows(rates: BurnRates): BurnWindow[] {
  const length = (window: string) => parseDuration(window) ?? Number.POSITIVE_INFINITY;
  return (Object.keys(rates) as BurnWindow[]).sort((a, b) => length(a) - length(b));
}

/** The window burning fastest, e.g. `{ window: "1h", rate: 14.2 }`; undefined when no window has data. */
export function findFastestBurn(rates: BurnRates): { window: BurnWindow; rate: number } | undefined {
  let fastest: { window: BurnWindow; rate: number } | undefined;
  for (const window of orderBurnWindows(rates)) {
    const rate = rates[window];
    if (rate !== null && (fastest === undefined || rate > fastest.rate)) fastest = { window, rate };
  }
  return fastest;
}

/** "14.2x 1h", or "no data". */
export function formatFastestBurn(rates: BurnRates): string {
  const fastest = findFastestBurn(rates);
  return fastest ? `${formatBurnRate(fastest.rate)} ${fastest.window}` : NO_DATA;
}

const RISK: Record<SloStatus, number> = { exhausted: 5, burning: 4, warning: 3, error: 2, "no-data": 1, ok: 0 };

/** Higher is more at risk; a newer server's unknown status sorts with the errors. */
export const statusRisk = (status: string) => RISK[status as SloStatus] ?? RISK.error;

/**
 * The one objective a single row shows: the composite when there is one, else the objective most
 * at risk (worst status, then least budget left).
 */
export function pickHeadlineObjective(slo: Pick<SloView, "objectives" | "composite">): ObjectiveView | undefined {
  if (slo.composite) return slo.composite;
  return [...slo.objectives].sort(
    (a, b) =>
      statusRisk(b.status) - statusRisk(a.status) ||
      (a.budget.remainingRatio ?? Number.POSITIVE_INFINITY) - (b.budget.remainingRatio ?? Number.POSITIVE_INFINITY),
  )[0];
}

/** "a=1, b=2": a group of a grouped SLO by its label values. */
export function formatGroup(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([label, value]) => `${label}=${value}`)
    .join(", ");
}
