import { createHash } from "node:crypto";
import { isRecord } from "../config/describe-value.js";
import type { Objective, SliSpec, SloSpec } from "./model.js";
import { parseSliQuery, type SliQuery } from "./promql.js";

/**
 * What the engine must read for an SLO: each indicator (the SLO's own, or each objective's in a
 * composite SLO, or each objective's in a threshold SLO, whose good events depend on the
 * objective's value) becomes a stream with one source. Pure: referenced documents come in through
 * `lookup`. A problem is a message, never an exception: one broken SLO must not stop the others.
 */

export type Lookup = (kind: "SLI" | "DataSource", name: string) => { spec: unknown } | undefined;

export type SourcePlan =
  | { type: "Monitor"; monitor: string; measure: "availability" }
  | { type: "Monitor"; monitor: string; measure: "latency"; op: Op; value: number }
  | { type: "Events"; sli: string }
  | { type: "RemoteWrite"; good: SliQuery | null; bad: SliQuery | null; total: SliQuery; counter: boolean }
  | {
      type: "Prometheus";
      dataSource: string;
      connectionDetails: unknown;
      good: SliQuery | null;
      bad: SliQuery | null;
      total: SliQuery | null;
      counter: boolean;
      /** A raw ratio or a threshold metric: the query as written, one value a minute. */
      valueQuery: string | null;
      rawType: "success" | "failure" | null;
      threshold: { op: Op; value: number } | null;
    };

export type Op = "lte" | "gte" | "lt" | "gt";

export interface StreamPlan {
  /** `sli` for the SLO's own indicator, `objective-<i>` for an objective's. */
  stream: string;
  /** The SLI's name: events are posted to it. */
  sliName: string;
  fingerprint: string;
  source: SourcePlan;
}

export type IndicatorPlans =
  | { ok: true; streams: StreamPlan[]; streamOf: (objective: number) => string }
  | { ok: false; error: string };

const fingerprintOf = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

interface MetricSource {
  metricSourceRef?: string;
  type?: string;
  spec: Record<string, unknown>;
}

const sourceOf = (metric: unknown): MetricSource | undefined =>
  isRecord(metric) && isRecord(metric.metricSource) ? (metric.metricSource as unknown as MetricSource) : undefined;

function queryOf(source: MetricSource | undefined, role: string): { query?: SliQuery; text?: string; error?: string } {
  if (!source) return {};
  const text = source.spec.query ?? source.spec.promql;
  if (typeof text !== "string") return { error: `${role}: expected spec.query with a PromQL query` };
  const parsed = parseSliQuery(text);
  return parsed.ok ? { query: parsed.query, text } : { text, error: `${role}: ${parsed.error}` };
}

type Resolved = { type: string; dataSource?: string; connectionDetails?: unknown } | { error: string };

function resolveType(source: MetricSource, lookup: Lookup): Resolved {
  if (source.metricSourceRef) {
    const dataSource = lookup("DataSource", source.metricSourceRef);
    if (!dataSource || !isRecord(dataSource.spec))
      return { error: `DataSource "${source.metricSourceRef}" does not exist` };
    const details = dataSource.spec.connectionDetails;
    const type = String(dataSource.spec.type);
    // A Prometheus DataSource without a url is remote_write into Nines itself.
    if (type === "Prometheus" && !(isRecord(details) && "url" in details)) return { type: "RemoteWrite" };
    return { type, dataSource: source.metricSourceRef, connectionDetails: details };
  }
  return { type: source.type === "Prometheus" ? "RemoteWrite" : String(source.type) };
}

const SUPPORTED_TYPES =
  "Monitor, Events, Prometheus (a DataSource with a url: its query API; without: remote_write into Nines)";

function monitorSource(spec: SliSpec, objective: Objective | undefined): SourcePlan | string {
  if (spec.thresholdMetric) {
    const source = sourceOf(spec.thresholdMetric) as MetricSource;
    const monitor = source.spec.monitor;
    if (typeof monitor !== "string") return "thresholdMetric: expected spec.monitor with the name of a Monitor";
    if (source.spec.measure !== undefined && source.spec.measure !== "latency")
      return `thresholdMetric: expected spec.measure "latency" (the probe's duration in milliseconds), got ${JSON.stringify(source.spec.measure)}`;
    if (!objective?.op || objective.value === undefined) return 'a threshold objective needs "op" and "value"';
    return { type: "Monitor", monitor, measure: "latency", op: objective.op, value: objective.value };
  }
  const ratio = spec.ratioMetric;
  const good = sourceOf(ratio?.good);
  const total = sourceOf(ratio?.total);
  if (!good || !total) return 'a Monitor ratioMetric needs "good" and "total" (good counts results that were not down)';
  if (good.spec.monitor !== total.spec.monitor || typeof good.spec.monitor !== "string")
    return "good and total must name the same monitor in spec.monitor";
  return { type: "Monitor", monitor: good.spec.monitor, measure: "availability" };
}

/** A query read as one value a minute from a query API: a raw ratio or a threshold metric. */
function valueSource(
  resolved: { dataSource?: string; connectionDetails?: unknown },
  valueQuery: string,
  how: Pick<Extract<SourcePlan, { type: "Prometheus" }>, "rawType" | "threshold">,
): SourcePlan {
  return {
    type: "Prometheus",
    dataSource: resolved.dataSource ?? "",
    connectionDetails: resolved.connectionDetails,
    good: null,
    bad: null,
    total: null,
    counter: false,
    valueQuery,
    ...how,
  };
}

