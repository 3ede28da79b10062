import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createProbeMetrics } from "./prometheus.js";

const monitor = { id: 1, name: "shop", type: "http" };

describe("probe metrics in blackbox_exporter's terms", () => {
  it("exposes success, phase durations, status code and certificate expiry", async () => {
    const registry = new Registry();
    const metrics = createProbeMetrics(registry);
    metrics.observeStart(250);
    metrics.observeResult(monitor, {
      monitorId: 1,
      startedAt: 0,
      status: "degraded",
      durationMs: 120,
      statusCode: 200,
      timings: { dns: 2, connect: 3, tls: 10, firstByte: 100, transfer: 5 },
      certificateExpiresAt: Date.UTC(2027, 0, 1),
    });
    const text = await registry.metrics();
    expect(text).toContain('nines_probe_success{monitor="shop",type="http"} 1');
    expect(text).toContain('nines_probe_duration_seconds{monitor="shop",phase="resolve"} 0.002');
    expect(text).toContain('nines_probe_duration_seconds{monitor="shop",phase="processing"} 0.1');
    expect(text).toContain('nines_probe_http_status_code{monitor="shop"} 200');
    expect(text).toContain(`nines_probe_ssl_earliest_cert_expiry{monitor="shop"} ${Date.UTC(2027, 0, 1) / 1000}`);
    expect(text).toContain('nines_probe_checks_total{monitor="shop",result="degraded"} 1');
    // The other results start at 0, so the first failure is a change rate() can see.
    expect(text).toContain('nines_probe_checks_total{monitor="shop",result="down"} 0');
    expect(text).toContain('nines_probe_start_lateness_seconds_bucket{le="0.25"} 1');
    expect(text).toContain("# TYPE nines_probe_success gauge");
    expect(text).toContain("# TYPE nines_probe_checks_total counter");

    metrics.observeResult(monitor, {
      monitorId: 1,
      startedAt: 1,
      status: "down",
      durationMs: 5,
      statusCode: null,
      error: "refused",
      timings: { dns: 1 },
    });
    const after = await registry.metrics();
    expect(after).toContain('nines_probe_success{monitor="shop",type="http"} 0');
    expect(after).toContain('nines_probe_http_status_code{monitor="shop"} 0');
    // A phase the last check did not reach is gone, not stuck at an older value.
    expect(after).not.toContain('phase="processing"');

    expect(after).toContain('nines_probe_checks_total{monitor="shop",result="down"} 1');

    // A monitor that becomes a tcp check loses the http-only series.
    metrics.observeResult({ ...monitor, type: "tcp" }, { monitorId: 1, startedAt: 2, status: "up", durationMs: 1 });
    const retyped = await registry.metrics();
    expect(retyped).toContain('nines_probe_success{monitor="shop",type="tcp"} 1');
    expect(retyped).not.toContain("nines_probe_http_status_code{");

    metrics.forget(monitor.name);
    expect(await registry.metrics()).not.toContain('monitor="shop"');
  });
});
