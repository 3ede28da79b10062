import type { MantineColor } from "@mantine/core";
import { formatSpan } from "../../src/client/slo-numbers.js";
import type { ObjectiveView, SloDetailView, SloHistoryPoint, SloStatus, WindowView } from "./api.js";
import { IconAlert, IconDegraded, IconDown, IconIncident, IconPending, IconUp } from "./components/icons.js";
import type { StatusStyle } from "./status.js";

export {
  findFastestBurn,
  formatBudgetShare,
  formatBurnRate,
  formatCount,
  formatFastestBurn,
  formatGroup,
  formatMinutes,
  formatSli,
  formatSpan,
  formatTarget,
  NO_DATA,
  orderBurnWindows,
  pickHeadlineObjective,
} from "../../src/client/slo-numbers.js";

/**
 * An SLO's status in the one palette of STYLE.md, with its word and icon: within budget is green
 * like up, a ticket-severity burn amber like degraded, a paging burn and an empty budget red like
 * down, no data grey like paused. An SLO that can't be evaluated is red too: nobody is watching
 * that service until someone fixes it.
 */
export const SLO_STATUS: Record<SloStatus, StatusStyle> = {
  ok: { color: "green", label: "OK", icon: IconUp },
  warning: { color: "yellow", label: "Warning", icon: IconDegraded },
  burning: { color: "red", label: "Burning", icon: IconIncident },
  exhausted: { color: "red", label: "Exhausted", icon: IconDown },
  "no-data": { color: "gray", label: "No data", icon: IconPending },
  error: { color: "red", label: "Error", icon: IconAlert },
};

/** A newer server's unknown status still renders, neutral, with its own word. */
export function sloStatusStyle(status: string): StatusStyle {
  return SLO_STATUS[status as SloStatus] ?? { color: "gray", label: status, icon: IconPending };
}

/** Below a quarter of the budget left, an objective needs a look even before any alert fires. */
const LOW_BUDGET = 0.25;

/** The colour of an objective's budget bar: its risk, from the budget left and the burn alerts. */
export function budgetColor(objective: Pick<ObjectiveView, "status" | "budget">): MantineColor {
  const ratio = objective.budget.remainingRatio;
  if (ratio === null) return "gray";
  if (ratio <= 0 || objective.status === "exhausted" || objective.status === "burning") return "red";
  if (ratio < LOW_BUDGET || objective.status === "warning") return "yellow";
  return "green";
}

/** How full the bar is drawn, 0..100: an overspent budget is an empty bar (the number says how far). */
export function budgetBarPercent(ratio: number | null): number {
  if (ratio === null) return 0;
  return Math.min(100, Math.max(0, ratio * 100));
}

/** "in 25h 30m at the 1h burn rate", or undefined when the budget isn't running out. */
export function describeExhaustion(objective: ObjectiveView, now: number): string | undefined {
  if (objective.budget.remainingRatio !== null && objective.budget.remainingRatio <= 0) return "exhausted";
  if (objective.exhaustsAt === null) return undefined;
  return `in ${formatSpan(Math.max(0, objective.exhaustsAt - now))} at the 1h burn rate`;
}

/**
 * The range and bucket of the history charts: the SLO's whole window up to now, in buckets of an
 * hour (the server keeps hours) up to a quarter's window, of a day beyond, so a chart stays within
 * a few thousand points.
 */
export function chooseHistoryRange(window: WindowView, now: number): { from: number; to: number; step: string } {
  const step = window.minutes <= 100 * 1440 ? "1h" : "1d";
  return { from: window.start, to: Math.min(now, window.end), step };
}

/** uPlot's columns: seconds, then one array per line, nulls where a bucket has no data. */
export type ChartColumns = [number[], ...(number | null)[][]];

const percent = (ratio: number | null) => (ratio === null ? null : ratio * 100);

/** The budget burn-down: the share left over time, and the even-spend line of a calendar window. */
export function toBudgetColumns(points: SloHistoryPoint[]): ChartColumns {
  const columns: ChartColumns = [
    points.map((point) => point.t / 1000),
    points.map((point) => percent(point.budgetRemaining)),
  ];
  if (points.some((point) => point.ideal !== null)) columns.push(points.map((point) => percent(point.ideal)));
  return columns;
}

/** The SLI per bucket, the SLI over the window ending there, and the target as a flat line. */
export function toSliColumns(points: SloHistoryPoint[], target: number): ChartColumns {
  return [
    points.map((point) => point.t / 1000),
    points.map((point) => percent(point.sli)),
    points.map((point) => percent(point.windowSli)),
    points.map(() => target * 100),
  ];
}

/**
 * The SLI chart's y range: from a little under the lowest value or the target, whichever is lower,
 * to 100%, so the target line is always in view and a dip below it is visible.
 */
export function sliRange(columns: ChartColumns, target: number): [number, number] {
  const lines = columns.slice(1, 3) as (number | null)[][];
  const values = lines.flat().filter((value): value is number => value !== null);
  const lowest = Math.min(target * 100, ...values);
  const margin = Math.max((100 - lowest) * 0.2, 0.01);
  return [Math.max(0, lowest - margin), 100];
}

type AlertTier = SloDetailView["alertTiers"][number];

const BREACHES = {
  gt: (rate: number, threshold: number) => rate > threshold,
  gte: (rate: number, threshold: number) => rate >= threshold,
  lt: (rate: number, threshold: number) => rate < threshold,
  lte: (rate: number, threshold: number) => rate <= threshold,
};

/**
 * The alert tier a burn rate over one window breaches, pages before tickets, so the burn table
 * can mark the cells that hold an alert up; undefined when none does.
 */
export function findBreachedTier(window: string, rate: number | null, tiers: AlertTier[]): AlertTier | undefined {
  if (rate === null) return undefined;
  const breached = tiers.filter((tier) => tier.windows.includes(window) && BREACHES[tier.op](rate, tier.threshold));
  return breached.find((tier) => tier.severity === "page") ?? breached[0];
}

/** Page-severity tiers are red, everything else (tickets) amber. */
export const severityColor = (severity: string): MantineColor => (severity === "page" ? "red" : "yellow");
