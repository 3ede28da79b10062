import {
  formatBudgetLeft,
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
  pickHeadlineObjective,
} from "../client/slo-numbers.js";
import type { ObjectiveView, SloAlertView, SloDetailView, SloView } from "../client/types.js";
import { BURN_WINDOWS } from "../slo/views.js";
import { formatAge, formatTable } from "./io.js";

const ERROR_WIDTH = 80;

/** "BURNING", "NO DATA". */
const formatStatus = (status: string) => status.replace("-", " ").toUpperCase();

/** "2026-08-20 10:00 UTC": the CLI's instants, the same wherever it runs. */
const formatInstant = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;

const RECENT_ALERTS = 10;

/**
 * `nines get slos`: one row per SLO, in the server's order (most at risk first). A grouped SLO's
 * row shows its group most at risk; an SLO that can't be evaluated says why in its status.
 */
export function formatSloTable(slos: SloView[]): string {
  if (slos.length === 0) return "No SLOs. Declare one in OpenSLO YAML and run `nines apply -f FILE`.\n";
  return formatTable(
    ["NAME", "SERVICE", "TARGET", "SLI", "BUDGET LEFT", "FASTEST BURN", "STATUS"],
    slos.map((slo) => {
      const objective = pickHeadlineObjective(slo);
      return [
        slo.groupCount > 1 ? `${slo.name} (${slo.groupCount} groups)` : slo.name,
        slo.service,
        objective ? formatTarget(objective.target) : "",
        objective ? formatSli(objective.sli.window, objective.target) : NO_DATA,
        objective ? formatBudgetLeft(objective) : NO_DATA,
        objective ? formatFastestBurn(objective.burnRates) : NO_DATA,
        describeStatus(slo),
      ];
    }),
  );
}

function describeStatus(slo: SloView): string {
  const status = formatStatus(slo.status);
  const stale = slo.stale ? " (stale)" : "";
  if (slo.status !== "error" || !slo.error) return `${status}${stale}`;
  const error = slo.error.length > ERROR_WIDTH ? `${slo.error.slice(0, ERROR_WIDTH - 1)}…` : slo.error;
  return `${status}${stale}: ${error}`;
}

/** `nines describe slo NAME`: everything the SLO's page shows, as text. */
export function formatSloDescription(slo: SloDetailView, now: number): string {
  const sections = [describeHeader(slo, now)];
  if (slo.composite) sections.push(describeObjective(slo.composite, "Composite objective", slo.window.duration, now));
  for (const objective of slo.objectives)
    sections.push(describeObjective(objective, `Objective "${objective.name}"`, slo.window.duration, now));
  if (slo.groups.length > 1) sections.push(describeGroups(slo));
  sections.push(describeTiers(slo), describeAlerts(slo.alerts, now));
  return `${sections.join("\n")}`;
}

function describeHeader(slo: SloDetailView, now: number): string {
  const rows: Array<[string, string | null]> = [
    ["Name", slo.name],
    ["Display name", slo.displayName],
    ["Service", slo.service],
    ["Description", slo.description],
    ["Status", `${formatStatus(slo.status)}${slo.stale ? " (stale: the source has not answered recently)" : ""}`],
    ["Error", slo.error],
    ["Source", slo.source],
    ["Budgeting", slo.budgetingMethod],
    ["Window", describeWindow(slo)],
    [
      "Last data",
      slo.lastDataAt === null ? "never" : `${formatInstant(slo.lastDataAt)} (${formatAge(slo.lastDataAt, now)})`,
    ],
    ["Group by", slo.groupBy.length ? `${slo.groupBy.join(", ")} (${slo.groupCount} groups)` : null],
    ["Alerts firing", String(slo.activeAlerts)],
  ];
  return formatFields(rows);
}

function describeWindow(slo: SloView): string {
  const { window } = slo;
  const kind = window.kind === "rolling" ? "rolling" : `calendar${window.timeZone ? `, ${window.timeZone}` : ""}`;
  return `${window.duration} ${kind}: ${formatInstant(window.start)} to ${formatInstant(window.end)}`;
}

