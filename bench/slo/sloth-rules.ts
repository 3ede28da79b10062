import { badQuery, METRIC, serviceName, TARGET, totalQuery } from "./workload.js";

/**
 * The Prometheus rules Sloth generates for the benchmark's SLOs (Sloth's own layout: three groups
 * per SLO): the error ratio of each burn window from the raw counters, the 30-day ratio as the
 * average of the 5-minute ratios, the meta recordings (objective, budget, burn rates), and the
 * page and ticket alerts of the workbook's multiwindow tiers (14.4 over 1h and 5m, 6 over 6h and
 * 30m, 3 over 1d and 2h, 1 over 3d and 6h).
 */

export const RAW_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export const GROUP_KINDS = ["sli-recordings", "meta-recordings", "alerts"] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export const slothId = (index: number) => `${serviceName(index)}-requests`;

/** The labels Sloth puts on every recording of an SLO, as a PromQL selector. */
const selectorOf = (index: number) =>
  `{sloth_id="${slothId(index)}", sloth_service="${serviceName(index)}", sloth_slo="requests"}`;

const labelsBlock = (index: number, extra: Record<string, string>, indent: string) =>
  Object.entries({
    sloth_id: slothId(index),
    sloth_service: serviceName(index),
    sloth_slo: "requests",
    ...extra,
  })
    .map(([name, value]) => `${indent}${name}: ${JSON.stringify(value)}`)
    .join("\n");

function rule(kind: "record" | "alert", name: string, expr: string, labels: string): string {
  return `  - ${kind}: ${name}\n    expr: ${JSON.stringify(expr)}\n    labels:\n${labels}\n`;
}

/** The groups of one SLO, YAML under `groups:`. */
export function slothGroups(index: number): string {
  const id = slothId(index);
  const selector = selectorOf(index);
  const budget = `${1 - TARGET}`;
  const sli = RAW_WINDOWS.map((window) =>
    rule(
      "record",
      `slo:sli_error:ratio_rate${window}`,
      `(${badQuery(index, window)})\n/\n(${totalQuery(index, window)})`,
      labelsBlock(index, { sloth_window: window }, "      "),
    ),
  );
  sli.push(
    rule(
      "record",
      "slo:sli_error:ratio_rate30d",
      `sum_over_time(slo:sli_error:ratio_rate5m${selector}[30d])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m${selector}[30d])`,
      labelsBlock(index, { sloth_window: "30d" }, "      "),
    ),
  );
  const on = "on(sloth_id, sloth_slo, sloth_service) group_left";
  const meta = [
    ["slo:objective:ratio", `vector(${TARGET})`],
    ["slo:error_budget:ratio", `vector(1-${TARGET})`],
    ["slo:time_period:days", "vector(30)"],
    [
      "slo:current_burn_rate:ratio",
      `slo:sli_error:ratio_rate5m${selector}\n/ ${on}\nslo:error_budget:ratio${selector}`,
    ],
    [
      "slo:period_burn_rate:ratio",
      `slo:sli_error:ratio_rate30d${selector}\n/ ${on}\nslo:error_budget:ratio${selector}`,
    ],
    ["slo:period_error_budget_remaining:ratio", `1 - slo:period_burn_rate:ratio${selector}`],
    ["sloth_slo_info", "vector(1)"],
  ].map(([name, expr]) => rule("record", name as string, expr as string, labelsBlock(index, {}, "      ")));
  const over = (window: string, factor: number) =>
    `max(slo:sli_error:ratio_rate${window}${selector} > (${factor} * ${budget})) without (sloth_window)`;
  const pair = (long: string, short: string, factor: number) =>
    `(\n  ${over(short, factor)}\n  and\n  ${over(long, factor)}\n)`;
  const alerts = [
    rule(
      "alert",
      "ErrorBudgetBurnPage",
      `${pair("1h", "5m", 14.4)}\nor\n${pair("6h", "30m", 6)}`,
      labelsBlock(index, { sloth_severity: "page" }, "      "),
    ),
    rule(
      "alert",
      "ErrorBudgetBurnTicket",
      `${pair("1d", "2h", 3)}\nor\n${pair("3d", "6h", 1)}`,
      labelsBlock(index, { sloth_severity: "ticket" }, "      "),
    ),
  ];
  return [
    `- name: sloth-slo-sli-recordings-${id}\n  rules:\n${sli.join("")}`,
    `- name: sloth-slo-meta-recordings-${id}\n  rules:\n${meta.join("")}`,
    `- name: sloth-slo-alerts-${id}\n  rules:\n${alerts.join("")}`,
  ].join("");
}

/** Which of the three kinds a group of `slothGroups` is, from its name. */
export function groupKindOf(name: string): GroupKind | undefined {
  return GROUP_KINDS.find((kind) => name.includes(`sloth-slo-${kind}-`));
}

export const RAW_SERIES_PER_SLO = 2;
export const recordedRatioSeries = (index: number): [string, string][] => [
  ["__name__", "slo:sli_error:ratio_rate5m"],
  ["sloth_id", slothId(index)],
  ["sloth_service", serviceName(index)],
  ["sloth_slo", "requests"],
  ["sloth_window", "5m"],
];
export const rawSeries = (index: number, code: "200" | "500"): [string, string][] => [
  ["__name__", METRIC],
  ["code", code],
  ["service", serviceName(index)],
];
