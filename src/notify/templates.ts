import type { NotificationContent, NotifiedAlert } from "./model.js";

/**
 * The default words of every channel, from a NotificationContent: a title in Alertmanager's
 * default form, what fired and since when, and the links a responder needs (acknowledge, resolve,
 * silence, view, runbook, graph). Pure: `now` is a parameter, so "for 12m" is tested exactly.
 */

export interface MessageLink {
  label: string;
  url: string;
}

/** One alert as a line of a message. */
export interface AlertLine {
  status: NotifiedAlert["status"];
  /** The alert's summary annotation, or its description, or its alertname. */
  summary: string;
  /** Labels that tell this alert from the others of its group (not the common ones), `name=value`. */
  distinct: string[];
  /** `firing for 12m, since 2026-08-20 10:00:00 UTC` or `resolved after 1h 5m, at ...`. */
  since: string;
  runbook: string | null;
  graph: string | null;
}

/** `[FIRING:2] HighErrorRate checkout (page)`: group label values, then the other common label values. */
export function renderTitle(content: NotificationContent): string {
  const firing = content.alerts.filter((alert) => alert.status === "firing").length;
  const status = content.status === "firing" ? `FIRING:${firing}` : "RESOLVED";
  const grouped = sortedValues(content.groupLabels);
  const others = sortedValues(
    Object.fromEntries(Object.entries(content.commonLabels).filter(([name]) => !(name in content.groupLabels))),
  );
  const page = content.page ? ` [page ${content.page.id}, level ${content.page.level + 1}]` : "";
  const subject = [grouped.join(" "), others.length ? `(${others.join(" ")})` : ""].filter(Boolean).join(" ");
  return `[${status}] ${subject || content.receiver}${page}`;
}

