import { z } from "zod";
import { pageSchema } from "../http/page.js";
import { PAGE_EVENTS, PAGE_STATES, type PageEvent, type StoredPage } from "./pages-store.js";

/** How the HTTP API shows pages and their history. */

export const pageStateSchema = z
  .enum(PAGE_STATES)
  .describe("triggered: escalating (or exhausted) until someone acknowledges; acknowledged; resolved");

export const pageViewSchema = z.object({
  id: z.number().int(),
  groupKey: z.string().describe("the alert group the page is for"),
  policy: z.string().describe("the EscalationPolicy"),
  receiver: z.string(),
  title: z.string(),
  labels: z.record(z.string(), z.string()),
  state: pageStateSchema,
  level: z.number().int().describe("the level notified last, 0-based; -1 before anyone was notified"),
  round: z.number().int().describe("0 on the first pass through the levels, 1 on the first repeat ..."),
  nextEscalationAt: z
    .number()
    .nullable()
    .describe("epoch ms the next level is due; null once acknowledged, resolved or exhausted"),
  createdAt: z.number(),
  acknowledgedAt: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.number().nullable(),
  resolvedBy: z.string().nullable(),
  updatedAt: z.number(),
});
export type PageView = z.infer<typeof pageViewSchema>;

export const pageEventViewSchema = z.object({
  id: z.number().int(),
  at: z.number(),
  event: z.enum(PAGE_EVENTS),
  userName: z.string().nullable().describe("the person notified or skipped"),
  detail: z.record(z.string(), z.unknown()).describe("level, round, channel, reason ... as the event has them"),
});
export type PageEventView = z.infer<typeof pageEventViewSchema>;

export const pageDetailSchema = pageViewSchema.extend({
  events: z.array(pageEventViewSchema).describe("what happened, oldest first"),
});
export type PageDetailView = z.infer<typeof pageDetailSchema>;

export const pageListSchema = pageSchema(pageViewSchema);
export type PageList = z.infer<typeof pageListSchema>;

export function toPageView(page: StoredPage): PageView {
  const { content: _content, ...view } = page;
  return view;
}

export function toPageDetail(page: StoredPage, events: readonly PageEvent[]): PageDetailView {
  return {
    ...toPageView(page),
    events: events.map(({ pageId: _pageId, ...event }) => event),
  };
}
