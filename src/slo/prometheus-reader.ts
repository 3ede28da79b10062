import type { Connector } from "../net/connector.js";
import { compareBurn } from "./burn-alerts.js";
import type { MinuteValue, PrometheusReader } from "./engine.js";
import type { SourcePlan } from "./indicators.js";
import { createPrometheusApi } from "./prometheus-api.js";
import { parsePrometheusConnection, type ResolvedPrometheusConnection } from "./prometheus-connection.js";
import { readMinuteCounts, readMinuteValues } from "./prometheus-minutes.js";
import { labelsKey } from "./store.js";

type PrometheusSource = Extract<SourcePlan, { type: "Prometheus" }>;

/**
 * The engine's reader of Prometheus query APIs: a DataSource's connection (its secret references
 * resolved just before each read), every request through the connector, and the SLI's queries
 * turned into good and total counts per minute and group.
 */
export function createPrometheusReader(options: {
  connector: Connector;
  resolve: (value: unknown) => Promise<{ value: unknown } | { error: string }>;
}): PrometheusReader {
  return async (source: PrometheusSource, groupBy, fromMinute, toMinute) => {
    const parsed = parsePrometheusConnection(source.connectionDetails);
    if (!parsed.ok) throw new Error(parsed.error);
    const resolved = await options.resolve(parsed.connection);
    if ("error" in resolved) throw new Error(resolved.error);
    const api = createPrometheusApi({
      connector: options.connector,
      connection: resolved.value as ResolvedPrometheusConnection,
    });
    if (source.valueQuery !== null) {
      const values = await readMinuteValues(api, source.valueQuery, groupBy, fromMinute, toMinute);
      return values.map((value) => ({ labels: value.labels, minute: value.minute, ...unitOf(source, value.value) }));
    }
    const read = (query: NonNullable<PrometheusSource["total"]>) =>
      readMinuteCounts(api, { query, counter: source.counter, groupBy, fromMinute, toMinute });
    const total = source.total ? await read(source.total) : [];
    const good = source.good ? await read(source.good) : [];
    const bad = source.bad ? await read(source.bad) : [];
    const joined = new Map<string, MinuteValue>();
    for (const value of total) {
      joined.set(`${labelsKey(value.labels)}:${value.minute}`, {
        labels: value.labels,
        minute: value.minute,
        good: source.bad ? value.value : 0,
        total: value.value,
      });
    }
    // A good (or bad) count without a total in the same minute and group is no data: nothing is invented.
    for (const value of good) {
      const held = joined.get(`${labelsKey(value.labels)}:${value.minute}`);
      if (held) held.good = Math.min(held.total, held.good + value.value);
    }
    for (const value of bad) {
      const held = joined.get(`${labelsKey(value.labels)}:${value.minute}`);
      if (held) held.good = Math.max(0, held.good - value.value);
    }
    return [...joined.values()];
  };
}

/** One minute of a raw ratio or a threshold metric is one unit: good as far as the value says. */
function unitOf(source: PrometheusSource, value: number): { good: number; total: number } {
  if (source.threshold) {
    return { good: compareBurn(source.threshold.op, value, source.threshold.value) ? 1 : 0, total: 1 };
  }
  const ratio = Math.min(1, Math.max(0, value));
  return { good: source.rawType === "failure" ? 1 - ratio : ratio, total: 1 };
}
