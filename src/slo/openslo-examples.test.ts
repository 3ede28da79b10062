import { describe, expect, it } from "vitest";
import { loadDocuments } from "../config/load.js";
import { KINDS } from "../kinds.js";
import {
  ALERT_CONDITION_EXAMPLE,
  ALERT_NOTIFICATION_TARGET_EXAMPLE,
  ALERT_POLICY_EXAMPLE,
  DATA_SOURCE_EXAMPLE,
  SERVICE_EXAMPLE,
  SLI_EXAMPLE,
  SLO_EXAMPLE,
} from "./model.js";

const load = (text: string) => loadDocuments(text, "openslo.yaml", { env: {}, kinds: KINDS });

const SLO_HEAD = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout
spec:
  service: checkout
`;

/**
 * The complete documents among the examples of the OpenSLO v1 specification
 * (specs/openslo-v1.md), copied verbatim: existing OpenSLO files must load unchanged.
 */
const SPEC_EXAMPLES: Record<string, string> = {
  "DataSource (CloudWatch)": `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: string
  displayName: string # optional
spec:
  type: CloudWatch
  connectionDetails:
    accessKeyID: accessKey
    secretAccessKey: secretAccessKey
`,
  "SLO with an inline SLI": `apiVersion: openslo/v1
kind: SLO
metadata:
  name: foo-slo
  displayName: Foo SLO
spec:
  service: foo
  indicator:
    metadata:
      name: foo-error
      displayName: Foo Error
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            metricSourceRef: datadog-datasource
            type: Datadog
            spec:
              query: sum:trace.http.request.hits.by_http_status{http.status_code:200}.as_count()
        total:
          metricSource:
            metricSourceRef: datadog-datasource
            type: Datadog
            spec:
              query: sum:trace.http.request.hits.by_http_status{*}.as_count()
  objectives:
    - displayName: Foo Total Errors
      target: 0.98
`,
  "AlertPolicy referring to an AlertCondition": `apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: AlertPolicy
  displayName: Alert Policy
spec:
  description: Alert policy for cpu usage breaches, notifies on-call devops via email
  alertWhenBreaching: true
  alertWhenResolved: false
  conditions:
    - conditionRef: cpu-usage-breach
  notificationTargets:
    - targetRef: on-call-devops-mail-notification
`,
  "AlertPolicy with an inline AlertCondition": `apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: AlertPolicy
  displayName: Alert Policy
spec:
  description: Alert policy for cpu usage breaches, notifies on-call devops via email
  alertWhenBreaching: true
  alertWhenResolved: false
  conditions:
    - kind: AlertCondition
      metadata:
        name: cpu-usage-breach
        displayName: CPU Usage breaching
      spec:
        description: SLO burn rate for cpu-usage-breach exceeds 2
        severity: page
        condition:
          kind: burnrate
          op: lte
          threshold: 2
          lookbackWindow: 1h
          alertAfter: 5m
  notificationTargets:
    - targetRef: on-call-devops-mail-notification
`,
  AlertCondition: `apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: cpu-usage-breach
  displayName: CPU usage breach
spec:
  description: If the CPU usage is too high for given period then it should alert
  severity: page
  condition:
    kind: burnrate
    op: lte
    threshold: 2
    lookbackWindow: 1h
    alertAfter: 5m
`,
  "AlertNotificationTarget (email)": `apiVersion: openslo/v1
kind: AlertNotificationTarget
metadata:
  name: OnCallDevopsMailNotification
spec:
  description: Notifies by a mail message to the on-call devops mailing group
  target: email
`,
  "AlertNotificationTarget (Slack)": `apiVersion: openslo/v1
kind: AlertNotificationTarget
metadata:
  name: OnCallDevopsSlackNotification
spec:
  description: "Sends P1 alert notifications to the slack channel"
  target: slack
`,
};

/** The spec's partial examples, placed into a whole document. */
const SPEC_SNIPPETS: Record<string, string> = {
  objectives: `${SLO_HEAD}  indicatorRef: foo
  objectives:
    - displayName: Foo Total Errors
      target: 0.98
    - displayName: Bar Total Errors
      targetPercent: 99.99
`,
  ratioMetric: `apiVersion: openslo/v1
kind: SLI
metadata:
  name: ratio
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        metricSourceRef: prometheus-datasource
        spec:
          query: sum(localhost_server_requests{code=~"2xx|3xx",host="*",instance="127.0.0.1:9090"})
    total:
      metricSource:
        type: Prometheus
        metricSourceRef: prometheus-datasource
        spec:
          query: localhost_server_requests{code="total",host="*",instance="127.0.0.1:9090"}
`,
  "thresholdMetric with a DataSource": `apiVersion: openslo/v1
kind: SLI
metadata:
  name: threshold
spec:
  thresholdMetric:
    metricSource:
      metricSourceRef: redshift-datasource
      spec:
        region: eu-central-1
        clusterId: metrics-cluster
        databaseName: metrics-db
        query: SELECT value, timestamp FROM metrics WHERE timestamp BETWEEN :date_from AND :date_to
`,
  "thresholdMetric without a DataSource": `apiVersion: openslo/v1
kind: SLI
metadata:
  name: threshold
spec:
  thresholdMetric:
    metricSource:
      type: Redshift
      spec:
        region: eu-central-1
        clusterId: metrics-cluster
        databaseName: metrics-db
        query: SELECT value, timestamp FROM metrics WHERE timestamp BETWEEN :date_from AND :date_to
        accessKeyID: accessKey
        secretAccessKey: secretAccessKey
`,
};

describe("OpenSLO examples", () => {
  it.each(Object.entries(SPEC_EXAMPLES))("the spec's %s example validates", (_, text) => {
    expect(load(text).issues).toEqual([]);
    expect(load(text).documents).toHaveLength(1);
  });

  it.each(Object.entries(SPEC_SNIPPETS))("the spec's %s snippet validates in a document", (_, text) => {
    expect(load(text).issues).toEqual([]);
  });

  it.each([
    SERVICE_EXAMPLE,
    DATA_SOURCE_EXAMPLE,
    SLI_EXAMPLE,
    SLO_EXAMPLE,
    ALERT_POLICY_EXAMPLE,
    ALERT_CONDITION_EXAMPLE,
    ALERT_NOTIFICATION_TARGET_EXAMPLE,
  ])("Nines' own example validates: %s", (text) => {
    expect(load(text).issues).toEqual([]);
  });
});
