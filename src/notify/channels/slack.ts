import type { Channel } from "../channel.js";
import type { ChannelSpec, NotificationContent } from "../model.js";
import { describeAlert, describePage, messageLinks, renderHeadline, renderTitle } from "../templates.js";
import { postToReceiver } from "./http-post.js";

type SlackSpec = Extract<ChannelSpec, { type: "slack" }>;

/** Slack allows 50 blocks; a message that long is not read anyway. */
const MAX_ALERT_BLOCKS = 10;
const MAX_HEADER_CHARS = 150;

/** A Slack incoming webhook: Block Kit blocks, with the title as the text fallback for notifications. */
export const slackChannel: Channel<SlackSpec> = {
  type: "slack",
  send(message, spec, context) {
    return postToReceiver(context, {
      url: spec.url,
      body: JSON.stringify(slackMessage(message, context.clock.now(), spec.channel)),
    });
  },
};

export function slackMessage(content: NotificationContent, now: number, channel?: string) {
  const title = renderTitle(content);
  const page = describePage(content);
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: truncate(title, MAX_HEADER_CHARS), emoji: true } },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: [escapeMrkdwn(renderHeadline(content)), page && escapeMrkdwn(page)].filter(Boolean).join("\n"),
      },
    },
  ];
  for (const alert of content.alerts.slice(0, MAX_ALERT_BLOCKS)) {
    const line = describeAlert(alert, content, now);
    const labels = line.distinct.length ? ` (${escapeMrkdwn(line.distinct.join(", "))})` : "";
    const links = [line.runbook && slackLink(line.runbook, "runbook"), line.graph && slackLink(line.graph, "graph")];
    const details = [escapeMrkdwn(line.since), ...links].filter(Boolean).join(" · ");
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*${line.status.toUpperCase()}* ${escapeMrkdwn(line.summary)}${labels}\n${details}`,
      },
    });
  }
  const more = content.alerts.length - Math.min(content.alerts.length, MAX_ALERT_BLOCKS) + content.truncatedAlerts;
  if (more > 0) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `and ${more} more` }] });
  const links = messageLinks(content);
  if (links.length)
    blocks.push({
      type: "actions",
      elements: links.map((link) => ({
        type: "button",
        text: { type: "plain_text", text: link.label },
        url: link.url,
        ...(link.label === "Acknowledge" && { style: "primary" }),
      })),
    });
  return { text: title, blocks, ...(channel && { channel }) };
}

/** Slack's mrkdwn reads `&`, `<` and `>` as markup. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function slackLink(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${label}>`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
