import { describe, expect, it } from "vitest";
import { loadDocuments } from "../config/load.js";
import { KINDS } from "../kinds.js";
import { ALERT_POLICY_EXAMPLE, type AlertConditionSpec, type AlertPolicySpec, type SloSpec } from "./model.js";

const load = (text: string) => loadDocuments(text, "slo.yaml", { env: {}, kinds: KINDS });

/** Issues without the file name, which is the same everywhere here. */
function issuesOf(text: string) {
  const { documents, issues } = load(text);
  expect(documents).toEqual([]);
  return issues.map(({ file, document, ...rest }) => {
    expect(file).toBe("slo.yaml");
    return rest;
  });
}

function specOf<Spec>(text: string): Spec {
  const { documents, issues } = load(text);
  expect(issues).toEqual([]);
  return documents[0]?.document.spec as Spec;
}

const SLO_HEAD = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout
spec:
  service: checkout
`;

describe("defaults", () => {
  it("fills in the spec's defaults", () => {
    const slo = specOf<SloSpec>(`${SLO_HEAD}  indicatorRef: foo\n  objectives:\n    - target: 0.98\n`);
    expect(slo.budgetingMethod).toBe("Occurrences");
    const condition = specOf<AlertConditionSpec>(`apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: slow-burn
spec:
  severity: ticket
  condition:
    op: gte
    threshold: 1
    lookbackWindow: 6h
`);
    expect(condition.condition).toEqual({
      kind: "burnrate",
      op: "gte",
      threshold: 1,
      lookbackWindow: "6h",
      alertAfter: "0m",
    });
    const policy = specOf<AlertPolicySpec>(ALERT_POLICY_EXAMPLE);
    expect(policy.alertWhenNoData).toBe(false);
  });

  it("takes a calendar window with an IANA zone and assumes isRolling: false", () => {
    const slo = specOf<SloSpec>(`${SLO_HEAD}  indicatorRef: foo
  timeWindow:
    - duration: 1M
      calendar:
        startTime: 2024-02-29 00:00:00
        timeZone: America/New_York
  objectives:
    - target: 0.99
`);
    expect(slo.timeWindow?.[0]).toEqual({
      duration: "1M",
      isRolling: false,
      calendar: { startTime: "2024-02-29 00:00:00", timeZone: "America/New_York" },
    });
  });
});

describe("SLO rules", () => {
  it("rejects target together with targetPercent, at the second one", () => {
    expect(
      issuesOf(`${SLO_HEAD}  indicatorRef: foo
  objectives:
    - target: 0.99
      targetPercent: 99
`),
    ).toEqual([
      {
        line: 10,
        column: 22,
        path: "/spec/objectives/0/targetPercent",
        message: 'expected exactly one of "target" or "targetPercent", got both',
      },
    ]);
  });

  it("asks for a target when neither is given, pointing at the objective", () => {
    expect(
      issuesOf(`${SLO_HEAD}  indicatorRef: foo
  objectives:
    - displayName: Available
`),
    ).toEqual([
      {
        line: 9,
        column: 7,
        path: "/spec/objectives/0",
        message: 'expected exactly one of "target" or "targetPercent"',
      },
    ]);
  });

  it("rejects a target outside [0, 1) and a targetPercent outside [0, 100)", () => {
    expect(
      issuesOf(`${SLO_HEAD}  indicatorRef: foo
  objectives:
    - target: 99.5
    - targetPercent: 100
`),
    ).toEqual([
      {
        line: 9,
        column: 15,
        path: "/spec/objectives/0/target",
        message: "expected a number in [0, 1) (0.995 means 99.5%), got 99.5",
      },
      {
        line: 10,
        column: 22,
        path: "/spec/objectives/1/targetPercent",
        message: "expected a number in [0, 100), got 100",
      },
    ]);
  });

  it("rejects a time zone that is not in the IANA database, suggesting a close one", () => {
    expect(
      issuesOf(`${SLO_HEAD}  indicatorRef: foo
  timeWindow:
    - duration: 1M
      calendar:
        startTime: 2024-01-01 00:00:00
        timeZone: Europe/Berln
  objectives:
    - target: 0.99
`),
    ).toEqual([
      {
        line: 12,
        column: 19,
        path: "/spec/timeWindow/0/calendar/timeZone",
        message:
          'expected an IANA time zone name such as "America/New_York" or "Europe/Berlin", got "Europe/Berln"; did you mean "Europe/Berlin"?',
      },
    ]);
  });

  it("rejects UTC offsets and impossible start times", () => {
    expect(
      issuesOf(`${SLO_HEAD}  indicatorRef: foo
  timeWindow:
    - duration: 1M
      calendar:
        startTime: 2023-02-29 25:00:00
        timeZone: "+02:00"
  objectives:
    - target: 0.99
