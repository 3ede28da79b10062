import { z } from "zod";
import type { NinesDocument } from "../config/document.js";
import {
  burnAlertPolicies,
  checkCountable,
  type ImportOptions,
  type ImportResult,
  keepLabels,
  prometheusSource,
  readYamlDocuments,
  supportingDocuments,
  toObjectName,
  toWindowShorthand,
} from "./import-common.js";
import { windowHours } from "./prometheus-rules.js";

/**
 * Pyrra's `pyrra.dev/v1alpha1` ServiceLevelObjective resources as OpenSLO v1. Pyrra names bare
 * metrics (`http_requests_total{code=~"5.."}`) and sums their rates by `grouping`; Nines reads
 * the same counters, summed by the same labels. Pyrra has no services: the namespace (or the
 * `service` option) becomes one.
 */

export interface PyrraImportOptions extends ImportOptions {
  /** The Service of every SLO; default: the resource's namespace, else "pyrra". */
  service?: string | undefined;
}

const query = z.object({ metric: z.string().min(1, { error: "expected a metric selector" }) });
const grouping = z.array(z.string()).nullish();

const resourceSchema = z.object({
  metadata: z.object({
    name: z.string().min(1, { error: "expected metadata.name" }),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.object({
    description: z.string().optional(),
    target: z.union([z.string(), z.number()], { error: 'expected target as a percentage string such as "99.5"' }),
    window: z.string({ error: "expected window such as 28d" }),
    indicator: z.object({
      ratio: z.object({ errors: query, total: query, grouping }).optional(),
      latency: z.object({ success: query, total: query, grouping }).optional(),
      latencyNative: z.object({ total: query, latency: z.string() }).optional(),
      bool_gauge: query.extend({ grouping }).optional(),
    }),
    alerting: z
      .object({ disabled: z.boolean().optional(), burnrates: z.boolean().optional(), name: z.string().optional() })
      .optional(),
  }),
});

type PyrraSlo = z.infer<typeof resourceSchema>;

/** Converts every ServiceLevelObjective in a YAML text (also inside a Kubernetes List). */
export function importPyrra(text: string, options: PyrraImportOptions = {}): ImportResult {
  const result: ImportResult = { documents: [], refused: [], warnings: [] };
  const { values, error } = readYamlDocuments(text);
  if (error) result.refused.push({ slo: "the file", reason: error });
  const services = new Map<string, string>();
  const slos: NinesDocument[] = [];
  expandLists(values).forEach((value, index) => {
    const where = `document ${index + 1}`;
    const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
    if (record.apiVersion !== "pyrra.dev/v1alpha1" || record.kind !== "ServiceLevelObjective") {
      result.refused.push({
        slo: where,
        reason: "expected apiVersion: pyrra.dev/v1alpha1, kind: ServiceLevelObjective",
      });
      return;
    }
    const parsed = resourceSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      result.refused.push({ slo: where, reason: `${issue?.path.join(".")}: ${issue?.message}` });
      return;
    }
    const service = options.service ?? parsed.data.metadata.namespace ?? "pyrra";
    const converted = convertSlo(parsed.data, toObjectName(service), options, result.warnings);
    if (typeof converted === "string") result.refused.push({ slo: parsed.data.metadata.name, reason: converted });
    else {
      services.set(toObjectName(service), service);
      slos.push(converted);
    }
  });
  result.documents = [...supportingDocuments(services, options), ...slos];
  return result;
}

function expandLists(values: unknown[]): unknown[] {
  return values.flatMap((value) => {
    const record = value as { kind?: unknown; items?: unknown };
    return record && typeof record === "object" && record.kind === "List" && Array.isArray(record.items)
      ? record.items
      : [value];
  });
}

function convertSlo(
  slo: PyrraSlo,
  service: string,
  options: ImportOptions,
  warnings: string[],
): NinesDocument | string {
  const name = toObjectName(slo.metadata.name);
  const target = Number(slo.spec.target);
  if (!Number.isFinite(target) || target <= 0 || target >= 100)
    return `target ${JSON.stringify(slo.spec.target)} is not a percentage in (0, 100)`;
  const window = toWindowShorthand(slo.spec.window);
  if (typeof window !== "string") return window.error;
  const ratioMetric = convertIndicator(slo.spec.indicator, options);
  if (typeof ratioMetric === "string") return ratioMetric;
  const alerting = slo.spec.alerting;
  const alerts = alerting?.disabled !== true && alerting?.burnrates !== false;
  const alertName = alerting?.name ?? "ErrorBudgetBurn";
  const labels = keepLabels(slo.metadata.labels, `SLO ${name}`, warnings);
  return {
    apiVersion: "openslo/v1",
    kind: "SLO",
    metadata: { name, ...(labels && { labels }) },
    spec: {
      ...(slo.spec.description && { description: slo.spec.description }),
      service,
      indicator: { metadata: { name }, spec: { ratioMetric } },
      timeWindow: [{ duration: window, isRolling: true }],
      budgetingMethod: "Occurrences",
      objectives: [{ targetPercent: target }],
      ...(alerts && {
        alertPolicies: burnAlertPolicies(
          windowHours(window) as number,
          ["page", "ticket"],
          (severity) =>
            `Imported from Pyrra: its ${alertName} alerts (severity ${severity === "page" ? "critical" : "warning"}) went to Alertmanager. Point this at the team's ${severity === "page" ? "pager" : "ticket queue"}.`,
        ),
      }),
    },
  };
}

/** The counters summed as Pyrra sums them: `sum by (grouping) (rate(metric[5m]))`. */
function summedRate(metric: string, by: readonly string[] | null | undefined): string {
  return `sum${by?.length ? ` by (${by.join(", ")}) ` : ""}(rate(${metric}[5m]))`;
}

function convertIndicator(
  indicator: PyrraSlo["spec"]["indicator"],
  options: ImportOptions,
): Record<string, unknown> | string {
  /** [OpenSLO field, Pyrra field, query]. */
  const counters = (pairs: Array<[string, string, string]>) => {
    for (const [, field, text] of pairs) {
      const problem = checkCountable(text);
      if (problem) return `${field}: ${problem}`;
    }
    return Object.fromEntries([
      ["counter", true],
      ...pairs.map(([key, , text]) => [key, prometheusSource(text, options)]),
    ]);
  };
  if (indicator.ratio) {
    const { errors, total, grouping: by } = indicator.ratio;
    return counters([
      ["bad", "indicator.ratio.errors.metric", summedRate(errors.metric, by)],
      ["total", "indicator.ratio.total.metric", summedRate(total.metric, by)],
    ]);
  }
  if (indicator.latency) {
    const { success, total, grouping: by } = indicator.latency;
    return counters([
      ["good", "indicator.latency.success.metric", summedRate(success.metric, by)],
      ["total", "indicator.latency.total.metric", summedRate(total.metric, by)],
    ]);
  }
  if (indicator.latencyNative)
    return "latencyNative reads native histograms, which Nines can't count yet; use latency with the classic _bucket and _count series";
  if (indicator.bool_gauge) {
    const { metric, grouping: by } = indicator.bool_gauge;
    // A 0/1 gauge: the share of its samples that were 1 in each minute, read as a success ratio.
    const ratio = `avg${by?.length ? ` by (${by.join(", ")}) ` : ""}(avg_over_time(${metric}[1m]))`;
    return { rawType: "success", raw: prometheusSource(ratio, options) };
  }
  return "the indicator has none of ratio, latency, latencyNative or bool_gauge";
}
