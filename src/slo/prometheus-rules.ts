import { stringify } from "yaml";
import type { NinesDocument } from "../config/document.js";
import { formatDuration } from "../core/duration.js";
import type { MetricSource, SliSpec, SloSpec } from "./model.js";
import { formatSelector, parseSliQuery, type SliQuery } from "./promql.js";

/**
 * Prometheus rules for SLOs whose SLI is a ratio of Prometheus counters, for teams that want
 * their Prometheus to alert by itself: the 5-minute increases of good and total events per SLO,
 * the windows as sums of those increases, and the SRE Workbook's multiwindow, multi-burn-rate
 * alerts scaled to the SLO's window. The group is evaluated every 5 minutes, so consecutive
 * 5-minute increases don't overlap and a window is their plain sum.
 */

export const RULE_INTERVAL = "5m";

interface BurnTier {
  severity: "page" | "ticket";
  /** The share of the whole budget the tier lets burn within the long window. */
  share: number;
  longWindow: string;
  shortWindow: string;
}

/** The Workbook's tiers: the long window's factor is share x SLO-window hours / long-window hours. */
export const BURN_TIERS: readonly BurnTier[] = [
  { severity: "page", share: 0.02, longWindow: "1h", shortWindow: "5m" },
  { severity: "page", share: 0.05, longWindow: "6h", shortWindow: "30m" },
  { severity: "ticket", share: 0.1, longWindow: "1d", shortWindow: "2h" },
  { severity: "ticket", share: 0.1, longWindow: "3d", shortWindow: "6h" },
];

const HOURS: Record<string, number> = { m: 1 / 60, h: 1, d: 24, w: 168, M: 720, Q: 2160, Y: 8760 };

/** Hours of a window such as `28d`; calendar months, quarters and years count as 30, 90 and 365 days. */
export function windowHours(duration: string): number | undefined {
  const match = /^(\d+)([mhdwMQY])$/.exec(duration);
  return match ? Number(match[1]) * (HOURS[match[2] as string] as number) : undefined;
}

/** The burn-rate factor of a tier for an SLO window, to three decimals: 14.4 for 2% of 30 days in 1 hour. */
export function burnFactor(share: number, sloWindowHours: number, longWindowHours: number): number {
  return Number(((share * sloWindowHours) / longWindowHours).toFixed(3));
}

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval: string;
  rules: Array<RecordingRule | AlertingRule>;
}

export interface SkippedSlo {
  slo: string;
  reason: string;
}

export interface PrometheusRules {
  groups: RuleGroup[];
  skipped: SkippedSlo[];
}

const GOOD = "nines:slo_good";
const TOTAL = "nines:slo_total";

/** Rules for every SLO among the documents that they can be written for; the others, with the reason. */
export function buildPrometheusRules(documents: readonly NinesDocument[]): PrometheusRules {
  const groups: RuleGroup[] = [];
  const skipped: SkippedSlo[] = [];
  for (const document of documents) {
    if (document.apiVersion !== "openslo/v1" || document.kind !== "SLO") continue;
    const built = buildGroup(document as NinesDocument<SloSpec>, documents);
    if (typeof built === "string") skipped.push({ slo: document.metadata.name, reason: built });
    else groups.push(built);
  }
  return { groups, skipped };
}

