import type { ChannelSpec, NewNotification, NotificationContent } from "../notify/model.js";
import type { EscalationContact, EscalationStep, LevelAttempt, PagePosition } from "./escalation.js";
import type { PageLinks } from "./page-links.js";
import type { NewPageEvent, StoredPage } from "./pages-store.js";

/**
 * What a step of escalation writes: the page's history and the notifications for the outbox.
 * Every notification's key names the page, round, level, recipient and channel, so enqueuing a
 * step again (after a crash, or from a second engine) adds nothing.
 */

export interface StepRecord {
  events: NewPageEvent[];
  notifications: NewNotification[];
}

export const notificationKey = (
  pageId: number,
  position: PagePosition | "resolved",
  recipient: string,
  channelIndex: number,
) =>
  `page:${pageId}:${position === "resolved" ? "resolved" : `${position.round}:${position.level}`}:${recipient}:${channelIndex}`;

/** `user:alice` or `receiver:ops`. */
const destinationOf = (recipient: string) => (recipient.startsWith("receiver:") ? recipient : `user:${recipient}`);

interface Delivery {
  recipient: string;
  user?: string | undefined;
  channel: ChannelSpec;
  channelIndex: number;
}

function pageContent(
  page: StoredPage,
  links: PageLinks,
  delivery: Delivery,
  position: PagePosition,
  status: "firing" | "resolved",
  reason: string,
): NotificationContent {
  const base = page.content.externalUrl.replace(/\/+$/, "");
  return {
    ...page.content,
    kind: "page",
    status,
    reason,
    links: {
      ...page.content.links,
      view: `${base}/pages/${page.id}`,
      ...(status === "firing" ? links.linksFor(base, page.id, delivery.user) : {}),
    },
    page: {
      id: page.id,
      level: position.level,
      round: position.round,
      policy: page.policy,
      ...(delivery.user !== undefined && { user: delivery.user }),
    },
  };
}

function skippedEvents(page: StoredPage, attempt: LevelAttempt, at: number): NewPageEvent[] {
  return attempt.skipped.map((skip) => ({
    pageId: page.id,
    at,
    event: "skipped",
    userName: skip.user ?? null,
    detail: {
      level: attempt.level,
      round: attempt.round,
      recipient: skip.recipient,
      via: skip.via,
      reason: skip.reason,
    },
  }));
}

function notifiedEvent(page: StoredPage, at: number, notification: NewNotification, detail: Record<string, unknown>) {
  const user = notification.content.page?.user;
  return {
    pageId: page.id,
    at,
    event: "notified" as const,
    userName: user ?? null,
    detail: { ...detail, channel: notification.channel.type, key: notification.idempotencyKey },
  };
}

/** The events and notifications of `step`, taken at `at` for `page` as it was read. */
export function recordEscalationStep(page: StoredPage, step: EscalationStep, at: number, links: PageLinks): StepRecord {
  const events: NewPageEvent[] = [];
  const notifications: NewNotification[] = [];
  const escalated = (from: PagePosition, reason: string) =>
    events.push({ pageId: page.id, at, event: "escalated", userName: null, detail: { from, reason } });
  if (page.level >= 0)
    escalated({ level: page.level, round: page.round }, "not acknowledged within the level's timeout");
  for (const attempt of step.passed) {
    events.push(...skippedEvents(page, attempt, at));
    escalated({ level: attempt.level, round: attempt.round }, "nobody at the level could be notified");
  }
  if (step.outcome === "exhausted") {
    events.push({
      pageId: page.id,
      at,
      event: "exhausted",
      userName: null,
      detail: { reason: "the escalation policy has no level left; nobody acknowledged" },
    });
    return { events, notifications };
  }
  const { attempt } = step;
  events.push(...skippedEvents(page, attempt, at));
  const reason = page.level < 0 && attempt.level === 0 && attempt.round === 0 ? "triggered" : "escalated";
  for (const contact of attempt.contacts) {
    const notification = toNotification(page, links, contact, attempt, reason);
    notifications.push(notification);
    events.push(
      notifiedEvent(page, at, notification, {
        level: attempt.level,
        round: attempt.round,
        recipient: contact.recipient,
        via: contact.via,
        channelIndex: contact.channelIndex,
      }),
    );
  }
  return { events, notifications };
}

function toNotification(
  page: StoredPage,
  links: PageLinks,
  contact: EscalationContact,
  position: PagePosition,
  reason: string,
): NewNotification {
  return {
    idempotencyKey: notificationKey(page.id, position, contact.recipient, contact.channelIndex),
    destination: destinationOf(contact.recipient),
    channel: contact.channel,
    content: pageContent(page, links, contact, position, "firing", reason),
    source: `page:${page.id}`,
  };
}

/** The notice to everyone who was paged that the page resolved, on the channels they have now. */
export function recordResolutionNotice(
  page: StoredPage,
  recipients: readonly { recipient: string; user?: string | undefined; channels: readonly ChannelSpec[] }[],
  at: number,
  links: PageLinks,
): StepRecord {
  const events: NewPageEvent[] = [];
  const notifications: NewNotification[] = [];
  const position = { level: page.level, round: page.round };
  for (const { recipient, user, channels } of recipients) {
    channels.forEach((channel, channelIndex) => {
      const notification: NewNotification = {
        idempotencyKey: notificationKey(page.id, "resolved", recipient, channelIndex),
        destination: destinationOf(recipient),
        channel,
        content: pageContent(page, links, { recipient, user, channel, channelIndex }, position, "resolved", "resolved"),
        source: `page:${page.id}`,
      };
      notifications.push(notification);
      events.push(notifiedEvent(page, at, notification, { reason: "resolved", recipient, channelIndex }));
    });
  }
  return { events, notifications };
}
