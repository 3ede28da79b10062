import { describe, expect, it } from "vitest";
import { type LoadedDocument, loadDocuments } from "../config/load.js";
import { checkReferences, listReferences } from "../config/object-references.js";
import { formatIssue } from "../core/errors.js";
import { KINDS } from "../kinds.js";

const load = (text: string): LoadedDocument[] => {
  const { documents, issues } = loadDocuments(text, "slos.yaml", { env: {}, kinds: KINDS });
  expect(issues.map(formatIssue)).toEqual([]);
  return documents;
};

const check = (text: string, existingText?: string) =>
  checkReferences(KINDS, load(text), {
    existing: existingText ? load(existingText).map((loaded) => loaded.document) : [],
  }).map(formatIssue);

const SLO_WITH_EVERY_REFERENCE = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout
spec:
  service: checkout
  indicator:
    metadata:
      name: inline-sli
    spec:
      ratioMetric:
        good:
          metricSource:
            metricSourceRef: prometheus
            spec: {query: good}
        total:
          metricSource:
            metricSourceRef: prometheus
            spec: {query: total}
  objectives:
    - target: 0.99
  alertPolicies:
    - alertPolicyRef: fast-burn-policy
    - kind: AlertPolicy
      metadata:
        name: inline-policy
      spec:
        conditions:
          - conditionRef: slow-burn
        notificationTargets:
          - targetRef: on-call
`;

describe("OpenSLO references", () => {
  it("finds every reference of an SLO, inline SLIs and alert policies included", () => {
    const [slo] = load(SLO_WITH_EVERY_REFERENCE);
    expect(listReferences(KINDS, slo?.document as LoadedDocument["document"])).toEqual([
      { path: ["spec", "service"], kind: "Service", name: "checkout" },
      {
        path: ["spec", "indicator", "spec", "ratioMetric", "good", "metricSource", "metricSourceRef"],
        kind: "DataSource",
        name: "prometheus",
      },
      {
        path: ["spec", "indicator", "spec", "ratioMetric", "total", "metricSource", "metricSourceRef"],
        kind: "DataSource",
        name: "prometheus",
      },
      { path: ["spec", "alertPolicies", 0, "alertPolicyRef"], kind: "AlertPolicy", name: "fast-burn-policy" },
      {
        path: ["spec", "alertPolicies", 1, "spec", "conditions", 0, "conditionRef"],
        kind: "AlertCondition",
        name: "slow-burn",
      },
      {
        path: ["spec", "alertPolicies", 1, "spec", "notificationTargets", 0, "targetRef"],
        kind: "AlertNotificationTarget",
        name: "on-call",
      },
    ]);
  });

  it("finds nothing dangling among the examples of every kind", () => {
    expect(check(KINDS.all.map((kind) => kind.example).join("---\n"))).toEqual([]);
  });

  it("names each missing object at its field, with the closest name of that kind", () => {
    const defined = `apiVersion: openslo/v1
kind: Service
metadata:
  name: checkouts
spec: {}
---
apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: slow-burn-1h
spec:
  severity: ticket
  condition: {op: gt, threshold: 2, lookbackWindow: 1h}
`;
    expect(check(`${SLO_WITH_EVERY_REFERENCE}---\n${defined}`)).toEqual([
      'slos.yaml:6:12: /spec/service: Service "checkout" does not exist; did you mean "checkouts"?',
      'slos.yaml:14:30: /spec/indicator/spec/ratioMetric/good/metricSource/metricSourceRef: DataSource "prometheus" does not exist',
      'slos.yaml:18:30: /spec/indicator/spec/ratioMetric/total/metricSource/metricSourceRef: DataSource "prometheus" does not exist',
      'slos.yaml:23:23: /spec/alertPolicies/0/alertPolicyRef: AlertPolicy "fast-burn-policy" does not exist',
      'slos.yaml:29:27: /spec/alertPolicies/1/spec/conditions/0/conditionRef: AlertCondition "slow-burn" does not exist; did you mean "slow-burn-1h"?',
      'slos.yaml:31:24: /spec/alertPolicies/1/spec/notificationTargets/0/targetRef: AlertNotificationTarget "on-call" does not exist',
    ]);
  });

  it("resolves references against existing objects too, and says how a missing one is missing", () => {
    const policy = `apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: page