`).map((issue) => issue.path),
    ).toEqual(["/spec/timeWindow/0/calendar/startTime", "/spec/timeWindow/0/calendar/timeZone"]);
  });

  it.each(["5s", "1.5h", "0d", "h", "4 w", "1y"])("rejects the duration-shorthand %j", (duration) => {
    expect(
      issuesOf(`${SLO_HEAD}  indicatorRef: foo
  timeWindow:
    - duration: "${duration}"
      isRolling: true
  objectives:
    - target: 0.99
`),
    ).toEqual([
      {
        line: 9,
        column: 17,
        path: "/spec/timeWindow/0/duration",
        message: `expected a duration such as "5m", "1h", "4w" or "1M" (a positive whole number and one of m, h, d, w, M, Q, Y), got "${duration}"`,
      },
    ]);
  });

  it("requires exactly one time window", () => {
    expect(
      issuesOf(`${SLO_HEAD}  indicatorRef: foo
  timeWindow:
    - duration: 28d
      isRolling: true
    - duration: 7d
      isRolling: true
  objectives:
    - target: 0.99
`),
    ).toEqual([{ line: 9, column: 5, path: "/spec/timeWindow", message: "expected exactly one time window" }]);
  });

  it.each([
    [
      "neither isRolling nor calendar",
      "",
      'expected "isRolling: true" for a rolling window, or "calendar" for a calendar-aligned one',
      "",
      7,
    ],
    [
      "isRolling: true with a calendar",
      '\n      isRolling: true\n      calendar: { startTime: "2024-01-01 00:00:00", timeZone: UTC }',
      'unexpected "calendar" in a rolling window; set "isRolling: false" for a calendar-aligned window',
      "/calendar",
      17,
    ],
  ])("tells a rolling window from a calendar one: %s", (_, extra, message, subpath, column) => {
    const issues = issuesOf(
      `${SLO_HEAD}  indicatorRef: foo\n  timeWindow:\n    - duration: 28d${extra}\n  objectives:\n    - target: 0.99\n`,
    );
    expect(issues).toEqual([{ line: subpath ? 11 : 9, column, path: `/spec/timeWindow/0${subpath}`, message }]);
  });

  it("requires the time slice fields that the budgeting method needs", () => {
    expect(
      issuesOf(`${SLO_HEAD}  indicatorRef: foo
  budgetingMethod: Timeslices
  objectives:
    - target: 0.99
`),
    ).toEqual([
      {
        line: 10,
        column: 7,
        path: "/spec/objectives/0/timeSliceTarget",
        message: 'missing "timeSliceTarget": expected a number in (0, 1] with budgetingMethod Timeslices',
      },
      {
        line: 10,
        column: 7,
        path: "/spec/objectives/0/timeSliceWindow",
        message:
          'missing "timeSliceWindow": expected minutes or a duration such as "1m" with budgetingMethod Timeslices',
      },
    ]);
    expect(
      load(`${SLO_HEAD}  indicatorRef: foo
  budgetingMethod: RatioTimeslices
  objectives:
    - target: 0.99
      timeSliceWindow: 5
`).issues,
    ).toEqual([]);
  });

  it("requires exactly one of indicator and indicatorRef", () => {
    expect(issuesOf(`${SLO_HEAD}  objectives:\n    - target: 0.99\n`)).toEqual([
      {
        line: 6,
        column: 3,
        path: "/spec",
        message:
          'expected exactly one of "indicator" or "indicatorRef" (or, for a composite SLO, one in every objective)',
      },
    ]);
    expect(
      issuesOf(`${SLO_HEAD}  indicatorRef: foo
  indicator:
    metadata: { name: foo }
    spec: { thresholdMetric: { metricSource: { type: Prometheus, spec: { query: up } } } }
  objectives:
    - target: 0.99
      op: gte
      value: 1
`),
    ).toEqual([
      {
        line: 7,
        column: 17,
        path: "/spec/indicatorRef",
        message: 'expected exactly one of "indicator" or "indicatorRef", got both',
      },
    ]);
  });

  it("accepts a composite SLO whose objectives carry the indicators, and checks every one of them", () => {
    const composite = `${SLO_HEAD}  objectives:
    - target: 0.99
      indicatorRef: checkout-availability
      compositeWeight: 2
    - target: 0.95
      indicatorRef: checkout-latency