/** `3d 4h`, `1h 5m`, `12m`, `40s`: the two largest units, for people. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const units: Array<[string, number]> = [
    ["d", Math.floor(seconds / 86_400)],
    ["h", Math.floor(seconds / 3600) % 24],
    ["m", Math.floor(seconds / 60) % 60],
    ["s", seconds % 60],
  ];
  const first = units.findIndex(([, value]) => value > 0);
  if (first === -1) return "0s";
  return units
    .slice(first, first + 2)
    .filter(([, value]) => value > 0)
    .map(([unit, value]) => `${value}${unit}`)
    .join(" ");
}

/** `2026-08-20 10:00:00 UTC` */
export function formatInstant(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function describeAlert(alert: NotifiedAlert, content: NotificationContent, now: number): AlertLine {
  const summary =
    alert.annotations.summary ?? alert.annotations.description ?? alert.labels.alertname ?? alert.fingerprint;
  const distinct = Object.keys(alert.labels)
    .filter((name) => content.commonLabels[name] !== alert.labels[name])
    .sort()
    .map((name) => `${name}=${alert.labels[name]}`);
  const since =
    alert.status === "firing" || alert.endsAt === null
      ? `firing for ${formatDuration(now - alert.startsAt)}, since ${formatInstant(alert.startsAt)}`
      : `resolved after ${formatDuration(alert.endsAt - alert.startsAt)}, at ${formatInstant(alert.endsAt)}`;
  return {
    status: alert.status,
    summary,
    distinct,
    since,
    runbook: webUrl(alert.annotations.runbook_url),
    graph: webUrl(alert.generatorUrl),
  };
}

/** What the message is about in one line: the common summary, or the single alert's. */
export function renderHeadline(content: NotificationContent): string {
  const only = content.alerts.length === 1 ? content.alerts[0] : undefined;
  const headline =
    content.commonAnnotations.summary ??
    only?.annotations.summary ??
    content.commonAnnotations.description ??
    only?.annotations.description;
  if (headline) return headline;
  const count = content.alerts.length + content.truncatedAlerts;
  return `${count} alert${count === 1 ? "" : "s"} ${content.status === "firing" ? "firing" : "resolved"} for ${content.receiver}`;
}

/**
 * The links of a message in the order a responder wants them: act on the page first, then look.
 * The runbook and graph come from the content's links, else the alerts' `runbook_url` annotation
 * and `generatorURL` when all alerts share one.
 */
export function messageLinks(content: NotificationContent): MessageLink[] {
  const shared = (values: Array<string | null | undefined>) => {
    const distinct = new Set(values.map(webUrl).filter((value): value is string => value !== null));
    return distinct.size === 1 ? [...distinct][0] : undefined;
  };
  const runbook =
    content.links.runbook ??
    content.commonAnnotations.runbook_url ??
    shared(content.alerts.map((alert) => alert.annotations.runbook_url));
  const graph = content.links.graph ?? shared(content.alerts.map((alert) => alert.generatorUrl));
  const links: Array<[string, string | undefined]> = [
    ["Acknowledge", content.links.acknowledge],
    ["Resolve", content.links.resolve],
    ["Silence", content.links.silence],
    ["View in Nines", content.links.view],
    ["Runbook", runbook],
    ["Graph", graph],
  ];
  return links.flatMap(([label, url]) => {
    const checked = webUrl(url);
    return checked ? [{ label, url: checked }] : [];
  });
}

/** The page line, for page notifications: `Page 12, level 2 of checkout-oncall (round 1), for alice`. */
export function describePage(content: NotificationContent): string | null {
  const { page } = content;
  if (!page) return null;
  const user = page.user ? `, for ${page.user}` : "";
  return `Page ${page.id}, level ${page.level + 1} of ${page.policy} (round ${page.round + 1})${user}`;
}

/** The plain-text body: email's text part, the inbox, ntfy. */
export function renderText(content: NotificationContent, now: number): string {
  const lines = [renderHeadline(content)];
  const page = describePage(content);
  if (page) lines.push(page);
  lines.push("");
  for (const alert of content.alerts) {
    const line = describeAlert(alert, content, now);
    const labels = line.distinct.length ? ` (${line.distinct.join(", ")})` : "";
    lines.push(`- [${line.status}] ${line.summary}${labels}: ${line.since}`);
    if (line.runbook) lines.push(`  runbook: ${line.runbook}`);
    if (line.graph) lines.push(`  graph: ${line.graph}`);
  }
  if (content.truncatedAlerts > 0) lines.push(`- and ${content.truncatedAlerts} more`);
  const links = messageLinks(content);
  if (links.length) lines.push("", ...links.map((link) => `${link.label}: ${link.url}`));
  return lines.join("\n");
}

/** The HTML body of email: the same as the text, every value escaped. */
export function renderHtml(content: NotificationContent, now: number): string {
  const page = describePage(content);
  const items = content.alerts.map((alert) => {
    const line = describeAlert(alert, content, now);
    const labels = line.distinct.length ? ` <small>(${escapeHtml(line.distinct.join(", "))})</small>` : "";
    const extra = [line.runbook && anchor("runbook", line.runbook), line.graph && anchor("graph", line.graph)].filter(
      Boolean,
    );
    return `<li><b>${escapeHtml(line.status.toUpperCase())}</b> ${escapeHtml(line.summary)}${labels}: ${escapeHtml(line.since)}${extra.length ? ` · ${extra.join(" · ")}` : ""}</li>`;
  });
  if (content.truncatedAlerts > 0) items.push(`<li>and ${content.truncatedAlerts} more</li>`);
  const links = messageLinks(content).map((link) => anchor(link.label, link.url));
  return [
    `<h2>${escapeHtml(renderTitle(content))}</h2>`,
    `<p>${escapeHtml(renderHeadline(content))}</p>`,
    page ? `<p>${escapeHtml(page)}</p>` : "",
    `<ul>${items.join("")}</ul>`,
    links.length ? `<p>${links.join(" | ")}</p>` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function anchor(label: string, url: string): string {
  return `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
}

/** Links come from alert annotations, written by whoever writes the alert rules: http(s) only. */
function webUrl(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

function sortedValues(labels: Record<string, string>): string[] {
  return Object.keys(labels)
    .sort()
    .map((name) => labels[name] as string);
}
