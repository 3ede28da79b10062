import { z } from "zod";
import { pageSchema } from "../http/page.js";
import type { StoredInboxMessage, StoredNotification } from "./outbox-store.js";

/**
 * How the HTTP API shows the outbox and the inbox. A notification is shown without its channel:
 * the channel as declared may hold a credential written inline (a Slack URL), and its type and
 * destination say where it goes.
 */

export const notificationStateSchema = z.enum(["pending", "delivered", "dead"]);

const labelsSchema = z.record(z.string(), z.string());

export const notifiedAlertSchema = z.object({
  fingerprint: z.string(),
  status: z.enum(["firing", "resolved"]),
  labels: labelsSchema,
  annotations: labelsSchema,
  startsAt: z.number().describe("epoch ms"),
  endsAt: z.number().nullable().describe("epoch ms; null while firing"),
  generatorUrl: z.string().nullable(),
});

export const notificationContentSchema = z.object({
  kind: z.enum(["alert-group", "page"]),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string(),
  groupKey: z.string(),
  groupLabels: labelsSchema,
  commonLabels: labelsSchema,
  commonAnnotations: labelsSchema,
  alerts: z.array(notifiedAlertSchema),
  truncatedAlerts: z.number().int(),
  reason: z.string(),
  externalUrl: z.string(),
  links: z.record(z.string(), z.string()).describe("view, acknowledge, resolve, silence, runbook, graph"),
  page: z
    .object({
      id: z.number().int(),
      level: z.number().int(),
      round: z.number().int(),
      policy: z.string(),
      user: z.string().optional(),
    })
    .optional(),
});

export const notificationViewSchema = z.object({
  id: z.number().int(),
  idempotencyKey: z.string(),
  channelType: z.string(),
  destination: z.string().describe("who it is for: receiver/<name>/<index> or user/<name>/<index>"),
  subject: z.string(),
  source: z.string().describe("group:<key> or page:<id>"),
  state: notificationStateSchema,
  attempts: z.number().int(),
  nextAttemptAt: z.number().describe("epoch ms; when a pending one is tried next"),
  lastError: z.string().nullable(),
  createdAt: z.number().describe("epoch ms"),
  deliveredAt: z.number().nullable().describe("epoch ms"),
});

export const notificationDetailSchema = notificationViewSchema.extend({ content: notificationContentSchema });

export const notificationPageSchema = pageSchema(notificationViewSchema);

export const inboxMessageSchema = z.object({
  id: z.number().int(),
  inbox: z.string(),
  notificationKey: z.string(),
  subject: z.string(),
  text: z.string(),
  receivedAt: z.number().describe("epoch ms"),
});

export const inboxPageSchema = pageSchema(inboxMessageSchema);

export type NotificationView = z.infer<typeof notificationViewSchema>;
export type NotificationDetail = z.infer<typeof notificationDetailSchema>;
export type InboxMessageView = z.infer<typeof inboxMessageSchema>;

export function toNotificationView(notification: StoredNotification): NotificationView {
  return {
    id: notification.id,
    idempotencyKey: notification.idempotencyKey,
    channelType: notification.channelType,
    destination: notification.destination,
    subject: notification.subject,
    source: notification.source,
    state: notification.state,
    attempts: notification.attempts,
    nextAttemptAt: notification.nextAttemptAt,
    lastError: notification.lastError,
    createdAt: notification.createdAt,
    deliveredAt: notification.deliveredAt,
  };
}

export function toNotificationDetail(notification: StoredNotification): NotificationDetail {
  return { ...toNotificationView(notification), content: notification.content };
}

export function toInboxMessageView(message: StoredInboxMessage): InboxMessageView {
  return { ...message };
}
