import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { MonitorIdentity } from "./engine.js";
import type { MonitorResult } from "./store.js";

/**
 * The probe engine in Prometheus terms, named and typed as blackbox_exporter's metrics are
 * (`probe_success` → `nines_probe_success` ...), with blackbox's phase names, so existing
 * dashboards need only new metric names. Series carry a `monitor` label instead of `instance`.
 */
const PHASES = {
  dns: "resolve",
  connect: "connect",
  tls: "tls",
  firstByte: "processing",
  transfer: "transfer",
} as const;

export function createProbeMetrics(registry: Registry) {
  const registers = [registry];
  const success = new Gauge({
    name: "nines_probe_success",
    help: "Whether the monitor's last check succeeded (1: up or degraded) or failed (0: down).",
    labelNames: ["monitor", "type"] as const,
    registers,
  });
  const duration = new Gauge({
    name: "nines_probe_duration_seconds",
    help: "Duration of the monitor's last check by phase (resolve, connect, tls, processing, transfer); sum the phases for the whole check.",
    labelNames: ["monitor", "phase"] as const,
    registers,
  });
  const statusCode = new Gauge({
    name: "nines_probe_http_status_code",
    help: "HTTP status code of the monitor's last check (0 when there was no response).",
    labelNames: ["monitor"] as const,
    registers,
  });
  const certificateExpiry = new Gauge({
    name: "nines_probe_ssl_earliest_cert_expiry",
    help: "Expiry of the earliest-expiring certificate in the chain, in Unix seconds.",
    labelNames: ["monitor"] as const,
    registers,
  });
  const checks = new Counter({
    name: "nines_probe_checks_total",
    help: "Checks run, by monitor and result (up, degraded, down).",
    labelNames: ["monitor", "result"] as const,
    registers,
  });
  const lateness = new Histogram({
    name: "nines_probe_start_lateness_seconds",
    help: "How late checks start against their schedule.",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10],
    registers,
  });

  return {
    observeStart(latenessMs: number) {
      lateness.observe(Math.max(0, latenessMs) / 1000);
    },
    observeResult(monitor: MonitorIdentity, result: MonitorResult) {
      const labels = { monitor: monitor.name };
      checks.inc({ ...labels, result: result.status });
      success.set({ ...labels, type: monitor.type }, result.status === "down" ? 0 : 1);
      // A phase missing from this result (no TLS on plain http) must not keep an older value.
      for (const [phase, name] of Object.entries(PHASES)) {
        const ms = result.timings?.[phase as keyof typeof PHASES];
        if (typeof ms === "number") duration.set({ ...labels, phase: name }, ms / 1000);
        else duration.remove({ ...labels, phase: name });
      }
      if (monitor.type === "http") statusCode.set(labels, result.statusCode ?? 0);
      if (result.certificateExpiresAt) certificateExpiry.set(labels, Math.floor(result.certificateExpiresAt / 1000));
    },
    /** Drops a deleted monitor's series, so dashboards don't show it frozen at its last value. */
    forget(monitor: { name: string; type: string }) {
      const labels = { monitor: monitor.name };
      success.remove({ ...labels, type: monitor.type });
      for (const name of Object.values(PHASES)) duration.remove({ ...labels, phase: name });
      statusCode.remove(labels);
      certificateExpiry.remove(labels);
      for (const result of ["up", "degraded", "down"]) checks.remove({ ...labels, result });
    },
  };
}

export type ProbeMetrics = ReturnType<typeof createProbeMetrics>;
