import type { Kysely, Selectable, Transaction } from "kysely";
import type { NotificationContent } from "../notify/model.js";
import { fromJson, toJson } from "../store/json.js";
import type { Database, PageEventsTable, PagesTable } from "../store/schema.js";
import type { PageRecord } from "./health.js";

/** Pages and what happened to each (tables pages, page_events): the escalation engine's state. */

export type Executor = Kysely<Database> | Transaction<Database>;
export type PageState = PagesTable["state"];
export const PAGE_STATES = ["triggered", "acknowledged", "resolved"] as const satisfies readonly PageState[];
export const PAGE_EVENTS = [
  "triggered",
  "notified",
  "skipped",
  "escalated",
  "acknowledged",
  "resolved",
  "exhausted",
] as const;
export type PageEventType = (typeof PAGE_EVENTS)[number];

export interface StoredPage {
  id: number;
  groupKey: string;
  policy: string;
  receiver: string;
  title: string;
  labels: Record<string, string>;
  content: NotificationContent;
  state: PageState;
  /** The level notified last (0-based) within `round`. */
  level: number;
  round: number;
  /** When the level after is due; null once acknowledged, resolved or exhausted. */
  nextEscalationAt: number | null;
  createdAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  updatedAt: number;
}

export interface NewPage {
  groupKey: string;
  policy: string;
  receiver: string;
  title: string;
  labels: Record<string, string>;
  content: NotificationContent;
  level: number;
  round: number;
  nextEscalationAt: number | null;
  createdAt: number;
}

export interface PageEvent {
  id: number;
  pageId: number;
  at: number;
  event: PageEventType;
  userName: string | null;
  detail: Record<string, unknown>;
}

export type NewPageEvent = Omit<PageEvent, "id">;

const nullableNumber = (value: number | null) => (value === null ? null : Number(value));