function prometheusSource(
  spec: SliSpec,
  resolved: { dataSource?: string; connectionDetails?: unknown },
  objective: Objective | undefined,
  remote: boolean,
): SourcePlan | string {
  if (spec.thresholdMetric) {
    if (remote) return "thresholdMetric needs a Prometheus query API (a DataSource with a url) or a Monitor";
    const { text, error } = queryOf(sourceOf(spec.thresholdMetric), "thresholdMetric");
    if (!text) return error ?? "thresholdMetric: expected spec.query";
    if (!objective?.op || objective.value === undefined) return 'a threshold objective needs "op" and "value"';
    return valueSource(resolved, text, { rawType: null, threshold: { op: objective.op, value: objective.value } });
  }
  const ratio = spec.ratioMetric;
  if (!ratio) return "expected ratioMetric or thresholdMetric";
  if (ratio.raw) {
    if (remote) return "a raw ratio needs a Prometheus query API (a DataSource with a url)";
    const { text, error } = queryOf(sourceOf(ratio.raw), "raw");
    if (!text) return error ?? "raw: expected spec.query";
    return valueSource(resolved, text, { rawType: ratio.rawType ?? "success", threshold: null });
  }
  const parts = {
    good: queryOf(sourceOf(ratio.good), "good"),
    bad: queryOf(sourceOf(ratio.bad), "bad"),
    total: queryOf(sourceOf(ratio.total), "total"),
  };
  const error = parts.good.error ?? parts.bad.error ?? parts.total.error;
  if (error) return error;
  if (!parts.total.query) return 'expected "total"';
  const counter = ratio.counter ?? true;
  if (remote)
    return {
      type: "RemoteWrite",
      good: parts.good.query ?? null,
      bad: parts.bad.query ?? null,
      total: parts.total.query,
      counter,
    };
  return {
    type: "Prometheus",
    dataSource: resolved.dataSource ?? "",
    connectionDetails: resolved.connectionDetails,
    good: parts.good.query ?? null,
    bad: parts.bad.query ?? null,
    total: parts.total.query,
    counter,
    valueQuery: null,
    rawType: null,
    threshold: null,
  };
}

function planIndicator(
  sliName: string,
  spec: SliSpec,
  objective: Objective | undefined,
  lookup: Lookup,
): SourcePlan | string {
  const metric = spec.thresholdMetric ?? spec.ratioMetric?.total ?? spec.ratioMetric?.raw ?? spec.ratioMetric?.good;
  const source = sourceOf(metric);
  if (!source) return "the indicator has no metric source";
  const resolved = resolveType(source, lookup);
  if ("error" in resolved) return resolved.error;
  if (resolved.type === "Monitor") return monitorSource(spec, objective);
  if (resolved.type === "Events") {
    if (spec.thresholdMetric) return "the events endpoint counts good and total events: use a ratioMetric";
    return { type: "Events", sli: sliName };
  }
  if (resolved.type === "Prometheus") return prometheusSource(spec, resolved, objective, false);
  if (resolved.type === "RemoteWrite") return prometheusSource(spec, resolved, objective, true);
  return `metric source type "${resolved.type}" is not one Nines reads; it reads ${SUPPORTED_TYPES}`;
}

/** The streams of an SLO, or why it can't be evaluated. */
export function planIndicators(sloName: string, spec: SloSpec, lookup: Lookup): IndicatorPlans {
  const indicatorOf = (holder: {
    indicator?: { metadata: { name: string }; spec: unknown };
    indicatorRef?: string;
  }) => {
    if (holder.indicator) return { name: holder.indicator.metadata.name, spec: holder.indicator.spec as SliSpec };
    if (holder.indicatorRef) {
      const found = lookup("SLI", holder.indicatorRef);
      return found ? { name: holder.indicatorRef, spec: found.spec as SliSpec } : undefined;
    }
    return undefined;
  };
  const own = indicatorOf(spec as never);
  const streams: StreamPlan[] = [];
  const composite = !spec.indicator && !spec.indicatorRef;
  const perObjective = composite || Boolean(own?.spec.thresholdMetric);
  if (!composite && !own) return { ok: false, error: `SLI "${spec.indicatorRef}" does not exist` };
  const objectives = spec.objectives as Objective[];
  for (const [index, objective] of objectives.entries()) {
    if (!perObjective && index > 0) break;
    const indicator = composite ? indicatorOf(objective as never) : own;
    if (!indicator)
      return {
        ok: false,
        error: `objective ${index}: SLI "${(objective as { indicatorRef?: string }).indicatorRef}" does not exist`,
      };
    const source = planIndicator(indicator.name || sloName, indicator.spec, objective, lookup);
    if (typeof source === "string")
      return { ok: false, error: `${perObjective ? `objective ${index}: ` : ""}${source}` };
    const stream = perObjective ? `objective-${index}` : "sli";
    streams.push({ stream, sliName: indicator.name || sloName, source, fingerprint: fingerprintOf(source) });
  }
  return { ok: true, streams, streamOf: (objective) => (perObjective ? `objective-${objective}` : "sli") };
}