function describeObjective(objective: ObjectiveView, title: string, duration: string, now: number): string {
  const { budget } = objective;
  const threshold = objective.op === null ? "" : ` of values ${OP_SIGN[objective.op]} ${objective.value}`;
  const weight = objective.compositeWeight === null ? "" : `, weight ${objective.compositeWeight}`;
  const rows: Array<[string, string | null]> = [
    [
      "SLI",
      `${formatSli(objective.sli.window, objective.target)} over ${duration}, ${formatSli(objective.sli.now, objective.target)} over the last 5m`,
    ],
    ["Good", `${formatCount(objective.good)} of ${formatCount(objective.total)} ${budget.unit}`],
    [
      "Budget left",
      budget.remainingRatio === null || budget.remainingMinutes === null
        ? `${NO_DATA} (${formatMinutes(budget.totalMinutes)} over the window)`
        : `${formatBudgetShare(budget.remainingRatio)}: ${formatMinutes(budget.remainingMinutes)} of ${formatMinutes(budget.totalMinutes)}`,
    ],
    ["Budget spent", `${formatCount(budget.consumed)} of ${formatCount(budget.total)} ${budget.unit} allowed to fail`],
    ["Exhausted", describeExhaustion(objective, now)],
  ];
  const burn = formatTable(
    [...BURN_WINDOWS],
    [BURN_WINDOWS.map((window) => formatBurnRate(objective.burnRates[window]))],
  );
  return [
    `${title}: target ${formatTarget(objective.target)}${threshold}${weight}, ${formatStatus(objective.status)}`,
    indent(formatFields(rows).trimEnd()),
    "  Burn rate:",
    indent(burn, 4),
  ].join("\n");
}

const OP_SIGN = { lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;

function describeExhaustion(objective: ObjectiveView, now: number): string | null {
  if (objective.budget.remainingRatio !== null && objective.budget.remainingRatio <= 0) return "yes: no budget left";
  if (objective.exhaustsAt === null) return null;
  return `in ${formatSpan(objective.exhaustsAt - now)} at the 1h burn rate (${formatInstant(objective.exhaustsAt)})`;
}

function describeGroups(slo: SloDetailView): string {
  const rows = slo.groups.map((group) => {
    const objective = pickHeadlineObjective({ objectives: group.objectives, composite: null });
    return [
      formatGroup(group.labels),
      objective ? formatSli(objective.sli.window, objective.target) : NO_DATA,
      objective ? formatBudgetLeft(objective) : NO_DATA,
      objective ? formatFastestBurn(objective.burnRates) : NO_DATA,
      formatStatus(group.status),
    ];
  });
  return `Groups, most at risk first (each by its objective most at risk):\n${indent(formatTable(["GROUP", "SLI", "BUDGET LEFT", "FASTEST BURN", "STATUS"], rows))}`;
}

function describeTiers(slo: SloDetailView): string {
  if (slo.alertTiers.length === 0) return "Alert tiers: none (burnRateAlerts is empty)\n";
  const rows = slo.alertTiers.map((tier) => [
    tier.name,
    tier.severity,
    tier.windows.join(" and "),
    `${OP_SIGN[tier.op]} ${formatBurnRate(tier.threshold)}`,
    tier.firing ? "FIRING" : "no",
  ]);
  return `Alert tiers:\n${indent(formatTable(["NAME", "SEVERITY", "WINDOWS", "BURN RATE", "FIRING"], rows))}`;
}

function describeAlerts(alerts: SloAlertView[], now: number): string {
  if (alerts.length === 0) return "Recent alerts: none\n";
  const rows = alerts
    .slice(0, RECENT_ALERTS)
    .map((alert) => [
      formatInstant(alert.startsAt),
      alert.state === "firing"
        ? `firing for ${formatSpan(now - alert.startsAt)}`
        : `resolved after ${formatSpan((alert.endsAt ?? now) - alert.startsAt)}`,
      alert.name,
      alert.severity,
      alert.objective,
    ]);
  const more = alerts.length > RECENT_ALERTS ? `  (${alerts.length - RECENT_ALERTS} older not shown)\n` : "";
  return `Recent alerts:\n${indent(formatTable(["STARTED", "STATE", "TIER", "SEVERITY", "OBJECTIVE"], rows))}${more}`;
}

/** "Name:   value" lines, aligned; fields without a value are left out. */
function formatFields(rows: Array<[string, string | null]>): string {
  const shown = rows.filter((row): row is [string, string] => row[1] !== null && row[1] !== "");
  const width = Math.max(...shown.map(([label]) => label.length)) + 2;
  return `${shown.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join("\n")}\n`;
}

function indent(text: string, spaces = 2): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line ? `${pad}${line}` : line))
    .join("\n");
}