`;
    expect(load(composite).issues).toEqual([]);
    expect(issuesOf(composite.replace("      indicatorRef: checkout-latency\n", ""))).toEqual([
      {
        line: 11,
        column: 7,
        path: "/spec/objectives/1",
        message: 'expected exactly one of "indicator" or "indicatorRef" in every objective of a composite SLO',
      },
    ]);
  });

  it("allows only one objective, with op and value, for a threshold metric", () => {
    expect(
      issuesOf(`${SLO_HEAD}  indicator:
    metadata: { name: latency }
    spec: { thresholdMetric: { metricSource: { type: Prometheus, spec: { query: latency_p99 } } } }
  objectives:
    - target: 0.99
    - target: 0.9
      op: lte
`),
    ).toEqual([
      {
        line: 11,
        column: 5,
        path: "/spec/objectives",
        message: "expected exactly one objective with a thresholdMetric indicator, got 2",
      },
      {
        line: 11,
        column: 7,
        path: "/spec/objectives/0/op",
        message: 'missing "op": expected "lte", "gte", "lt" or "gt" with a thresholdMetric indicator',
      },
      {
        line: 11,
        column: 7,
        path: "/spec/objectives/0/value",
        message: 'missing "value": expected a number with a thresholdMetric indicator',
      },
      {
        line: 12,
        column: 7,
        path: "/spec/objectives/1/value",
        message: 'missing "value": expected a number to compare with "op"',
      },
    ]);
  });

  it("takes alert policies inline or by reference, and explains a bad reference", () => {
    expect(
      issuesOf(`${SLO_HEAD}  indicatorRef: foo
  objectives:
    - target: 0.99
  alertPolicies:
    - alertPolicyRef: fast-burn
    - kind: AlertPolicy
      metadata: { name: inline }
      spec:
        conditions: [{ conditionRef: fast }]
        notificationTargets: [{ targetRef: pager }]
    - alertPolicyRef: 7
    - alertPolicyRefs: slow-burn
`),
    ).toEqual([
      {
        line: 17,
        column: 23,
        path: "/spec/alertPolicies/2/alertPolicyRef",
        message:
          "expected a name of 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, got 7",
      },
      {
        line: 18,
        column: 7,
        path: "/spec/alertPolicies/3/alertPolicyRef",
        message: 'missing required field "alertPolicyRef"',
      },
      {
        line: 18,
        column: 7,
        path: "/spec/alertPolicies/3/alertPolicyRefs",
        message: 'unknown field "alertPolicyRefs"; did you mean "alertPolicyRef"?',
      },
    ]);
  });
});

const SLI_HEAD = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: availability
spec:
`;
const source = (query: string) => `{ metricSource: { type: Prometheus, spec: { query: ${query} } } }`;

describe("SLI rules", () => {
  it("requires exactly one of thresholdMetric and ratioMetric", () => {
    expect(issuesOf(`${SLI_HEAD}  description: nothing to measure\n`)).toEqual([
      { line: 6, column: 3, path: "/spec", message: 'expected exactly one of "thresholdMetric" or "ratioMetric"' },
    ]);
  });

  it("takes good or bad with total, never both", () => {
    expect(
      issuesOf(`${SLI_HEAD}  ratioMetric:
    good: ${source("good")}
    bad: ${source("bad")}
`),
    ).toEqual([
      {
        line: 7,
        column: 5,
        path: "/spec/ratioMetric/total",
        message: 'missing "total": expected the denominator query with "good" or "bad"',
      },
      {
        line: 8,
        column: 10,
        path: "/spec/ratioMetric/bad",
        message: 'expected exactly one of "good" or "bad", got both',
      },
    ]);
  });

  it("takes raw with rawType, never with good, bad or total", () => {
    expect(
      issuesOf(`${SLI_HEAD}  ratioMetric:
    raw: ${source("ratio")}
    total: ${source("total")}
`),
    ).toEqual([
      {
        line: 7,
        column: 5,
        path: "/spec/ratioMetric/rawType",
        message: 'missing "rawType": expected "success" or "failure" with "raw"',
      },
      {
        line: 8,
        column: 12,
        path: "/spec/ratioMetric/total",
        message: 'unexpected "total": "raw" can\'t be used together with "good", "bad" or "total"',
      },
    ]);
    expect(load(`${SLI_HEAD}  ratioMetric:\n    rawType: failure\n    raw: ${source("errors")}\n`).issues).toEqual([]);
  });

  it("needs a metric source type unless it names a DataSource", () => {
    expect(issuesOf(`${SLI_HEAD}  thresholdMetric:\n    metricSource:\n      spec: { query: up }\n`)).toEqual([
      {
        line: 8,
        column: 7,
        path: "/spec/thresholdMetric/metricSource/type",
        message:
          'missing "type": expected the metric source type (such as "Prometheus") when "metricSourceRef" is not given',
      },
    ]);
  });

  it("accepts any YAML in a metric source spec", () => {
    expect(
      load(
        `${SLI_HEAD}  thresholdMetric:\n    metricSource:\n      type: Custom\n      spec: { anything: [1, { nested: true }], Upper: null }\n`,
      ).issues,
    ).toEqual([]);
  });
});