/** The rules as a Prometheus rule file (`rule_files:`), with a header naming what was left out. */
export function formatPrometheusRules(rules: PrometheusRules): string {
  const header = [
    "# Prometheus rules written by `nines export prometheus-rules`: SLO recording rules and",
    "# multiwindow, multi-burn-rate alerts (SRE Workbook). Windows end 1s short of their length, so",
    "# the 5m increase recorded exactly one window back is not counted twice (Prometheus 2 includes",
    "# both ends of a range).",
    ...rules.skipped.map(({ slo, reason }) => `# Skipped SLO ${slo}: ${reason}`),
  ];
  return `${header.join("\n")}\n${stringify({ groups: rules.groups }, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

function buildGroup(slo: NinesDocument<SloSpec>, documents: readonly NinesDocument[]): RuleGroup | string {
  const name = slo.metadata.name;
  const spec = slo.spec;
  if ((spec.budgetingMethod ?? "Occurrences") !== "Occurrences")
    return `budgetingMethod ${spec.budgetingMethod} is not exported; only Occurrences maps to counter increases`;
  const indicator = spec.indicator?.spec ?? findSli(documents, spec.indicatorRef);
  if (!indicator)
    return spec.indicatorRef
      ? `its SLI ${spec.indicatorRef} is not among the documents`
      : "composite SLOs are not exported";
  const ratio = indicator.ratioMetric;
  if (!ratio) return "a thresholdMetric SLI has no good and total events to count";
  if (ratio.raw) return "a raw ratio SLI has no good and total events to count";
  const numerator = ratio.good ?? ratio.bad;
  if (!numerator || !ratio.total) return "the SLI needs good (or bad) and total";
  const queries = [numerator, ratio.total].map((metric) => readQuery(metric.metricSource, documents));
  const [part, total] = queries as [SliQuery | string, SliQuery | string];
  if (typeof part === "string") return `${ratio.good ? "good" : "bad"}: ${part}`;
  if (typeof total === "string") return `total: ${total}`;
  if (ratio.counter !== true && (part.fn === null || total.fn === null))
    return "only counters are exported (counter: true, or rate()/increase() in the queries)";
  if (part.by.join(",") !== total.by.join(","))
    return `good and total must be summed by the same labels, got (${part.by.join(", ")}) and (${total.by.join(", ")})`;
  const duration = spec.timeWindow?.[0]?.duration;
  const sloHours = duration === undefined ? undefined : windowHours(duration);
  if (duration === undefined || sloHours === undefined) return "the SLO has no timeWindow";

  const labels = { slo: name };
  const match = `{slo=${JSON.stringify(name)}}`;
  const increase = (query: SliQuery) => `sum${byClause(query.by)}(increase(${formatSelector(query.matchers)}[5m]))`;
  // A minute with no good events has no good series at all: `or 0 * total` keeps the ratio defined.
  const goodExpr = ratio.good
    ? `${increase(part)} or 0 * ${increase(total)}`
    : `${increase(total)} - (${increase(part)} or 0 * ${increase(total)})`;
  const rules: Array<RecordingRule | AlertingRule> = [
    { record: `${TOTAL}:increase5m`, expr: increase(total), labels },
    { record: `${GOOD}:increase5m`, expr: goodExpr, labels },
  ];
  const tiers = BURN_TIERS.filter((tier) => (windowHours(tier.longWindow) as number) <= sloHours);
  const windows = new Set(tiers.flatMap((tier) => [tier.shortWindow, tier.longWindow]));
  // A calendar window has no fixed length to sum over; a rolling one is recorded for budget dashboards.
  if (spec.timeWindow?.[0]?.isRolling === true) windows.add(duration);
  windows.delete("5m");
  for (const window of [...windows].sort((a, b) => (windowHours(a) as number) - (windowHours(b) as number)))
    for (const metric of [GOOD, TOTAL])
      rules.push({
        record: `${metric}:increase${window}`,
        expr: `sum_over_time(${metric}:increase5m${match}[${shortOf(window)}])`,
        labels,
      });

  spec.objectives.forEach((objective, index) => {
    const target = objective.target ?? (objective.targetPercent as number) / 100;
    const budget = Number((1 - target).toPrecision(12));
    const objectiveName = objective.displayName ?? `objective-${index}`;
    for (const tier of tiers) {
      const factor = burnFactor(tier.share, sloHours, windowHours(tier.longWindow) as number);
      const errorRatio = (window: string) =>
        `(1 - ${GOOD}:increase${window}${match} / ${TOTAL}:increase${window}${match})`;
      rules.push({
        alert: "ErrorBudgetBurn",
        expr: `${errorRatio(tier.longWindow)} > ${factor} * ${budget}\nand\n${errorRatio(tier.shortWindow)} > ${factor} * ${budget}`,
        labels: {
          severity: tier.severity,
          slo: name,
          service: spec.service,
          objective: objectiveName,
          long_window: tier.longWindow,
          short_window: tier.shortWindow,
        },
        annotations: {
          summary: `${name} burns its error budget ${factor}x too fast over ${tier.longWindow} and ${tier.shortWindow}`,
          description: `At this rate ${Math.round(tier.share * 100)}% of the ${duration} budget of ${objectiveName} (target ${target}) is spent within ${tier.longWindow}.`,
        },
      });
    }
  });
  return { name: `nines-slo-${name}`, interval: RULE_INTERVAL, rules };
}

const byClause = (by: readonly string[]) => (by.length ? ` by (${by.join(", ")}) ` : "");

/** `1h` -> `59m59s`: one second short, see the file's header. */
function shortOf(window: string): string {
  return formatDuration((Math.round((windowHours(window) as number) * 3600) - 1) * 1000);
}

function findSli(documents: readonly NinesDocument[], name: string | undefined): SliSpec | undefined {
  if (name === undefined) return undefined;
  const found = documents.find(
    (document) => document.apiVersion === "openslo/v1" && document.kind === "SLI" && document.metadata.name === name,
  );
  return found?.spec as SliSpec | undefined;
}

/** The source's PromQL, parsed, when the source is Prometheus; otherwise why not. */
function readQuery(source: MetricSource, documents: readonly NinesDocument[]): SliQuery | string {
  let type = source.type;
  if (source.metricSourceRef !== undefined) {
    const dataSource = documents.find(
      (document) =>
        document.apiVersion === "openslo/v1" &&
        document.kind === "DataSource" &&
        document.metadata.name === source.metricSourceRef,
    );
    if (!dataSource) return `its DataSource ${source.metricSourceRef} is not among the documents`;
    type = (dataSource.spec as { type: string }).type;
  }
  if (type?.toLowerCase() !== "prometheus") return `the metric source is ${type}, not Prometheus`;
  const query = source.spec.query;
  if (typeof query !== "string") return "the metric source has no spec.query";
  const parsed = parseSliQuery(query);
  return parsed.ok ? parsed.query : parsed.error;
}
