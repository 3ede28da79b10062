import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * Nines' own metrics in the Prometheus exposition format. One registry per app, not the global
 * one, so several apps in one test process don't collide.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "nines_" });

  const httpRequests = new Counter({
    name: "nines_http_requests_total",
    help: "HTTP requests served, by method, route and status code.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "nines_http_request_duration_seconds",
    help: "Time to answer HTTP requests.",
    labelNames: ["method", "route"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const probeChecks = new Counter({
    name: "nines_probe_checks_total",
    help: "Checks run by the probe engine, by monitor and result.",
    labelNames: ["monitor", "result"] as const,
    registers: [registry],
  });
  const probeSuccess = new Gauge({
    name: "nines_probe_success",
    help: "Whether the monitor's last check succeeded (1) or failed (0).",
    labelNames: ["monitor", "type"] as const,
    registers: [registry],
  });
  const probeDuration = new Gauge({
    name: "nines_probe_duration_seconds",
    help: "Duration of the monitor's last check, by phase (total, dns, connect, tls, firstByte, transfer).",
    labelNames: ["monitor", "phase"] as const,
    registers: [registry],
  });
  const probeStatusCode = new Gauge({
    name: "nines_probe_http_status_code",
    help: "HTTP status code of the monitor's last check (0 when there was no response).",
    labelNames: ["monitor"] as const,
    registers: [registry],
  });

  const probeLateness = new Histogram({
    name: "nines_probe_start_lateness_seconds",
    help: "How late checks start against their schedule.",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  return {
    registry,
    probeLateness,
    httpRequests,
    httpDuration,
    probeChecks,
    probeSuccess,
    probeDuration,
    probeStatusCode,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
