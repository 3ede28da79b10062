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
 * Sloth's SLO specs as OpenSLO v1: the `prometheus/v1` file format (snake_case) and the
 * `sloth.slok.dev/v1` PrometheusServiceLevel custom resource (camelCase), which carry the same
 * fields. Sloth has no window of its own (30 days unless its CLI says otherwise), so the window is
 * an option. Its queries hold a `{{.window}}` placeholder; Nines counts every minute exactly
 * whatever the range says, so the placeholder becomes 5m and the query must be a form the engine
 * counts (a counter selector, optionally in rate/increase and sum by).
 */

export interface SlothImportOptions extends ImportOptions {
  /** The SLO window; Sloth's default period is 30 days. */
  window?: string | undefined;
}

const labels = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional();

const alert = z.object({ disable: z.boolean().optional(), labels, annotations: labels }).optional();

const sloSchema = z.object({
  name: z.string().min(1, { error: "expected the SLO's name" }),
  description: z.string().optional(),
  objective: z.number({ error: "expected objective as a percentage such as 99.9" }),
  labels,
  sli: z.object({
    events: z.object({ errorQuery: z.string().min(1), totalQuery: z.string().min(1) }).optional(),
    raw: z.object({ errorRatioQuery: z.string().min(1) }).optional(),
    plugin: z.object({ id: z.string(), options: z.record(z.string(), z.unknown()).optional() }).optional(),
  }),
  alerting: z
    .object({ name: z.string().optional(), labels, annotations: labels, pageAlert: alert, ticketAlert: alert })
    .optional(),
});

const specSchema = z.object({
  service: z.string().min(1, { error: "expected the service the SLOs belong to" }),
  labels,
  slos: z.array(sloSchema).min(1, { error: "expected at least one SLO in slos" }),
});

type SlothSlo = z.infer<typeof sloSchema>;

const SNAKE_TO_CAMEL: Record<string, string> = {
  error_query: "errorQuery",
  total_query: "totalQuery",
  error_ratio_query: "errorRatioQuery",
  page_alert: "pageAlert",
  ticket_alert: "ticketAlert",
};

/** The file format's snake_case keys as the custom resource's camelCase ones, at every level. */
function toCamelCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCamelCase);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [SNAKE_TO_CAMEL[key] ?? key, toCamelCase(item)]),
  );
}

const WINDOW_PLACEHOLDER = /\{\{\s*\.window\s*\}\}/g;

/** Converts every Sloth spec in a YAML text; what can't be converted is refused with the reason. */
export function importSloth(text: string, options: SlothImportOptions = {}): ImportResult {
  const result: ImportResult = { documents: [], refused: [], warnings: [] };
  const { values, error } = readYamlDocuments(text);
  if (error) result.refused.push({ slo: "the file", reason: error });
  const window = toWindowShorthand(options.window ?? "30d");
  if (typeof window !== "string") {
    result.refused.push({ slo: "the window option", reason: window.error });
    return result;
  }
  const services = new Map<string, string>();
  const slos: NinesDocument[] = [];
  values.forEach((value, index) => {
    const where = `document ${index + 1}`;
    const spec = readSpec(value);
    if (typeof spec === "string") {
      result.refused.push({ slo: where, reason: spec });
      return;
    }
    const parsed = specSchema.safeParse(toCamelCase(spec));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      result.refused.push({ slo: where, reason: `${issue?.path.join(".") || "spec"}: ${issue?.message}` });
      return;
    }
    const service = toObjectName(parsed.data.service);
    services.set(service, parsed.data.service);
    const serviceLabels = keepLabels(parsed.data.labels, `service ${parsed.data.service}`, result.warnings);
    for (const slo of parsed.data.slos) {
      const converted = convertSlo(slo, service, serviceLabels, window, options, result.warnings);
      if (typeof converted === "string")
        result.refused.push({ slo: `${parsed.data.service}/${slo.name}`, reason: converted });
      else slos.push(converted);
    }
  });
  result.documents = [...supportingDocuments(services, options), ...slos];
  return result;
}

