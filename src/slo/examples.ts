/** One small valid document per OpenSLO kind, shown in the reference docs and tested to validate. */

export const SERVICE_EXAMPLE = `apiVersion: openslo/v1
kind: Service
metadata:
  name: checkout
  displayName: Checkout
spec:
  description: Takes orders and payments from the shop.
`;

export const DATA_SOURCE_EXAMPLE = `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: prometheus
spec:
  description: The cluster's Prometheus.
  type: Prometheus
  connectionDetails:
    url: http://prometheus:9090
`;

export const SLI_EXAMPLE = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: checkout-availability
spec:
  description: Share of checkout requests answered without a server error.
  ratioMetric:
    counter: true
    good:
      metricSource:
        metricSourceRef: prometheus
        spec:
          query: sum(rate(http_requests_total{service="checkout",code!~"5.."}[1m]))
    total:
      metricSource:
        metricSourceRef: prometheus
        spec:
          query: sum(rate(http_requests_total{service="checkout"}[1m]))
`;

export const SLO_EXAMPLE = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
spec:
  service: checkout
  indicatorRef: checkout-availability
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Available
      target: 0.995
  alertPolicies:
    - alertPolicyRef: checkout-fast-burn
`;

export const ALERT_POLICY_EXAMPLE = `apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: checkout-fast-burn
spec:
  description: Page the on-call engineer when checkout burns its budget 14 times too fast.
  alertWhenBreaching: true
  alertWhenResolved: true
  conditions:
    - conditionRef: fast-burn
  notificationTargets:
    - targetRef: checkout-on-call
`;

export const ALERT_CONDITION_EXAMPLE = `apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: fast-burn
spec:
  description: Two percent of a 30-day budget spent within one hour.
  severity: page
  condition:
    kind: burnrate
    op: gte
    threshold: 14.4
    lookbackWindow: 1h
    alertAfter: 5m
`;

export const ALERT_NOTIFICATION_TARGET_EXAMPLE = `apiVersion: openslo/v1
kind: AlertNotificationTarget
metadata:
  name: checkout-on-call
spec:
  description: The checkout team's on-call rotation.
  target: pager
`;
