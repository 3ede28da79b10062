import { parseAllDocuments } from "yaml";
import type { NinesDocument } from "../config/document.js";
import { NAME_PATTERN } from "../config/document.js";
import { toYaml } from "../config/export.js";
import { BURN_TIERS, burnFactor, windowHours } from "./prometheus-rules.js";
import { parseSliQuery } from "./promql.js";

/**
 * What the Sloth and Pyrra importers share: names, windows, Prometheus metric sources, the
 * Workbook's burn-rate alert policies, and the result they hand back (OpenSLO documents, and each
 * SLO that could not be converted with the reason).
 */

export interface ImportOptions {
  /** Name the SLIs' metric sources through this DataSource (metricSourceRef) instead of an inline type. */
  dataSource?: string | undefined;
  /** With dataSource: also write the DataSource, pointing at this Prometheus URL. */
  prometheusUrl?: string | undefined;
}

export interface RefusedSlo {
  /** Where in the input: the SLO's name, or the document's position. */
  slo: string;
  reason: string;
}

export interface ImportResult {
  documents: NinesDocument[];
  refused: RefusedSlo[];
  /** Things converted with a change worth knowing, such as labels that are not OpenSLO label keys. */
  warnings: string[];
}

/** Reads every YAML document of a file; a file that is not YAML at all is one refusal. */
export function readYamlDocuments(text: string): { values: unknown[]; error?: string } {
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  const broken = list.find((document) => document.errors.length > 0);
  if (broken) return { values: [], error: `not valid YAML: ${broken.errors[0]?.message}` };
  return { values: list.map((document) => document.toJS()).filter((value) => value !== null && value !== undefined) };
}

/** An OpenSLO name from any text: letters, digits, `.`, `_` and `-`, at most 63 characters. */
export function toObjectName(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, "");
  return NAME_PATTERN.test(cleaned) ? cleaned : "imported";
}

const PROMETHEUS_UNITS: Record<string, number> = {
  y: 525_600,
  w: 10_080,
  d: 1440,
  h: 60,
  m: 1,
  s: 1 / 60,
  ms: 1 / 60_000,
};

/**
 * A Prometheus duration as an OpenSLO window shorthand: `28d` and `2w` as written, others in their
 * largest whole unit (`1h30m` -> `90m`, `1y` -> `365d`), or why it can't be one.
 */
export function toWindowShorthand(text: string): string | { error: string } {
  if (/^[1-9]\d*[mhdw]$/.test(text)) return text;
  const parts = [...text.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text)
    return { error: `expected a window such as 28d or 4w, got ${JSON.stringify(text)}` };
  const minutes = parts.reduce(
    (sum, part) => sum + Number(part[1]) * (PROMETHEUS_UNITS[part[2] as string] as number),
    0,
  );
  if (!Number.isInteger(minutes) || minutes <= 0)
    return { error: `expected a window of whole minutes, got ${JSON.stringify(text)}` };
  for (const [unit, size] of [
    ["d", 1440],
    ["h", 60],
  ] as const)
    if (minutes % size === 0) return `${minutes / size}${unit}`;
  return `${minutes}m`;
}

/** A metric source for a PromQL query, inline or through the chosen DataSource. */
export function prometheusSource(query: string, options: ImportOptions) {
  return {
    metricSource: {
      ...(options.dataSource !== undefined && { metricSourceRef: options.dataSource }),
      type: "Prometheus",
      spec: { query },
    },
  };
}

/** Null when the engine can count the query exactly; otherwise its reason, for a refusal. */
export function checkCountable(query: string): string | null {
  const parsed = parseSliQuery(query);
  return parsed.ok ? null : parsed.error;
}

/**
 * The Workbook's burn-rate alerts as inline AlertPolicies, one per tier (OpenSLO allows one
 * condition per policy), factors scaled to the SLO window. Nines pairs each long lookback window
 * with the Workbook's short one. Alerts went to Alertmanager; the target says so until replaced.
 */
export function burnAlertPolicies(
  windowHoursOfSlo: number,
  severities: ReadonlyArray<"page" | "ticket">,
  describeTarget: (severity: "page" | "ticket") => string,
) {
  return BURN_TIERS.filter(
    (tier) => severities.includes(tier.severity) && hoursOf(tier.longWindow) <= windowHoursOfSlo,
  ).map((tier) => {
    const factor = burnFactor(tier.share, windowHoursOfSlo, hoursOf(tier.longWindow));
    const name = `${tier.severity}-${tier.longWindow}`;
    return {
      kind: "AlertPolicy",
      metadata: { name },
      spec: {
        description: `${Math.round(tier.share * 100)}% of the budget spent within ${tier.longWindow} (burn rate ${factor}).`,
        alertWhenBreaching: true,
        alertWhenResolved: true,
        conditions: [
          {
            kind: "AlertCondition",
            metadata: { name },
            spec: {
              severity: tier.severity,
              condition: {
                kind: "burnrate",
                op: "gte",
                threshold: factor,
                lookbackWindow: tier.longWindow,
                alertAfter: "0m",
              },
            },
          },
        ],
        notificationTargets: [
          {
            kind: "AlertNotificationTarget",
            metadata: { name: tier.severity },
            spec: { target: tier.severity, description: describeTarget(tier.severity) },
          },
        ],
      },
    };
  });
}

const hoursOf = (window: string) => windowHours(window) ?? Number.POSITIVE_INFINITY;

/** A Service, and the DataSource when a URL was given, ahead of the SLOs. */
export function supportingDocuments(services: Map<string, string>, options: ImportOptions): NinesDocument[] {
  const documents: NinesDocument[] = [...services].map(([name, displayName]) => ({
    apiVersion: "openslo/v1",
    kind: "Service",
    metadata: { name, ...(displayName !== name && { displayName }) },
    spec: {},
  }));
  if (options.dataSource !== undefined && options.prometheusUrl !== undefined)
    documents.push({
      apiVersion: "openslo/v1",
      kind: "DataSource",
      metadata: { name: options.dataSource },
      spec: { type: "Prometheus", connectionDetails: { url: options.prometheusUrl } },
    });
  return documents;
}

/** Label keys OpenSLO takes; the others are left out with a warning. */
export function keepLabels(
  labels: Record<string, string> | undefined,
  where: string,
  warnings: string[],
): Record<string, string> | undefined {
  if (!labels) return undefined;
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    if (/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/.test(key)) kept[key] = String(value);
    else warnings.push(`${where}: label ${JSON.stringify(key)} left out: not an OpenSLO label key`);
  }
  return Object.keys(kept).length ? kept : undefined;
}

export const formatImport = (result: ImportResult) => toYaml(result.documents, ["Service", "DataSource", "SLO"]);
