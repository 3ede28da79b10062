import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { NinesDocument } from "../config/document.js";
import {
  type AlertingRule,
  BURN_TIERS,
  buildPrometheusRules,
  burnFactor,
  formatPrometheusRules,
  type RecordingRule,
  windowHours,
} from "./prometheus-rules.js";

const prometheus = (query: string) => ({ metricSource: { type: "Prometheus", spec: { query } } });

function slo(name: string, spec: Record<string, unknown>): NinesDocument {
  return {
    apiVersion: "openslo/v1",
    kind: "SLO",
    metadata: { name },
    spec: {
      service: "shop",
      timeWindow: [{ duration: "30d", isRolling: true }],
      budgetingMethod: "Occurrences",
      objectives: [{ target: 0.999 }],
      ...spec,
    },
  };
}

const ratio = (ratioMetric: Record<string, unknown>) => ({
  indicator: { metadata: { name: "i" }, spec: { ratioMetric } },
});

const availability = ratio({
  counter: true,
  good: prometheus('sum by (route) (rate(req_total{job="api",code!~"5.."}[5m]))'),
  total: prometheus('sum by (route) (rate(req_total{job="api"}[5m]))'),
});

const recordOf = (rules: Array<RecordingRule | AlertingRule>, name: string) =>
  rules.find((rule): rule is RecordingRule => "record" in rule && rule.record === name);
const alertsOf = (rules: Array<RecordingRule | AlertingRule>) =>
  rules.filter((rule): rule is AlertingRule => "alert" in rule);

describe("burn factors", () => {
  it("are the Workbook's for 30 days and scale to 28", () => {
    const factors = (days: number) =>
      BURN_TIERS.map((tier) => burnFactor(tier.share, days * 24, windowHours(tier.longWindow) as number));
    expect(factors(30)).toEqual([14.4, 6, 3, 1]);
    expect(factors(28)).toEqual([13.44, 5.6, 2.8, 0.933]);
  });

  it("read window lengths, calendar units at their nominal length", () => {
    expect([windowHours("5m"), windowHours("2h"), windowHours("3d"), windowHours("4w")]).toEqual([1 / 12, 2, 72, 672]);
    expect([windowHours("1M"), windowHours("1Q"), windowHours("1Y"), windowHours("soon")]).toEqual([
      720,
      2160,
      8760,
      undefined,
    ]);
  });
});

