import { Histogram, type Metric, type Registry } from "prom-client";
import type { MonitorIdentity } from "./engine.js";
import type { CheckStatus } from "./model.js";
import type { MonitorResult } from "./store.js";

/**
 * The probe engine in Prometheus terms, named and typed as blackbox_exporter's metrics are
 * (`probe_success` → `nines_probe_success` ...), with blackbox's phase names, so existing
 * dashboards need only new metric names. Series carry a `monitor` label instead of `instance`.
 *
 * Per-monitor series are not kept as prom-client label sets: at 10,000 monitors those are about
 * 100,000 label objects, entries and hash strings, rebuilt on every result. Instead each monitor
 * keeps one small record of its last result, and the series are built from the records when
 * `/metrics` is scraped.
 */
const PHASES = [
  ["dns", "resolve"],
  ["connect", "connect"],
  ["tls", "tls"],
  ["firstByte", "processing"],
  ["transfer", "transfer"],
] as const;

const RESULTS = ["up", "degraded", "down"] as const satisfies readonly CheckStatus[];

interface MonitorRecord {
  type: string;
  status: CheckStatus;
  timings: MonitorResult["timings"];
  statusCode: number | null;
  certificateExpiresAt: number | undefined;
  /** Checks so far by result, in the order of RESULTS. */
  counts: [number, number, number];
}

interface Sample {
  labels: Record<string, string>;
  value: number;
}

type MonitorRecords = Map<string, MonitorRecord>;
type MetricType = "gauge" | "counter";

export function createProbeMetrics(registry: Registry) {
  const monitors: MonitorRecords = new Map();
  const series = (
    name: string,
    type: MetricType,
    help: string,
    samples: (name: string, record: MonitorRecord, out: Sample[]) => void,
  ) => registry.registerMetric(derivedMetric(name, type, help, monitors, samples));

  series(
    "nines_probe_success",
    "gauge",
    "Whether the monitor's last check succeeded (1: up or degraded) or failed (0: down).",
    (monitor, record, out) => {
      out.push({ labels: { monitor, type: record.type }, value: record.status === "down" ? 0 : 1 });
    },
  );
  series(
    "nines_probe_duration_seconds",
    "gauge",
    "Duration of the monitor's last check by phase (resolve, connect, tls, processing, transfer); sum the phases for the whole check.",
    (monitor, record, out) => {
      // Only the phases the last check reached: no TLS on plain http, no transfer after a refusal.
      for (const [key, phase] of PHASES) {
        const ms = record.timings?.[key];
        if (typeof ms === "number") out.push({ labels: { monitor, phase }, value: ms / 1000 });
      }
    },
  );
  series(
    "nines_probe_http_status_code",
    "gauge",
    "HTTP status code of the monitor's last check (0 when there was no response).",
    (monitor, record, out) => {
      if (record.type === "http") out.push({ labels: { monitor }, value: record.statusCode ?? 0 });
    },
  );
  series(
    "nines_probe_ssl_earliest_cert_expiry",
    "gauge",
    "Expiry of the earliest-expiring certificate in the chain, in Unix seconds.",
    (monitor, record, out) => {
      if (record.certificateExpiresAt !== undefined)
        out.push({ labels: { monitor }, value: Math.floor(record.certificateExpiresAt / 1000) });
    },
  );
  series(
    "nines_probe_checks_total",
    "counter",
    "Checks run, by monitor and result (up, degraded, down).",
    (monitor, record, out) => {
      // Every result from the first check on, so rate() sees the first failure as a change from 0.
      RESULTS.forEach((result, index) => {
        out.push({ labels: { monitor, result }, value: record.counts[index] ?? 0 });
      });
    },
  );
  const lateness = new Histogram({
    name: "nines_probe_start_lateness_seconds",
    help: "How late checks start against their schedule.",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 2.5, 5, 10],
    registers: [registry],
  });

  return {
    observeStart(latenessMs: number) {
      lateness.observe(Math.max(0, latenessMs) / 1000);
    },
    observeResult(monitor: MonitorIdentity, result: MonitorResult) {
      let record = monitors.get(monitor.name);
      if (!record) {
        record = {
          type: monitor.type,
          status: result.status,
          timings: undefined,
          statusCode: null,
          certificateExpiresAt: undefined,
          counts: [0, 0, 0],
        };
        monitors.set(monitor.name, record);
      }
      record.type = monitor.type;
      record.status = result.status;
      record.timings = result.timings;
      record.statusCode = result.statusCode ?? null;
      // A certificate seen once stays the answer until a check sees another one, as in blackbox.
      if (result.certificateExpiresAt) record.certificateExpiresAt = result.certificateExpiresAt;
      const index = RESULTS.indexOf(result.status);
      record.counts[index] = (record.counts[index] ?? 0) + 1;
    },
    /** Drops a deleted monitor's series, so dashboards don't show it frozen at its last value. */
    forget(monitorName: string) {
      monitors.delete(monitorName);
    },
  };
}

/**
 * A metric prom-client's registry can format, whose samples are built from the monitor records
 * at each scrape. The registry needs `name`, `help`, `type`, `get()` and `reset()`; its types
 * only name its own classes, hence the cast.
 */
function derivedMetric(
  name: string,
  type: MetricType,
  help: string,
  monitors: MonitorRecords,
  samples: (name: string, record: MonitorRecord, out: Sample[]) => void,
): Metric {
  const metric = {
    name,
    help,
    type,
    aggregator: "sum",
    get() {
      const values: Sample[] = [];
      for (const [monitor, record] of monitors) samples(monitor, record, values);
      return Promise.resolve({ name, help, type, aggregator: "sum", values });
    },
    reset() {},
  };
  return metric as unknown as Metric;
}

export type ProbeMetrics = ReturnType<typeof createProbeMetrics>;
