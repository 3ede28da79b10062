import type { NotificationContent, NotifiedAlert } from "../../src/notify/model.js";

export const STARTED_AT = Date.UTC(2026, 7, 20, 10, 0, 0);

export function sampleAlert(overrides: Partial<NotifiedAlert> = {}): NotifiedAlert {
  return {
    fingerprint: "3f0c9a1b2d4e5f60",
    status: "firing",
    labels: { alertname: "HighErrorRate", service: "checkout", severity: "page", instance: "web-1" },
    annotations: { summary: "5% of checkout requests fail", runbook_url: "https://runbooks.example.com/checkout" },
    startsAt: STARTED_AT,
    endsAt: null,
    generatorUrl: "http://prom.example.com:9090/graph?g0.expr=errors",
    ...overrides,
  };
}

/** Two firing alerts of one group, with every link a responder uses. */
export function sampleContent(overrides: Partial<NotificationContent> = {}): NotificationContent {
  return {
    kind: "alert-group",
    status: "firing",
    receiver: "sre-pager",
    groupKey: '{}/{severity="page"}:{alertname="HighErrorRate", service="checkout"}',
    groupLabels: { alertname: "HighErrorRate", service: "checkout" },
    commonLabels: { alertname: "HighErrorRate", service: "checkout", severity: "page" },
    commonAnnotations: { runbook_url: "https://runbooks.example.com/checkout" },
    alerts: [
      sampleAlert(),
      sampleAlert({
        fingerprint: "aa0c9a1b2d4e5f61",
        labels: { alertname: "HighErrorRate", service: "checkout", severity: "page", instance: "web-2" },
        annotations: { summary: "7% of checkout requests fail", runbook_url: "https://runbooks.example.com/checkout" },
        startsAt: STARTED_AT + 60_000,
      }),
    ],
    truncatedAlerts: 0,
    reason: "first notification",
    externalUrl: "http://nines.example.com:8080",
    links: {
      view: "http://nines.example.com:8080/alerts/groups/1",
      acknowledge: "http://nines.example.com:8080/ack/abc",
      resolve: "http://nines.example.com:8080/resolve/abc",
      silence: "http://nines.example.com:8080/silences/new?matcher=service%3Dcheckout",
    },
    ...overrides,
  };
}

/** An empty group's content, as the page tests open their pages with. */
export const pageContent = (groupKey: string): NotificationContent => ({
  kind: "alert-group",
  status: "firing",
  receiver: "checkout-oncall",
  groupKey,
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  alerts: [],
  truncatedAlerts: 0,
  reason: "first notification",
  externalUrl: "http://127.0.0.1",
  links: { view: "http://127.0.0.1/alerts" },
});
