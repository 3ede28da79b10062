import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadDocuments, validateDocuments } from "../../src/config/load.js";
import { checkReferences } from "../../src/config/object-references.js";
import { KINDS } from "../../src/kinds.js";
import { formatImport, type ImportResult } from "../../src/slo/import-common.js";
import { importPyrra } from "../../src/slo/import-pyrra.js";
import { importSloth } from "../../src/slo/import-sloth.js";
import { buildPrometheusRules } from "../../src/slo/prometheus-rules.js";
import { runNines } from "../support/cli.js";

/** Sloth and Pyrra specs become OpenSLO that the real loader and reference checks take. */

const dir = mkdtempSync(path.join(tmpdir(), "nines-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

const SLOTH = `version: "prometheus/v1"
service: "payments"
labels:
  owner: "team-pay"
  _internal: "x"
slos:
  - name: "charge-availability"
    objective: 99.95
    description: "Charges succeed."
    sli:
      events:
        error_query: sum by (method) (rate(payments_charges_total{outcome="error"}[{{.window}}]))
        total_query: sum by (method) (rate(payments_charges_total[{{ .window }}]))
    alerting:
      name: ChargeErrors
      page_alert:
        labels: {severity: critical}
      ticket_alert:
        disable: true
  - name: "refund-ratio"
    objective: 99
    sli:
      raw:
        error_ratio_query: payments:refund_errors:ratio_rate{{.window}}
    alerting:
      name: RefundErrors
  - name: "fraud-latency"
    objective: 99
    sli:
      plugin:
        id: "sloth-common/latency"
        options: {bucket: "0.5"}
    alerting:
      name: FraudSlow
`;

const SLOTH_CRD = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: ledger
spec:
  service: ledger
  slos:
    - name: writes
      objective: 99.9
      sli:
        events:
          errorQuery: sum(rate(ledger_writes_total{ok="false"}[{{.window}}]))
          totalQuery: sum(rate(ledger_writes_total[{{.window}}]))
      alerting:
        name: LedgerWrites
        pageAlert: {disable: true}
`;

const PYRRA = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: search-errors
  namespace: search
  labels:
    pyrra.dev/team: search
    tier: "1"
spec:
  target: "99.5"
  window: 4w
  description: Search answers without errors.
  indicator:
    ratio:
      errors:
        metric: search_requests_total{code=~"5.."}
      total:
        metric: search_requests_total
      grouping: [route]
---
apiVersion: v1
kind: List
items:
  - apiVersion: pyrra.dev/v1alpha1
    kind: ServiceLevelObjective
    metadata: {name: search-latency, namespace: search}
    spec:
      target: "95"
      window: 2w
      alerting: {disabled: true}
      indicator:
        latency:
          success:
            metric: search_duration_seconds_bucket{le="0.25"}
          total:
            metric: search_duration_seconds_count
  - apiVersion: pyrra.dev/v1alpha1
    kind: ServiceLevelObjective
    metadata: {name: probe-up, namespace: edge}
    spec:
      target: "99.9"
      window: 28d
      indicator:
        bool_gauge:
          metric: probe_success{job="edge"}
  - apiVersion: pyrra.dev/v1alpha1
    kind: ServiceLevelObjective
    metadata: {name: native, namespace: edge}
    spec:
      target: "99"
      window: 28d
      indicator:
        latencyNative:
          total: {metric: edge_duration_seconds}
          latency: 100ms
`;

/** What `nines validate` does: load and check every document, then the references among them. */
function validateAsNinesDoes(result: ImportResult) {
  const text = formatImport(result);
  const loaded = loadDocuments(text, "imported.yaml", { env: {}, kinds: KINDS });
  const again = validateDocuments(
    parse(
      `[${text
        .split("---\n")
        .map((part) => JSON.stringify(parse(part)))
        .join(",")}]`,
    ),
    KINDS,
  );
  const references = checkReferences(KINDS, loaded.documents);
  return { text, loaded, issues: [...loaded.issues, ...again.issues, ...references] };
}

describe("importSloth", () => {
  it("converts events and raw SLIs, alert tiers and labels into valid OpenSLO", () => {
    const result = importSloth(SLOTH);
    const { loaded, issues, text } = validateAsNinesDoes(result);
    expect(issues).toEqual([]);
    expect(loaded.documents.map(({ document }) => `${document.kind}/${document.metadata.name}`)).toEqual([
      "Service/payments",
      "SLO/payments-charge-availability",
      "SLO/payments-refund-ratio",
    ]);
    expect(text).toContain('query: sum by (method) (rate(payments_charges_total{outcome="error"}[5m]))');
    expect(text).toContain("query: payments:refund_errors:ratio_rate5m");
    expect(text).not.toContain("{{");
    const charge = loaded.documents[1]?.document.spec as {
      objectives: unknown[];
      alertPolicies: Array<{
        spec: { conditions: Array<{ spec: { condition: { threshold: number; lookbackWindow: string } } }> };
      }>;
    };
    expect(charge.objectives).toEqual([{ displayName: "charge-availability", targetPercent: 99.95 }]);
    expect(charge.alertPolicies.map((policy) => policy.spec.conditions[0]?.spec.condition)).toMatchObject([
      { threshold: 14.4, lookbackWindow: "1h" },
      { threshold: 6, lookbackWindow: "6h" },
    ]);
    expect(result.refused).toEqual([
      {
        slo: "payments/fraud-latency",
        reason: expect.stringContaining('SLI plugin "sloth-common/latency" is Go code'),
      },
    ]);
    expect(result.warnings).toEqual([expect.stringContaining('label "_internal" left out')]);
  });

  it("reads the PrometheusServiceLevel resource too, with the window asked for", () => {
    const result = importSloth(SLOTH_CRD, { window: "28d", dataSource: "prom", prometheusUrl: "http://prom:9090" });
    const { loaded, issues, text } = validateAsNinesDoes(result);
    expect(issues).toEqual([]);
    expect(loaded.documents.map(({ document }) => document.kind)).toEqual(["Service", "DataSource", "SLO"]);
    expect(text).toContain("metricSourceRef: prom");
    expect(text).toContain("duration: 28d");
    // page disabled: only the ticket tiers, at 28-day factors.
    expect(text).toMatch(/threshold: 2\.8\n[\s\S]*threshold: 0\.933\n/);
    expect(text).not.toContain("severity: page");
  });

  it("refuses what the engine can't count, naming the field and the supported forms", () => {
    const latency = SLOTH_CRD.replace(
      'errorQuery: sum(rate(ledger_writes_total{ok="false"}[{{.window}}]))',
      "errorQuery: sum(rate(a[{{.window}}])) - sum(rate(b[{{.window}}]))",
    );
    expect(importSloth(latency).refused).toEqual([
      { slo: "ledger/writes", reason: expect.stringMatching(/^error_query: .*it supports a selector/) },
    ]);
    expect(importSloth("version: prometheus/v2\nservice: x\nslos: []\n").refused[0]?.reason).toContain(
      "expected prometheus/v1",
    );
    expect(importSloth("version: prometheus/v1\nslos: []\n").refused[0]?.reason).toContain("service");
    expect(importSloth(SLOTH, { window: "soon" }).refused[0]?.reason).toContain("expected a window");
  });
});

describe("importPyrra", () => {
  it("converts ratio, latency and bool_gauge indicators into valid OpenSLO, through Lists", () => {
    const result = importPyrra(PYRRA);
    const { loaded, issues, text } = validateAsNinesDoes(result);
    expect(issues).toEqual([]);
    expect(loaded.documents.map(({ document }) => `${document.kind}/${document.metadata.name}`)).toEqual([
      "Service/edge",
      "Service/search",
      "SLO/probe-up",
      "SLO/search-errors",
      "SLO/search-latency",
    ]);
    expect(text).toContain('query: sum by (route) (rate(search_requests_total{code=~"5.."}[5m]))');
    expect(text).toContain("query: sum(rate(search_duration_seconds_count[5m]))");
    expect(text).toContain('query: avg(avg_over_time(probe_success{job="edge"}[1m]))');
    expect(text).toContain("targetPercent: 99.5");
    expect(text).toContain("duration: 4w");
    expect(result.refused).toEqual([{ slo: "native", reason: expect.stringContaining("native histograms") }]);
    expect(result.warnings).toEqual([expect.stringContaining('label "pyrra.dev/team" left out')]);
  });

  it("gives SLOs whose rules Nines can export", () => {
    const { loaded } = validateAsNinesDoes(importPyrra(PYRRA, { service: "web" }));
    const rules = buildPrometheusRules(loaded.documents.map(({ document }) => document));
    expect(rules.groups.map((group) => group.name)).toEqual(["nines-slo-search-errors", "nines-slo-search-latency"]);
    expect(rules.skipped).toEqual([{ slo: "probe-up", reason: expect.stringContaining("raw ratio") }]);
  });

  it("refuses targets that are not percentages and documents that are not SLOs", () => {
    const result = importPyrra(
      `${PYRRA.split("---")[0]?.replace('target: "99.5"', 'target: "0.995x"')}---\nkind: Deployment\n`,
    );
    expect(result.refused).toEqual([
      { slo: "search-errors", reason: 'target "0.995x" is not a percentage in (0, 100)' },
      { slo: "document 2", reason: expect.stringContaining("pyrra.dev/v1alpha1") },
    ]);
  });
});

describe("nines import", () => {
  it("prints the converted documents, which nines validate accepts", async () => {
    const output = await runNines(["import", "pyrra", write("pyrra.yaml", PYRRA.split("---")[0] ?? "")]);
    expect(output).toMatchObject({ code: 0 });
    expect(await runNines(["validate", write("from-pyrra.yaml", output.stdout)])).toMatchObject({
      code: 0,
      stdout: "2 documents valid\n",
    });
  });

  it("names what it could not convert and exits 1, still printing the rest", async () => {
    const output = await runNines([
      "import",
      "sloth",
      write("sloth.yaml", SLOTH),
      "--datasource",
      "prom",
      "--prometheus-url",
      "http://prom:9090",
    ]);
    expect(output.code).toBe(1);
    expect(output.stderr).toContain("payments/fraud-latency not imported: the SLI plugin");
    expect(output.stderr).toContain("1 not imported; the 2 SLOs converted are printed");
    expect(await runNines(["validate", write("from-sloth.yaml", output.stdout)])).toMatchObject({
      code: 0,
      stdout: "4 documents valid\n",
    });
  });

  it("refuses a bad --prometheus-url and a missing file", async () => {
    const bad = await runNines(["import", "sloth", write("s.yaml", SLOTH_CRD), "--prometheus-url", "prom:9090"]);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining("--prometheus-url") });
    const missing = await runNines(["import", "pyrra", path.join(dir, "nope.yaml")]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining("ENOENT") });
  });
});
