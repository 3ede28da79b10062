import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * Nines' own metrics in the Prometheus exposition format: the process and the HTTP server here,
 * each module's own beside it (`probes/prometheus.ts`). One registry per app, not the global one,
 * so several apps in one test process don't collide.
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
  return { registry, httpRequests, httpDuration };
}

export type Metrics = ReturnType<typeof createMetrics>;
