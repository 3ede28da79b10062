import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { Clock } from "../core/clock.js";
import type { Connector } from "../net/connector.js";
import { requestHttp } from "../net/http-request.js";
import type { AlertNotice, AlertSink } from "./alerting.js";

/**
 * Burn alerts delivered to AlertNotificationTargets whose target is a webhook URL, in
 * Alertmanager's webhook format (version 4), so anything that takes Alertmanager's webhooks takes
 * Nines'. Through the connector (purpose `notify`); a 5xx or no answer is retried three times with
 * growing pauses. Until the alerting pipeline (and its durable outbox) lands, a delivery that still
 * fails is logged, not kept.
 */

const RETRY_DELAYS_MS = [5_000, 30_000, 120_000];
const ZERO_TIME = "0001-01-01T00:00:00Z";

export function fingerprintOf(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((name) => `${name}\u00ff${labels[name]}`)
    .join("\u00ff");
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

export function webhookPayload(notice: AlertNotice, externalUrl: string) {
  const { alert } = notice;
  const status = notice.status === "resolved" ? "resolved" : "firing";
  return {
    version: "4",
    groupKey: `{}:{slo=${JSON.stringify(alert.slo)}}`,
    truncatedAlerts: 0,
    status,
    receiver: "nines-slo",
    groupLabels: { slo: alert.slo },
    commonLabels: alert.labels,
    commonAnnotations: alert.annotations,
    externalURL: externalUrl,
    alerts: [
      {
        status,
        labels: alert.labels,
        annotations:
          notice.status === "no-data"
            ? { ...alert.annotations, summary: `${alert.annotations.summary ?? alert.slo}: no data` }
            : alert.annotations,
        startsAt: new Date(alert.startsAt).toISOString(),
        endsAt: alert.endsAt === null ? ZERO_TIME : new Date(alert.endsAt).toISOString(),
        generatorURL: `${externalUrl}/slos/${encodeURIComponent(alert.slo)}`,
        fingerprint: fingerprintOf(alert.labels),
      },
    ],
  };
}

export function createWebhookSink(options: {
  connector: Connector;
  clock: Clock;
  logger: Logger;
  externalUrl?: string;
}): AlertSink {
  const externalUrl = options.externalUrl ?? "http://localhost:9999";
  const deliver = (url: string, body: string, attempt: number) => {
    requestHttp(options.connector, {
      url,
      method: "POST",
      purpose: "notify",
      headers: { "content-type": "application/json" },
      body,
      timeoutMs: 10_000,
      maxBytes: 64 * 1024,
    })
      .then((response) => {
        if (response.status < 500) {
          if (response.status >= 300)
            options.logger.warn({ url, status: response.status }, "the webhook refused the burn alert");
          return;
        }
        throw new Error(`answered ${response.status}`);
      })
      .catch((error: Error) => {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          options.logger.error({ url, err: error }, "burn alert not delivered after retries");
          return;
        }
        options.logger.warn({ url, err: error.message, retryInMs: delay }, "burn alert delivery failed; retrying");
        options.clock.setTimer(() => deliver(url, body, attempt + 1), delay);
      });
  };
  return (notice) => {
    const body = JSON.stringify(webhookPayload(notice, externalUrl));
    for (const url of notice.targets) deliver(url, body, 0);
  };
}
