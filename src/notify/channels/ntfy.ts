import type { Resolved } from "../../secrets/model.js";
import type { Channel } from "../channel.js";
import type { ChannelSpec, NotificationContent } from "../model.js";
import { messageLinks, renderText, renderTitle } from "../templates.js";
import { postToReceiver } from "./http-post.js";

type NtfySpec = Extract<ChannelSpec, { type: "ntfy" }>;

/** ntfy shows at most three action buttons. */
const MAX_ACTIONS = 3;

/**
 * ntfy: the text as the body, the title, priority, tags and buttons as headers (acknowledge
 * first, so it is one tap from the lock screen), the view link as the tap target.
 */
export const ntfyChannel: Channel<NtfySpec> = {
  type: "ntfy",
  send(message, spec, context) {
    const { url, headers } = ntfyRequest(message, spec);
    return postToReceiver(context, {
      url,
      body: renderText(message, context.clock.now()),
      contentType: "text/plain; charset=utf-8",
      headers,
    });
  },
};

export function ntfyRequest(content: NotificationContent, spec: Resolved<NtfySpec>) {
  const links = messageLinks(content).slice(0, MAX_ACTIONS);
  const severity = content.commonLabels.severity;
  const headers: Record<string, string> = {
    title: encodeHeader(renderTitle(content)),
    priority: String(spec.priority ?? priorityOf(content)),
    tags: [content.status === "firing" ? "rotating_light" : "white_check_mark", severity && tagOf(severity)]
      .filter(Boolean)
      .join(","),
    click: asciiUrl(content.links.view),
  };
  if (links.length)
    headers.actions = links
      .map((link) => `view, ${quote(link.label)}, ${quote(asciiUrl(link.url))}, clear=true`)
      .join("; ");
  if (spec.token) headers.authorization = `Bearer ${spec.token}`;
  return { url: `${spec.url.replace(/\/+$/, "")}/${spec.topic}`, headers };
}

function priorityOf(content: NotificationContent): number {
  if (content.status === "resolved") return 2;
  switch (content.commonLabels.severity?.toLowerCase()) {
    case "critical":
    case "page":
      return 5;
    case "error":
      return 4;
    case "info":
      return 2;
    default:
      return 3;
  }
}

/** Tags are comma-separated words; a label value may be anything. */
function tagOf(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 32);
}

/** ntfy's simple action format: a value with a comma or semicolon goes in quotes. */
function quote(value: string): string {
  return /[,;"]/.test(value) ? `"${value.replace(/"/g, "'")}"` : value;
}

/** The URL parser percent-encodes what a header cannot carry. */
function asciiUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return encodeURI(url);
  }
}

/** Header values are bytes, not text: ntfy decodes RFC 2047 encoded words. */
function encodeHeader(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
}