/** The spec of either form, or why the document is not a Sloth spec. */
function readSpec(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return "expected a Sloth spec (version: prometheus/v1)";
  const document = value as Record<string, unknown>;
  if (document.version === "prometheus/v1") return document;
  if (document.kind === "PrometheusServiceLevel" && String(document.apiVersion).startsWith("sloth.slok.dev/"))
    return document.spec;
  if (typeof document.version === "string")
    return `version ${JSON.stringify(document.version)} is not supported; expected prometheus/v1`;
  return "expected a Sloth spec: version: prometheus/v1, or kind: PrometheusServiceLevel (sloth.slok.dev/v1)";
}

function convertSlo(
  slo: SlothSlo,
  service: string,
  serviceLabels: Record<string, string> | undefined,
  window: string,
  options: SlothImportOptions,
  warnings: string[],
): NinesDocument | string {
  const name = toObjectName(`${service}-${slo.name}`);
  if (!(slo.objective > 0 && slo.objective < 100))
    return `objective ${slo.objective} is outside (0, 100): 100% leaves no error budget`;
  const ratioMetric = convertSli(slo, options);
  if (typeof ratioMetric === "string") return ratioMetric;
  const severities = (["page", "ticket"] as const).filter(
    (severity) => slo.alerting?.[severity === "page" ? "pageAlert" : "ticketAlert"]?.disable !== true,
  );
  const alertName = slo.alerting?.name;
  const policies = slo.alerting
    ? burnAlertPolicies(windowHours(window) as number, severities, (severity) =>
        describeTarget(severity, alertName, slo.alerting?.[severity === "page" ? "pageAlert" : "ticketAlert"]?.labels),
      )
    : [];
  const own = keepLabels(slo.labels, `SLO ${name}`, warnings);
  const sloLabels = serviceLabels || own ? { ...serviceLabels, ...own } : undefined;
  return {
    apiVersion: "openslo/v1",
    kind: "SLO",
    metadata: { name, displayName: slo.name, ...(sloLabels && { labels: sloLabels }) },
    spec: {
      ...(slo.description && { description: slo.description }),
      service,
      indicator: { metadata: { name }, spec: { ratioMetric } },
      timeWindow: [{ duration: window, isRolling: true }],
      budgetingMethod: "Occurrences",
      objectives: [{ displayName: slo.name, targetPercent: slo.objective }],
      ...(policies.length && { alertPolicies: policies }),
    },
  };
}

/** The ratioMetric, or why the SLI can't be converted. */
function convertSli(slo: SlothSlo, options: ImportOptions): Record<string, unknown> | string {
  const { events, raw, plugin } = slo.sli;
  if (plugin)
    return `the SLI plugin ${JSON.stringify(plugin.id)} is Go code run by Sloth, which Nines can't run; write its queries as sli.events (error_query and total_query)`;
  if (events) {
    const bad = events.errorQuery.replace(WINDOW_PLACEHOLDER, "5m");
    const total = events.totalQuery.replace(WINDOW_PLACEHOLDER, "5m");
    for (const [field, query] of [
      ["error_query", bad],
      ["total_query", total],
    ] as const) {
      const problem = checkCountable(query);
      if (problem) return `${field}: ${problem}`;
    }
    return { counter: true, bad: prometheusSource(bad, options), total: prometheusSource(total, options) };
  }
  // A precomputed error ratio is evaluated as written, once a minute.
  if (raw)
    return {
      rawType: "failure",
      raw: prometheusSource(raw.errorRatioQuery.replace(WINDOW_PLACEHOLDER, "5m"), options),
    };
  return "the SLI has none of events, raw or plugin";
}

function describeTarget(
  severity: "page" | "ticket",
  alertName: string | undefined,
  labels: Record<string, string> | undefined,
): string {
  const routed = labels && Object.keys(labels).length ? `, labelled ${JSON.stringify(labels)}` : "";
  return `Imported from Sloth: its ${severity} alert${alertName ? ` ${alertName}` : ""} went to Alertmanager${routed}. Point this at the team's ${severity === "page" ? "pager" : "ticket queue"}.`;
}