describe("alerting kinds", () => {
  it("allows exactly one condition in an alert policy", () => {
    expect(
      issuesOf(`apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: two
spec:
  conditions:
    - conditionRef: a
    - conditionRef: b
  notificationTargets:
    - targetRef: pager
`),
    ).toEqual([
      {
        line: 7,
        column: 5,
        path: "/spec/conditions",
        message: "expected exactly one condition (OpenSLO keeps a list for future versions)",
      },
    ]);
  });

  it("checks an inline condition's spec and names its unknown fields", () => {
    expect(
      issuesOf(`apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: inline
spec:
  conditions:
    - kind: AlertCondition
      metadata: { name: fast }
      spec:
        severity: page
        condition: { op: lte, threshold: "2", lookbackWindow: 1h, alertafter: 5m }
  notificationTargets:
    - targetRef: pager
`),
    ).toEqual([
      {
        line: 11,
        column: 42,
        path: "/spec/conditions/0/spec/condition/threshold",
        message: 'expected a number, got "2"',
      },
      {
        line: 11,
        column: 67,
        path: "/spec/conditions/0/spec/condition/alertafter",
        message: 'unknown field "alertafter"; did you mean "alertAfter"?',
      },
    ]);
  });

  it("requires a severity, and a condition kind of burnrate", () => {
    expect(
      issuesOf(`apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: fast
spec:
  condition: { kind: ratio, op: gte, threshold: 2, lookbackWindow: 1h }
`),
    ).toEqual([
      { line: 6, column: 3, path: "/spec/severity", message: 'missing required field "severity"' },
      {
        line: 6,
        column: 22,
        path: "/spec/condition/kind",
        message: 'expected "burnrate" (the only kind of alert condition), got "ratio"',
      },
    ]);
  });

  it("limits descriptions to 1050 characters", () => {
    expect(
      issuesOf(
        `apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: long\nspec:\n  description: ${"x".repeat(1051)}\n`,
      ),
    ).toEqual([
      { line: 6, column: 16, path: "/spec/description", message: "expected at most 1050 characters, got 1051" },
    ]);
  });

  it("requires a DataSource's type and connection details", () => {
    expect(
      issuesOf(
        "apiVersion: openslo/v1\nkind: DataSource\nmetadata:\n  name: prometheus\nspec:\n  description: no details\n",
      ),
    ).toEqual([
      { line: 6, column: 3, path: "/spec/type", message: 'missing required field "type"' },
      { line: 6, column: 3, path: "/spec/connectionDetails", message: 'missing required field "connectionDetails"' },
    ]);
  });
});

