import { z } from "zod";
import { invalid } from "../core/errors.js";
import { defineRoute, pagingQuery, type RouteDefinition } from "../http/route.js";
import type { Outbox } from "./outbox.js";
import {
  inboxPageSchema,
  notificationDetailSchema,
  notificationPageSchema,
  notificationStateSchema,
  toInboxMessageView,
  toNotificationDetail,
  toNotificationView,
} from "./views.js";

const notificationQuery = pagingQuery.extend({
  state: notificationStateSchema.optional().describe("pending, delivered or dead"),
  destination: z.string().max(300).optional().describe("one destination only, e.g. receiver/ops/0"),
  source: z.string().max(1000).optional().describe("one source only: group:<key> or page:<id>"),
});

const inboxQuery = pagingQuery.extend({
  inbox: z.string().max(63).optional().describe("one inbox only (the inbox channel's name)"),
});

function notificationId(params: Record<string, string>): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw invalid(`"${params.id}" is not a notification id`);
  return id;
}

/** The outbox and the inbox over HTTP: what was sent, what failed, and sending a dead one again. */
export function notificationRoutes(outbox: Outbox): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/notifications",
      tag: "notifications",
      summary: "Notifications, newest first, optionally of one state, destination or source",
      query: notificationQuery,
      response: notificationPageSchema,
      handler: async ({ query }) => {
        const page = await outbox.list(query);
        return { ...page, items: page.items.map(toNotificationView) };
      },
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/notifications/:id",
      tag: "notifications",
      summary: "One notification, with what it says",
      response: notificationDetailSchema,
      handler: async ({ params }) => toNotificationDetail(await outbox.get(notificationId(params))),
    }),
    defineRoute({
      method: "POST",
      access: "responder",
      url: "/api/v1/notifications/:id/retry",
      tag: "notifications",
      summary: "Send a dead notification again, with a new round of attempts",
      response: notificationDetailSchema,
      handler: async ({ params }) => toNotificationDetail(await outbox.retry(notificationId(params))),
    }),
    defineRoute({
      method: "GET",
      access: "viewer",
      url: "/api/v1/inbox",
      tag: "notifications",
      summary: "Messages of the inbox channel, newest first",
      query: inboxQuery,
      response: inboxPageSchema,
      handler: async ({ query }) => {
        const page = await outbox.inbox(query);
        return { ...page, items: page.items.map(toInboxMessageView) };
      },
    }),
  ];
}
