import { createHash } from "node:crypto";
import type { Resolved } from "../../secrets/model.js";
import type { Channel } from "../channel.js";
import type { ChannelSpec, NotificationContent } from "../model.js";
import { messageLinks, renderHeadline, renderText, renderTitle } from "../templates.js";
import { postToReceiver } from "./http-post.js";

type PagerDutySpec = Extract<ChannelSpec, { type: "pagerduty" }>;
type Severity = NonNullable<PagerDutySpec["severity"]>;

const MAX_SUMMARY_CHARS = 1024;

/**
 * PagerDuty's Events API v2: a firing message triggers, a resolved one resolves, the same
 * incident either way, because `dedup_key` is a hash of the alert group's key (of the page, for pages).
 */
export const pagerDutyChannel: Channel<PagerDutySpec> = {
  type: "pagerduty",
  send(message, spec, context) {
    return postToReceiver(context, {
      url: spec.url,
      body: JSON.stringify(pagerDutyEvent(message, spec, context.clock.now())),
    });
  },
};

/** Stable for one alert group (or page), whatever else changes. */
export function pagerDutyDedupKey(content: NotificationContent): string {
  const subject = content.page ? `page:${content.page.id}` : `group:${content.groupKey}`;
  return createHash("sha256").update(subject).digest("hex");
}

export function pagerDutyEvent(content: NotificationContent, spec: Resolved<PagerDutySpec>, now: number) {
  const base = { routing_key: spec.routingKey, dedup_key: pagerDutyDedupKey(content) };
  if (content.status === "resolved") return { ...base, event_action: "resolve" as const };
  const labels = content.commonLabels;
  const firing = content.alerts.filter((alert) => alert.status === "firing");
  const startsAt = Math.min(...content.alerts.map((alert) => alert.startsAt));
  return {
    ...base,
    event_action: "trigger" as const,
    client: "Nines",
    client_url: content.links.view,
    links: messageLinks(content).map((link) => ({ href: link.url, text: link.label })),
    payload: {
      summary: truncate(`${renderTitle(content)}: ${renderHeadline(content)}`, MAX_SUMMARY_CHARS),
      source: labels.instance ?? labels.service ?? content.receiver,
      severity: spec.severity ?? severityOf(labels.severity),
      ...(Number.isFinite(startsAt) && { timestamp: new Date(startsAt).toISOString() }),
      ...(labels.service && { component: labels.service }),
      ...(labels.job && { group: labels.job }),
      ...(labels.alertname && { class: labels.alertname }),
      custom_details: {
        firing: renderText(content, now),
        num_firing: firing.length,
        num_resolved: content.alerts.length - firing.length,
        group_labels: content.groupLabels,
        reason: content.reason,
      },
    },
  };
}

/** Prometheus rules say `page`, `critical`, `ticket`, `warning` ...; PagerDuty has four words. */
function severityOf(label: string | undefined): Severity {
  switch (label?.toLowerCase()) {
    case "critical":
    case "page":
      return "critical";
    case "warning":
    case "ticket":
      return "warning";
    case "info":
    case "none":
      return "info";
    default:
      return "error";
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