spec:
  conditions:
    - conditionRef: fast-burn
  notificationTargets:
    - targetRef: on-call
`;
    const stored = `apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: fast-burn
spec:
  severity: page
  condition: {op: gt, threshold: 14, lookbackWindow: 1h}
`;
    const issues = checkReferences(KINDS, load(policy), {
      existing: load(stored).map((loaded) => loaded.document),
      missing: "is not defined in the files given",
    });
    expect(issues.map(formatIssue)).toEqual([
      'slos.yaml:9:18: /spec/notificationTargets/0/targetRef: AlertNotificationTarget "on-call" is not defined in the files given',
    ]);
    expect(issues[0]?.document).toBe(0);
  });

  it("checks composite objectives' indicatorRef and an SLI's metricSourceRef", () => {
    const text = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: latency
spec:
  thresholdMetric:
    metricSource:
      metricSourceRef: prometheus
      spec: {query: p99}
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: composite
spec:
  service: checkout
  objectives:
    - target: 0.9
      op: lt
      value: 1
      indicatorRef: latency
    - target: 0.9
      indicatorRef: latncy
`;
    expect(check(text)).toEqual([
      'slos.yaml:8:24: /spec/thresholdMetric/metricSource/metricSourceRef: DataSource "prometheus" does not exist',
      'slos.yaml:16:12: /spec/service: Service "checkout" does not exist',
      'slos.yaml:23:21: /spec/objectives/1/indicatorRef: SLI "latncy" does not exist; did you mean "latency"?',
    ]);
  });
});

const THRESHOLD_SLI = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: latency
spec:
  thresholdMetric:
    metricSource:
      type: Prometheus
      spec: {query: p99}
`;

const SERVICE = `apiVersion: openslo/v1
kind: Service
metadata:
  name: checkout
spec: {}
`;

describe("a thresholdMetric SLI reached through indicatorRef", () => {
  const slo = (objectives: string, indicator = "indicatorRef: latency") => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: latency
spec:
  service: checkout
  ${indicator}
  objectives:
${objectives}`;

  const inlineIndicator = `indicator:
    metadata: {name: latency}
    spec:
      thresholdMetric:
        metricSource: {type: Prometheus, spec: {query: p99}}`;

  /** The messages an inline SLI gets from the schema, to compare with what a referenced one gets. */
  const inlineMessages = (objectives: string) =>
    loadDocuments(slo(objectives, inlineIndicator), "slos.yaml", { env: {}, kinds: KINDS }).issues.map(
      (issue) => `${issue.path}: ${issue.message}`,
    );
  const referencedMessages = (objectives: string) =>
    checkReferences(KINDS, load(`${THRESHOLD_SLI}---\n${SERVICE}---\n${slo(objectives)}`)).map(
      (issue) => `${issue.path}: ${issue.message}`,
    );

  it("needs op and value in its objective, as an inline one does", () => {
    const objectives = "    - target: 0.99\n";
    expect(referencedMessages(objectives)).toEqual([
      '/spec/objectives/0/op: missing "op": expected "lte", "gte", "lt" or "gt" with a thresholdMetric indicator',
      '/spec/objectives/0/value: missing "value": expected a number with a thresholdMetric indicator',
    ]);
    expect(referencedMessages(objectives)).toEqual(inlineMessages(objectives));
  });

  it("takes exactly one objective, as an inline one does", () => {
    const objectives = "    - {target: 0.99, op: lt, value: 1}\n    - {target: 0.9, op: lt, value: 2}\n";
    expect(referencedMessages(objectives)).toEqual([
      "/spec/objectives: expected exactly one objective with a thresholdMetric indicator, got 2",
    ]);
    expect(referencedMessages(objectives)).toEqual(inlineMessages(objectives));
  });

  it("passes with one objective that has op and value", () => {
    expect(referencedMessages("    - {target: 0.99, op: lt, value: 1}\n")).toEqual([]);
  });

  it("places the issue at the objective in the file", () => {
    const issues = checkReferences(KINDS, load(`${THRESHOLD_SLI}---\n${SERVICE}---\n${slo("    - target: 0.99\n")}`));
    expect(issues[0]).toMatchObject({ file: "slos.yaml", line: 25, column: 7, document: 2 });
  });
});