function toPage(row: Selectable<PagesTable>): StoredPage {
  return {
    id: Number(row.id),
    groupKey: row.group_key,
    policy: row.policy,
    receiver: row.receiver,
    title: row.title,
    labels: fromJson(row.labels),
    content: fromJson(row.content),
    state: row.state,
    level: row.level,
    round: row.round,
    nextEscalationAt: nullableNumber(row.next_escalation_at),
    createdAt: Number(row.created_at),
    acknowledgedAt: nullableNumber(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: nullableNumber(row.resolved_at),
    resolvedBy: row.resolved_by,
    updatedAt: Number(row.updated_at),
  };
}

const toEvent = (row: Selectable<PageEventsTable>): PageEvent => ({
  id: Number(row.id),
  pageId: Number(row.page_id),
  at: Number(row.at),
  event: row.event as PageEventType,
  userName: row.user_name,
  detail: fromJson(row.detail),
});

export async function insertPage(db: Executor, page: NewPage): Promise<StoredPage> {
  const row = await db
    .insertInto("pages")
    .values({
      group_key: page.groupKey,
      policy: page.policy,
      receiver: page.receiver,
      title: page.title,
      labels: toJson(page.labels),
      content: toJson(page.content),
      state: "triggered",
      level: page.level,
      round: page.round,
      next_escalation_at: page.nextEscalationAt,
      created_at: page.createdAt,
      updated_at: page.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPage(row);
}

export async function getPage(db: Executor, id: number): Promise<StoredPage | undefined> {
  const row = await db.selectFrom("pages").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toPage(row) : undefined;
}

/** The group's page that is not resolved yet, if any (the newest, should there be several). */
export async function findOpenPage(db: Executor, groupKey: string): Promise<StoredPage | undefined> {
  const row = await db
    .selectFrom("pages")
    .selectAll()
    .where("group_key", "=", groupKey)
    .where("state", "!=", "resolved")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row ? toPage(row) : undefined;
}

export async function listOpenPagesOfGroup(db: Executor, groupKey: string): Promise<StoredPage[]> {
  const rows = await db
    .selectFrom("pages")
    .selectAll()
    .where("group_key", "=", groupKey)
    .where("state", "!=", "resolved")
    .orderBy("id")
    .execute();
  return rows.map(toPage);
}

/** Newest first. */
export async function listPages(
  db: Executor,
  filter: { state?: PageState | undefined; limit: number; offset: number },
): Promise<{ items: StoredPage[]; total: number }> {
  let query = db.selectFrom("pages");
  if (filter.state) query = query.where("state", "=", filter.state);
  const rows = await query
    .selectAll()
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const counted = await query.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow();
  return { items: rows.map(toPage), total: Number(counted.count) };
}

/** Triggered pages whose next level is due at `now`, the most overdue first. */
export async function listDuePages(db: Executor, now: number, limit: number): Promise<StoredPage[]> {
  const rows = await db
    .selectFrom("pages")
    .selectAll()
    .where("state", "=", "triggered")
    .where("next_escalation_at", "<=", now)
    .orderBy("next_escalation_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(toPage);
}

export async function updatePageContent(
  db: Executor,
  id: number,
  update: { title: string; labels: Record<string, string>; content: NotificationContent; at: number },
): Promise<void> {
  await db
    .updateTable("pages")
    .set({
      title: update.title,
      labels: toJson(update.labels),
      content: toJson(update.content),
      updated_at: update.at,
    })
    .where("id", "=", id)
    .execute();
}

/**
 * Moves a triggered page from the position it was read at to the next one. False when it is no
 * longer there (another engine escalated it, or someone acknowledged or resolved it meanwhile).
 */
export async function advancePage(
  db: Executor,
  page: Pick<StoredPage, "id" | "level" | "round" | "nextEscalationAt">,
  next: { level: number; round: number; nextEscalationAt: number | null },
  at: number,
): Promise<boolean> {
  let query = db
    .updateTable("pages")
    .set({ level: next.level, round: next.round, next_escalation_at: next.nextEscalationAt, updated_at: at })
    .where("id", "=", page.id)
    .where("state", "=", "triggered")
    .where("level", "=", page.level)
    .where("round", "=", page.round);
  query =
    page.nextEscalationAt === null
      ? query.where("next_escalation_at", "is", null)
      : query.where("next_escalation_at", "=", page.nextEscalationAt);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** False when the page is not triggered (already acknowledged, or resolved). */
export async function markAcknowledged(db: Executor, id: number, by: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable("pages")
    .set({ state: "acknowledged", acknowledged_at: at, acknowledged_by: by, next_escalation_at: null, updated_at: at })
    .where("id", "=", id)
    .where("state", "=", "triggered")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** False when the page is resolved already. */
export async function markResolved(db: Executor, id: number, by: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable("pages")
    .set({ state: "resolved", resolved_at: at, resolved_by: by, next_escalation_at: null, updated_at: at })
    .where("id", "=", id)
    .where("state", "!=", "resolved")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertPageEvents(db: Executor, events: readonly NewPageEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto("page_events")
    .values(
      events.map((event) => ({
        page_id: event.pageId,
        at: event.at,
        event: event.event,
        user_name: event.userName,
        detail: toJson(event.detail),
      })),
    )
    .execute();
}

/** Oldest first. */
export async function listPageEvents(db: Executor, pageId: number): Promise<PageEvent[]> {
  const rows = await db
    .selectFrom("page_events")
    .selectAll()
    .where("page_id", "=", pageId)
    .orderBy("at")
    .orderBy("id")
    .execute();
  return rows.map(toEvent);
}

/** The pages created in [from, to), oldest first, with whom each reached. */
export async function listPageRecords(db: Executor, from: number, to: number): Promise<PageRecord[]> {
  const pages = await db
    .selectFrom("pages")
    .select(["id", "created_at", "acknowledged_at", "resolved_at", "acknowledged_by"])
    .where("created_at", ">=", from)
    .where("created_at", "<", to)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  if (pages.length === 0) return [];
  const events = await db
    .selectFrom("page_events")
    .innerJoin("pages", "pages.id", "page_events.page_id")
    .select(["page_events.page_id", "page_events.at", "page_events.user_name", "page_events.detail"])
    .where("pages.created_at", ">=", from)
    .where("pages.created_at", "<", to)
    .where("page_events.event", "=", "notified")
    .where("page_events.user_name", "is not", null)
    .orderBy("page_events.at")
    .orderBy("page_events.id")
    .execute();
  const notified = new Map<number, Map<string, { user: string; at: number }>>();
  for (const event of events) {
    if (fromJson<Record<string, unknown>>(event.detail).reason === "resolved") continue;
    const pageId = Number(event.page_id);
    const byKey = notified.get(pageId) ?? new Map();
    const at = Number(event.at);
    byKey.set(`${event.user_name}@${at}`, { user: event.user_name as string, at });
    notified.set(pageId, byKey);
  }
  return pages.map((row) => ({
    id: Number(row.id),
    createdAt: Number(row.created_at),
    acknowledgedAt: nullableNumber(row.acknowledged_at),
    resolvedAt: nullableNumber(row.resolved_at),
    notified: [...(notified.get(Number(row.id))?.values() ?? [])],
    acknowledgedBy: row.acknowledged_by?.replace(/^link:/, "") ?? null,
  }));
}