describe("Nines extensions: groupBy and burnRateAlerts", () => {
  const ROLLING_28D = "  timeWindow:\n    - duration: 28d\n      isRolling: true\n";
  const sloWith = (extra: string) =>
    `${SLO_HEAD}  indicatorRef: foo\n${ROLLING_28D}  objectives:\n    - target: 0.999\n${extra}`;
  const problems = (text: string) => issuesOf(text).map(({ path, message }) => ({ path, message }));

  it("takes label names to group by and tiers that replace the default", () => {
    const slo = specOf<SloSpec>(
      sloWith(`  groupBy: [route, status_class]
  burnRateAlerts:
    - name: page-fast
      severity: page
      longWindow: 1h
      shortWindow: 5m
      budgetShare: 0.02
    - name: slow
      severity: ticket
      longWindow: 3d
      factor: 1
      alertAfter: 15m
`),
    );
    expect(slo.groupBy).toEqual(["route", "status_class"]);
    expect(slo.burnRateAlerts).toEqual([
      { name: "page-fast", severity: "page", longWindow: "1h", shortWindow: "5m", budgetShare: 0.02 },
      { name: "slow", severity: "ticket", longWindow: "3d", factor: 1, alertAfter: "15m" },
    ]);
    expect(specOf<SloSpec>(sloWith("  burnRateAlerts: []\n")).burnRateAlerts).toEqual([]);
  });

  it("refuses bad, reserved, duplicate and too many label names", () => {
    expect(problems(sloWith("  groupBy: [route, 2xx, __name__, route]\n"))).toEqual([
      {
        path: "/spec/groupBy/1",
        message: 'expected a Prometheus label name (a letter or "_", then letters, digits or "_"), got "2xx"',
      },
      { path: "/spec/groupBy/2", message: 'expected a label name not starting with "__" (reserved), got "__name__"' },
      { path: "/spec/groupBy/3", message: 'duplicate label name "route"' },
    ]);
    expect(problems(sloWith("  groupBy: [route, route]\n"))).toEqual([
      { path: "/spec/groupBy/1", message: 'duplicate label name "route"' },
    ]);
    expect(problems(sloWith("  groupBy: [a, b, c, d, e, f]\n"))).toEqual([
      { path: "/spec/groupBy", message: "expected at most 5 label names" },
    ]);
  });

  it("wants exactly one of budgetShare and factor, in range", () => {
    expect(
      problems(
        sloWith(`  burnRateAlerts:
    - {name: a, severity: page, longWindow: 1h}
    - {name: b, severity: page, longWindow: 1h, budgetShare: 0.1, factor: 2}
    - {name: c, severity: page, longWindow: 1h, budgetShare: 1.5}
    - {name: d, severity: page, longWindow: 1h, factor: 0}
`),
      ),
    ).toEqual([
      { path: "/spec/burnRateAlerts/0", message: 'expected exactly one of "budgetShare" or "factor"' },
      { path: "/spec/burnRateAlerts/1/factor", message: 'expected exactly one of "budgetShare" or "factor", got both' },
      { path: "/spec/burnRateAlerts/2/budgetShare", message: "expected a number in (0, 1], got 1.5" },
      { path: "/spec/burnRateAlerts/3/factor", message: "expected a number in (0, inf), got 0" },
    ]);
  });

  it("wants fixed windows, a short window shorter than the long one, and a long one within the SLO window", () => {
    expect(
      problems(
        sloWith(`  burnRateAlerts:
    - {name: a, severity: page, longWindow: 1M, factor: 2}
    - {name: b, severity: page, longWindow: 1h, shortWindow: 1h, factor: 2}
    - {name: c, severity: page, longWindow: 5w, factor: 2}
    - {name: d, severity: page, longWindow: 1h, factor: 2, alertAfter: 1Q}
`),
      ),
    ).toEqual([
      {
        path: "/spec/burnRateAlerts/0/longWindow",
        message:
          'expected a fixed duration such as "5m", "1h", "3d" or "1w" (months, quarters and years have no fixed length), got "1M"',
      },
      {
        path: "/spec/burnRateAlerts/1/shortWindow",
        message: "expected a shortWindow shorter than longWindow 1h, got 1h",
      },
      {
        path: "/spec/burnRateAlerts/2/longWindow",
        message: "expected a longWindow no longer than the SLO window 28d, got 5w",
      },
      {
        path: "/spec/burnRateAlerts/3/alertAfter",
        message:
          'expected a fixed duration such as "0m", "1h", "3d" or "1w" (months, quarters and years have no fixed length), got "1Q"',
      },
    ]);
    expect(
      problems(
        sloWith(`  burnRateAlerts:
    - {name: a, severity: page, longWindow: 1h, factor: 2}
    - {name: a, severity: ticket, longWindow: 6h, factor: 1}
`),
      ),
    ).toEqual([{ path: "/spec/burnRateAlerts/1/name", message: 'duplicate tier name "a"' }]);
  });

  it("measures a calendar month by its shortest length", () => {
    const calendarSlo = (longWindow: string) => `${SLO_HEAD}  indicatorRef: foo
  timeWindow:
    - duration: 1M
      calendar: {startTime: "2026-01-01 00:00:00", timeZone: UTC}
  objectives:
    - target: 0.999
  burnRateAlerts:
    - {name: a, severity: page, longWindow: ${longWindow}, factor: 1}
`;
    expect(load(calendarSlo("4w")).issues).toEqual([]);
    expect(problems(calendarSlo("29d"))).toEqual([
      {
        path: "/spec/burnRateAlerts/0/longWindow",
        message: "expected a longWindow no longer than the SLO window 1M, got 29d",
      },
    ]);
  });
});