describe("buildPrometheusRules", () => {
  it("records the 5m increases by the query's labels, and each window as their sum", () => {
    const { groups, skipped } = buildPrometheusRules([slo("api", availability)]);
    expect(skipped).toEqual([]);
    const [group] = groups;
    expect(group).toMatchObject({ name: "nines-slo-api", interval: "5m" });
    const rules = group?.rules ?? [];
    expect(recordOf(rules, "nines:slo_total:increase5m")).toEqual({
      record: "nines:slo_total:increase5m",
      expr: 'sum by (route) (increase(req_total{job="api"}[5m]))',
      labels: { slo: "api" },
    });
    expect(recordOf(rules, "nines:slo_good:increase5m")?.expr).toBe(
      'sum by (route) (increase(req_total{job="api",code!~"5.."}[5m])) or 0 * sum by (route) (increase(req_total{job="api"}[5m]))',
    );
    expect(recordOf(rules, "nines:slo_good:increase1h")?.expr).toBe(
      'sum_over_time(nines:slo_good:increase5m{slo="api"}[59m59s])',
    );
    expect(recordOf(rules, "nines:slo_total:increase30d")?.expr).toBe(
      'sum_over_time(nines:slo_total:increase5m{slo="api"}[29d23h59m59s])',
    );
    const recorded = rules.filter((rule): rule is RecordingRule => "record" in rule).map((rule) => rule.record);
    expect(recorded.filter((name) => name.startsWith("nines:slo_good:"))).toEqual(
      ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"].map((window) => `nines:slo_good:increase${window}`),
    );
  });

  it("writes the four multiwindow alerts per objective", () => {
    const [group] = buildPrometheusRules([
      slo("api", { ...availability, objectives: [{ target: 0.999 }, { displayName: "Strict", targetPercent: 99.99 }] }),
    ]).groups;
    const alerts = alertsOf(group?.rules ?? []);
    expect(alerts).toHaveLength(8);
    expect(alerts[0]).toEqual({
      alert: "ErrorBudgetBurn",
      expr: '(1 - nines:slo_good:increase1h{slo="api"} / nines:slo_total:increase1h{slo="api"}) > 14.4 * 0.001\nand\n(1 - nines:slo_good:increase5m{slo="api"} / nines:slo_total:increase5m{slo="api"}) > 14.4 * 0.001',
      labels: {
        severity: "page",
        slo: "api",
        service: "shop",
        objective: "objective-0",
        long_window: "1h",
        short_window: "5m",
      },
      annotations: {
        summary: "api burns its error budget 14.4x too fast over 1h and 5m",
        description: "At this rate 2% of the 30d budget of objective-0 (target 0.999) is spent within 1h.",
      },
    });
    expect(alerts.map((alert) => [alert.labels.severity, alert.labels.long_window, alert.labels.short_window])).toEqual(
      [...Array(2)].flatMap(() => [
        ["page", "1h", "5m"],
        ["page", "6h", "30m"],
        ["ticket", "1d", "2h"],
        ["ticket", "3d", "6h"],
      ]),
    );
    expect(alerts[7]?.expr).toContain("> 1 * 0.0001");
    expect(alerts[7]?.labels.objective).toBe("Strict");
  });

  it("turns bad and total into good, keeping label sets without any bad event", () => {
    const [group] = buildPrometheusRules([
      slo("api", ratio({ bad: prometheus("sum(rate(err_total[5m]))"), total: prometheus("sum(rate(req_total[5m]))") })),
    ]).groups;
    expect(recordOf(group?.rules ?? [], "nines:slo_good:increase5m")?.expr).toBe(
      "sum(increase(req_total[5m])) - (sum(increase(err_total[5m])) or 0 * sum(increase(req_total[5m])))",
    );
  });

  it("leaves out the tiers whose long window is longer than the SLO's", () => {
    const [group] = buildPrometheusRules([
      slo("api", { ...availability, timeWindow: [{ duration: "1d", isRolling: true }] }),
    ]).groups;
    expect(alertsOf(group?.rules ?? []).map((alert) => alert.labels.long_window)).toEqual(["1h", "6h", "1d"]);
  });

  it("records no window sum for a calendar window, yet alerts at its nominal length", () => {
    const calendar = [{ duration: "1M", calendar: { startTime: "2024-01-01 00:00:00", timeZone: "UTC" } }];
    const [group] = buildPrometheusRules([slo("api", { ...availability, timeWindow: calendar })]).groups;
    const rules = group?.rules ?? [];
    expect(recordOf(rules, "nines:slo_good:increase1M")).toBeUndefined();
    expect(alertsOf(rules)[0]?.expr).toContain("> 14.4 * 0.001");
  });

  it("follows indicatorRef and metricSourceRef among the documents", () => {
    const documents: NinesDocument[] = [
      slo("api", { indicatorRef: "requests" }),
      {
        apiVersion: "openslo/v1",
        kind: "SLI",
        metadata: { name: "requests" },
        spec: {
          ratioMetric: {
            good: { metricSource: { metricSourceRef: "prom", spec: { query: "rate(ok_total[5m])" } } },
            total: { metricSource: { metricSourceRef: "prom", spec: { query: "rate(all_total[5m])" } } },
          },
        },
      },
      { apiVersion: "openslo/v1", kind: "DataSource", metadata: { name: "prom" }, spec: { type: "prometheus" } },
    ];
    const { groups, skipped } = buildPrometheusRules(documents);
    expect(skipped).toEqual([]);
    expect(recordOf(groups[0]?.rules ?? [], "nines:slo_total:increase5m")?.expr).toBe("sum(increase(all_total[5m]))");
  });

  it.each([
    [{ ...availability, budgetingMethod: "Timeslices" }, "budgetingMethod Timeslices is not exported"],
    [{ indicatorRef: "missing" }, "its SLI missing is not among the documents"],
    [{ objectives: [{ target: 0.9, indicatorRef: "x" }] }, "composite SLOs are not exported"],
    [
      { indicator: { metadata: { name: "i" }, spec: { thresholdMetric: prometheus("x") } } },
      "a thresholdMetric SLI has no good and total events",
    ],
    [ratio({ raw: prometheus("x"), rawType: "success" }), "a raw ratio SLI"],
    [
      ratio({ good: { metricSource: { type: "Datadog", spec: { query: "x" } } }, total: prometheus("rate(t[5m])") }),
      "good: the metric source is Datadog, not Prometheus",
    ],
    [
      ratio({ good: { metricSource: { metricSourceRef: "dd", spec: { query: "x" } } }, total: prometheus("t") }),
      "good: its DataSource dd is not among the documents",
    ],
    [
      ratio({ good: prometheus("rate(g[5m])"), total: prometheus("sum(rate(t[5m])) / 2") }),
      "total: the embedded PromQL",
    ],
    [ratio({ good: prometheus("g"), total: prometheus("t") }), "only counters are exported"],
    [
      ratio({ good: prometheus("sum by (a) (rate(g[5m]))"), total: prometheus("sum(rate(t[5m]))") }),
      "good and total must be summed by the same labels, got (a) and ()",
    ],
    [{ ...availability, timeWindow: undefined }, "the SLO has no timeWindow"],
  ])("skips %j, saying why", (spec, reason) => {
    const { groups, skipped } = buildPrometheusRules([slo("api", spec)]);
    expect(groups).toEqual([]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.reason).toContain(reason);
  });

  it("ignores documents that are not SLOs", () => {
    const service: NinesDocument = { apiVersion: "openslo/v1", kind: "Service", metadata: { name: "shop" }, spec: {} };
    expect(buildPrometheusRules([service])).toEqual({ groups: [], skipped: [] });
  });
});

describe("formatPrometheusRules", () => {
  it("writes plain YAML groups, without anchors, and names what was skipped", () => {
    const text = formatPrometheusRules(
      buildPrometheusRules([slo("api", availability), slo("latency", { indicatorRef: "gone" })]),
    );
    expect(text).not.toMatch(/[&*]a1/);
    expect(text).toContain("# Skipped SLO latency: its SLI gone is not among the documents\n");
    const parsed = parse(text) as { groups: Array<{ name: string; rules: unknown[] }> };
    expect(parsed.groups.map((group) => group.name)).toEqual(["nines-slo-api"]);
    expect(parsed.groups[0]?.rules).toEqual(buildPrometheusRules([slo("api", availability)]).groups[0]?.rules);
  });
});
