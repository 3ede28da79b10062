import type { Channel } from "../channel.js";
import type { ChannelSpec, NotificationContent, NotifiedAlert } from "../model.js";
import { postToReceiver } from "./http-post.js";

type WebhookSpec = Extract<ChannelSpec, { type: "webhook" }>;

/** Go's zero time: what Alertmanager sends as `endsAt` of an alert still firing. */
const ZERO_TIME = "0001-01-01T00:00:00Z";

/**
 * Alertmanager's webhook (`webhook_config`), payload version 4 exactly, so anything that takes
 * Alertmanager's webhooks takes Nines'. The idempotency key goes along as `Idempotency-Key`.
 */
export const webhookChannel: Channel<WebhookSpec> = {
  type: "webhook",
  send(message, spec, context) {
    return postToReceiver(context, {
      url: spec.url,
      body: JSON.stringify(webhookPayload(message, spec.maxAlerts)),
      headers: { "idempotency-key": context.idempotencyKey },
    });
  },
};

export function webhookPayload(content: NotificationContent, maxAlerts = 0) {
  const kept = maxAlerts > 0 ? content.alerts.slice(0, maxAlerts) : content.alerts;
  return {
    version: "4",
    groupKey: content.groupKey,
    truncatedAlerts: content.truncatedAlerts + (content.alerts.length - kept.length),
    status: content.status,
    receiver: content.receiver,
    groupLabels: content.groupLabels,
    commonLabels: content.commonLabels,
    commonAnnotations: content.commonAnnotations,
    externalURL: content.externalUrl,
    alerts: kept.map(webhookAlert),
  };
}

function webhookAlert(alert: NotifiedAlert) {
  return {
    status: alert.status,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: formatGoTime(alert.startsAt),
    endsAt: alert.endsAt === null ? ZERO_TIME : formatGoTime(alert.endsAt),
    generatorURL: alert.generatorUrl ?? "",
    fingerprint: alert.fingerprint,
  };
}

/** RFC 3339 as Go's `time.RFC3339Nano` writes it: no fraction when it is zero, no trailing zeros. */
export function formatGoTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.?0+Z$/, "Z");
}
