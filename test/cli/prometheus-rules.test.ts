import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/main.js";
import { settingsSchema } from "../../src/server/settings.js";
import {
  ALERT_CONDITION_EXAMPLE,
  ALERT_NOTIFICATION_TARGET_EXAMPLE,
  ALERT_POLICY_EXAMPLE,
  DATA_SOURCE_EXAMPLE,
  SERVICE_EXAMPLE,
  SLI_EXAMPLE,
  SLO_EXAMPLE,
} from "../../src/slo/examples.js";
import { runNines } from "../support/cli.js";

/**
 * `nines export prometheus-rules` writes rule files that Debian's `promtool check rules` accepts,
 * and whose alerts fire (and stay quiet) as the Workbook says under `promtool test rules`.
 */

const PROMTOOL = "/usr/bin/promtool";
if (!existsSync(PROMTOOL) && process.env.NINES_REQUIRE_ALL === "1")
  throw new Error(`NINES_REQUIRE_ALL=1 but ${PROMTOOL} is missing (apt-get install prometheus)`);
const promtoolMissing = existsSync(PROMTOOL)
  ? undefined
  : "Debian's promtool is not installed (apt-get install prometheus)";

const dir = mkdtempSync(path.join(tmpdir(), "nines-rules-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

/** A checkout SLO on Prometheus data (the demo's own SLOs read monitors and events, which have no rules). */
const CHECKOUT = `apiVersion: openslo/v1
kind: Service
metadata:
  name: shop
  displayName: Web shop
spec:
  description: The storefront and checkout customers use.
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
spec:
  service: shop
  description: 99.5% of checkout requests succeed over 28 days.
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  indicator:
    metadata:
      name: checkout-success
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{service="checkout",code!~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{service="checkout"}[5m]))
  objectives:
    - displayName: Checkout requests succeed
      target: 0.995
`;
const demo = write("checkout.yaml", CHECKOUT);

function promtool(...args: string[]): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync(PROMTOOL, args, { encoding: "utf8", stdio: "pipe", timeout: 60_000 }) };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, output: `${failed.stdout}${failed.stderr}` };
  }
}

const EXAMPLES = [
  SERVICE_EXAMPLE,
  DATA_SOURCE_EXAMPLE,
  SLI_EXAMPLE,
  SLO_EXAMPLE,
  ALERT_POLICY_EXAMPLE,
  ALERT_CONDITION_EXAMPLE,
  ALERT_NOTIFICATION_TARGET_EXAMPLE,
].join("---\n");

