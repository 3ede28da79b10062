import { createHash } from "node:crypto";
import type { NewNotification, NotificationContent, NotifiedAlert } from "../notify/model.js";
import type { FlushMessage } from "./aggregation.js";
import type { LabelSet, ReceiverSpec, StoredAlert } from "./model.js";

/** What an alert group's flush says, in the channels' common form. */

function commonOf(sets: readonly LabelSet[]): LabelSet {
  const [first, ...rest] = sets;
  if (!first) return {};
  return Object.fromEntries(
    Object.entries(first).filter(([name, value]) => rest.every((labels) => labels[name] === value)),
  );
}

const toNotified = (alert: StoredAlert, status: "firing" | "resolved"): NotifiedAlert => ({
  fingerprint: alert.fingerprint,
  status,
  labels: alert.labels,
  annotations: alert.annotations,
  startsAt: alert.startsAt,
  endsAt: status === "resolved" ? alert.endsAt : null,
  generatorUrl: alert.generatorUrl,
});

const matcherText = (labels: LabelSet) =>
  `{${Object.entries(labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(",")}}`;

export function buildGroupContent(input: {
  groupKey: string;
  groupLabels: LabelSet;
  receiver: string;
  message: FlushMessage;
  externalUrl: string;
}): NotificationContent {
  const { message, externalUrl } = input;
  const alerts = [
    ...message.firing.map((alert) => toNotified(alert, "firing")),
    ...message.resolved.map((alert) => toNotified(alert, "resolved")),
  ];
  const commonLabels = commonOf(alerts.map((alert) => alert.labels));
  const commonAnnotations = commonOf(alerts.map((alert) => alert.annotations));
  const silenceMatchers = Object.keys(input.groupLabels).length > 0 ? input.groupLabels : commonLabels;
  return {
    kind: "alert-group",
    status: message.status,
    receiver: input.receiver,
    groupKey: input.groupKey,
    groupLabels: input.groupLabels,
    commonLabels,
    commonAnnotations,
    alerts,
    truncatedAlerts: 0,
    reason: message.reason,
    externalUrl,
    links: {
      view: `${externalUrl}/alerts?group=${encodeURIComponent(input.groupKey)}`,
      silence: `${externalUrl}/alerts/silences/new?filter=${encodeURIComponent(matcherText(silenceMatchers))}`,
      ...(commonAnnotations.runbook_url && { runbook: commonAnnotations.runbook_url }),
      ...(alerts[0]?.generatorUrl && { graph: alerts[0].generatorUrl }),
    },
  };
}

/**
 * The same message for the same group state gets the same key, whichever process flushes it, so a
 * flush redone after a crash or by a second leader enqueues nothing twice.
 */
export function flushKey(groupKey: string, lastNotifiedAt: number | null, message: FlushMessage): string {
  const text = [
    groupKey,
    String(lastNotifiedAt),
    message.status,
    ...message.firing.map((alert) => `f${alert.fingerprint}`),
    ...message.resolved.map((alert) => `r${alert.fingerprint}`),
  ].join("|");
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

export function channelNotifications(
  receiverName: string,
  receiver: ReceiverSpec,
  content: NotificationContent,
  key: string,
): NewNotification[] {
  if (content.status === "resolved" && !receiver.sendResolved) return [];
  return receiver.channels.map((channel, index) => ({
    idempotencyKey: `group:${key}:${index}`,
    destination: `receiver/${receiverName}/${index}`,
    channel,
    content,
    source: `group:${content.groupKey}`,
  }));
}
