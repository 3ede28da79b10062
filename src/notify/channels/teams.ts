import type { Channel } from "../channel.js";
import type { ChannelSpec, NotificationContent } from "../model.js";
import { describeAlert, describePage, messageLinks, renderHeadline, renderTitle } from "../templates.js";
import { postToReceiver } from "./http-post.js";

type TeamsSpec = Extract<ChannelSpec, { type: "teams" }>;

const MAX_ALERT_ROWS = 10;

/** A Microsoft Teams Workflows webhook: one message holding one Adaptive Card. */
export const teamsChannel: Channel<TeamsSpec> = {
  type: "teams",
  send(message, spec, context) {
    return postToReceiver(context, {
      url: spec.url,
      body: JSON.stringify(teamsMessage(message, context.clock.now())),
    });
  },
};

export function teamsMessage(content: NotificationContent, now: number) {
  const page = describePage(content);
  const body: unknown[] = [
    {
      type: "TextBlock",
      text: renderTitle(content),
      weight: "Bolder",
      size: "Medium",
      wrap: true,
      color: content.status === "firing" ? "Attention" : "Good",
    },
    { type: "TextBlock", text: renderHeadline(content), wrap: true },
  ];
  if (page) body.push({ type: "TextBlock", text: page, wrap: true, isSubtle: true });
  const alerts = content.alerts.slice(0, MAX_ALERT_ROWS).map((alert) => {
    const line = describeAlert(alert, content, now);
    const labels = line.distinct.length ? ` (${line.distinct.join(", ")})` : "";
    return { title: line.status.toUpperCase(), value: `${line.summary}${labels}: ${line.since}` };
  });
  const more = content.alerts.length - alerts.length + content.truncatedAlerts;
  if (more > 0) alerts.push({ title: "…", value: `and ${more} more` });
  if (alerts.length) body.push({ type: "FactSet", facts: alerts });
  const card = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    msteams: { width: "Full" },
    body,
    actions: messageLinks(content).map((link) => ({ type: "Action.OpenUrl", title: link.label, url: link.url })),
  };
  return {
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }],
  };
}