describe("nines export prometheus-rules -f", () => {
  it("writes a Prometheus SLO's rules, which promtool accepts", async () => {
    const result = await runNines(["export", "prometheus-rules", "-f", demo]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("name: nines-slo-checkout-availability");
    expect(result.stdout).toContain("13.44 * 0.005");
    if (promtoolMissing) return;
    const checked = promtool("check", "rules", write("demo-rules.yaml", result.stdout));
    // 2 increases + 2 x 7 windows + 4 alerts
    expect(checked).toEqual({ code: 0, output: expect.stringContaining("SUCCESS: 20 rules found") });
  });

  it("writes the reference examples' rules (an SLI by reference, a DataSource by reference)", async () => {
    const result = await runNines(["export", "prometheus-rules", "-f", write("examples.yaml", EXAMPLES)]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain('http_requests_total{service="checkout",code!~"5.."}');
    if (promtoolMissing) return;
    expect(promtool("check", "rules", write("example-rules.yaml", result.stdout)).code).toBe(0);
  });

  it("says which SLOs it skipped and why, and fails when nothing is left", async () => {
    const threshold = SLO_EXAMPLE.replace("indicatorRef: checkout-availability", "indicatorRef: latency");
    const sli = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: latency
spec:
  thresholdMetric:
    metricSource:
      type: Prometheus
      spec:
        query: histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))
`;
    const file = write(
      "threshold.yaml",
      [SERVICE_EXAMPLE, sli, threshold.replace(/ {2}alertPolicies:\n.*\n/, "")].join("---\n"),
    );
    const result = await runNines(["export", "prometheus-rules", "-f", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "skipped SLO checkout-availability: a thresholdMetric SLI has no good and total events to count",
    );
    expect(result.stderr).toContain("nothing to export");
  });
});

describe.skipIf(promtoolMissing)("the exported alerts under promtool test rules", () => {
  it("pages on a fast burn of the 28-day budget and stays quiet within it", async () => {
    const { stdout } = await runNines(["export", "prometheus-rules", "-f", demo]);
    write("rules.yaml", stdout);
    // 100 checkout requests a minute, none failing for a day, then 10% failing: 20x the 0.5% budget.
    // After 65 minutes of it only the 1h/5m page burns (13.44x); 6h holds 1.8% (3.6x, under 5.6x),
    // 1d and 3d under 0.5%. Search's errors are another service's and never count.
    const test = `rule_files: [rules.yaml]
evaluation_interval: 5m
tests:
  - interval: 1m
    input_series:
      - series: 'http_requests_total{service="checkout",code="200"}'
        values: '0+100x1440 144090+90x65'
      - series: 'http_requests_total{service="checkout",code="500"}'
        values: '0x1440 10+10x65'
      - series: 'http_requests_total{service="search",code="500"}'
        values: '0+50x1505'
    promql_expr_test:
      - expr: nines:slo_total:increase1h
        eval_time: 25h5m
        exp_samples:
          - labels: 'nines:slo_total:increase1h{slo="checkout-availability"}'
            value: 6000
      - expr: nines:slo_good:increase30m
        eval_time: 25h5m
        exp_samples:
          - labels: 'nines:slo_good:increase30m{slo="checkout-availability"}'
            value: 2700
    alert_rule_test:
      - eval_time: 24h
        alertname: ErrorBudgetBurn
        exp_alerts: []
      - eval_time: 24h10m
        alertname: ErrorBudgetBurn
        exp_alerts: []
      - eval_time: 25h5m
        alertname: ErrorBudgetBurn
        exp_alerts:
          - exp_labels: {severity: page, slo: checkout-availability, service: shop, objective: Checkout requests succeed, long_window: 1h, short_window: 5m}
            exp_annotations:
              summary: checkout-availability burns its error budget 13.44x too fast over 1h and 5m
              description: At this rate 2% of the 28d budget of Checkout requests succeed (target 0.995) is spent within 1h.
`;
    const result = promtool("test", "rules", write("burn.test.yaml", test));
    expect(result).toEqual({ code: 0, output: expect.stringContaining("SUCCESS") });
  });
});

describe("nines export prometheus-rules from the server", () => {
  let server: RunningServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startServer(settingsSchema.parse({ port: 0, dataDir: path.join(dir, "data") }), {
      logger: pino({ level: "silent" }),
      handleSignals: false,
    });
    env = { NINES_SERVER: server.url, NINES_DATA: path.join(dir, "data") };
    const created = await runNines(["token", "create", "--name", "rules-test", "--role", "editor"], env);
    env.NINES_TOKEN = created.stdout.trim();
    expect(await runNines(["apply", "-f", demo], env)).toMatchObject({ code: 0 });
  });
  afterAll(async () => {
    await server?.shutdown("test done");
  });

  it("reads the stored SLOs and writes the same rules as from the files", async () => {
    const stored = await runNines(["export", "prometheus-rules"], env);
    expect(stored).toMatchObject({ code: 0, stderr: "" });
    expect(stored.stdout).toBe((await runNines(["export", "prometheus-rules", "-f", demo])).stdout);
  });

  it("leaves `nines export KIND` as it was", async () => {
    const result = await runNines(["export", "slos"], env);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain("name: checkout-availability");
  });
});
