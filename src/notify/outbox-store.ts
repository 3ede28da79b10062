import type { Kysely, Selectable } from "kysely";
import { conflict, notFound } from "../core/errors.js";
import type { Page } from "../http/page.js";
import { fromJson, toJson } from "../store/json.js";
import type { Database, NotificationsTable } from "../store/schema.js";
import type { Dialect } from "../store/store.js";
import type { InboxMessage } from "./channel.js";
import type { ChannelSpec, NewNotification, NotificationContent } from "./model.js";
import { renderTitle } from "./templates.js";

/**
 * The durable outbox (table `notifications`): a notification is a row before anything is sent,
 * written in the caller's transaction, so an alert that changed state and the message about it
 * are committed together or not at all. Deliverers claim due rows for a while (`claimed_by`,
 * `claimed_until`); a claim that runs out (its process died) is claimed again.
 */

export type NotificationState = NotificationsTable["state"];

export interface StoredNotification {
  id: number;
  idempotencyKey: string;
  channelType: string;
  destination: string;
  /** As declared: secret references unresolved. */
  channel: ChannelSpec;
  content: NotificationContent;
  subject: string;
  source: string;
  state: NotificationState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  claimedBy: string | null;
  claimedUntil: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

export interface StoredInboxMessage extends InboxMessage {
  id: number;
}

/** Anything that runs queries: the database or a transaction on it. */
export type Executor = Kysely<Database>;

/** Adds notifications; one whose idempotency key is already there is left as it is. Returns the new ids. */
export async function enqueueNotifications(
  executor: Executor,
  items: readonly NewNotification[],
  now: number,
): Promise<number[]> {
  if (items.length === 0) return [];
  const rows = await executor
    .insertInto("notifications")
    .values(
      items.map((item) => ({
        idempotency_key: item.idempotencyKey,
        channel_type: item.channel.type,
        destination: item.destination,
        channel: toJson(item.channel),
        content: toJson(item.content),
        subject: renderTitle(item.content),
        source: item.source,
        state: "pending" as const,
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      })),
    )
    .onConflict((conflict) => conflict.column("idempotency_key").doNothing())
    .returning("id")
    .execute();
  return rows.map((row) => row.id);
}

export interface Claim {
  holder: string;
  now: number;
  /** How long the claim lasts; past it another deliverer may take the row. */
  leaseMs: number;
  limit: number;
  /** Destinations this deliverer is busy with: their rows wait, in order, for the next pass. */
  exceptDestinations?: readonly string[];
}

/**
 * Takes due rows for `holder`, atomically: two deliverers never hold the same row at once.
 * PostgreSQL locks the chosen rows and skips those another transaction is choosing; SQLite runs
 * one writer at a time, so a single UPDATE ... RETURNING is already exclusive.
 */
export async function claimDueNotifications(
  store: { db: Kysely<Database>; dialect: Dialect },
  claim: Claim,
): Promise<StoredNotification[]> {
  const except = claim.exceptDestinations ?? [];
  const rows = await store.db.transaction().execute((trx) =>
    trx
      .updateTable("notifications")
      .set({ claimed_by: claim.holder, claimed_until: claim.now + claim.leaseMs })
      .where("id", "in", (eb) =>
        eb
          .selectFrom("notifications")
          .select("id")
          .where("state", "=", "pending")
          .where("next_attempt_at", "<=", claim.now)
          .where((where) => where.or([where("claimed_until", "is", null), where("claimed_until", "<=", claim.now)]))
          .$if(except.length > 0, (query) => query.where("destination", "not in", except))
          .orderBy("next_attempt_at")
          .orderBy("id")
          .limit(claim.limit)
          .$if(store.dialect === "postgres", (query) => query.forUpdate().skipLocked()),
      )
      .returningAll()
      .execute(),
  );
  return rows.map(toStored).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
}

/** Keeps a claim for longer; false when the row is no longer this holder's (its claim ran out and was taken). */
export async function extendClaim(db: Executor, id: number, holder: string, until: number): Promise<boolean> {
  const result = await db
    .updateTable("notifications")
    .set({ claimed_until: until })
    .where("id", "=", id)
    .where("claimed_by", "=", holder)
    .where("state", "=", "pending")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markDelivered(db: Executor, id: number, holder: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("notifications")
    .set((eb) => ({
      state: "delivered",
      attempts: eb("attempts", "+", 1),
      delivered_at: now,
      last_error: null,
      claimed_by: null,
      claimed_until: null,
    }))
    .where("id", "=", id)
    .where("claimed_by", "=", holder)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** What happens after a failed attempt: another at `nextAttemptAt`, or none (dead). */
export type AfterFailure = { state: "pending"; nextAttemptAt: number } | { state: "dead" };

export async function markFailed(
  db: Executor,
  failure: { id: number; holder: string; error: string; after: AfterFailure },
): Promise<boolean> {
  const { after } = failure;
  const result = await db
    .updateTable("notifications")
    .set((eb) => ({
      state: after.state,
      attempts: eb("attempts", "+", 1),
      last_error: failure.error,
      claimed_by: null,
      claimed_until: null,
      ...(after.state === "pending" && { next_attempt_at: after.nextAttemptAt }),
    }))
    .where("id", "=", failure.id)
    .where("claimed_by", "=", failure.holder)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface NotificationFilter {
  state?: NotificationState | undefined;
  destination?: string | undefined;
  source?: string | undefined;
  limit: number;
  offset: number;
}

/** Newest first. */
export async function listNotifications(db: Executor, filter: NotificationFilter): Promise<Page<StoredNotification>> {
  const base = db
    .selectFrom("notifications")
    .$if(filter.state !== undefined, (query) => query.where("state", "=", filter.state as NotificationState))
    .$if(filter.destination !== undefined, (query) => query.where("destination", "=", filter.destination as string))
    .$if(filter.source !== undefined, (query) => query.where("source", "=", filter.source as string));
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("id", "desc").limit(filter.limit).offset(filter.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toStored), total: Number(count.total), limit: filter.limit, offset: filter.offset };
}

export async function getNotification(db: Executor, id: number): Promise<StoredNotification> {
  const row = await db.selectFrom("notifications").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound(`no notification ${id}`);
  return toStored(row);
}

/** A dead notification gets a whole new round of attempts, from now. */
export async function retryDeadNotification(db: Executor, id: number, now: number): Promise<StoredNotification> {
  const row = await db
    .updateTable("notifications")
    .set({ state: "pending", attempts: 0, next_attempt_at: now, claimed_by: null, claimed_until: null })
    .where("id", "=", id)
    .where("state", "=", "dead")
    .returningAll()
    .executeTakeFirst();
  if (row) return toStored(row);
  const existing = await getNotification(db, id);
  throw conflict(`notification ${id} is ${existing.state}; only a dead one can be retried`);
}

/** Keeps an inbox message; the same notification written again keeps the first. */
export async function writeInboxMessage(db: Executor, message: InboxMessage): Promise<void> {
  await db
    .insertInto("inbox_messages")
    .values({
      destination: message.inbox,
      notification_key: message.notificationKey,
      subject: message.subject,
      text: message.text,
      received_at: message.receivedAt,
    })
    .onConflict((conflict) => conflict.column("notification_key").doNothing())
    .execute();
}

/** Newest first, of one inbox or all. */
export async function listInbox(
  db: Executor,
  filter: { inbox?: string | undefined; limit: number; offset: number },
): Promise<Page<StoredInboxMessage>> {
  const base = db
    .selectFrom("inbox_messages")
    .$if(filter.inbox !== undefined, (query) => query.where("destination", "=", filter.inbox as string));
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy("received_at", "desc")
      .orderBy("id", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      inbox: row.destination,
      notificationKey: row.notification_key,
      subject: row.subject,
      text: row.text,
      receivedAt: row.received_at,
    })),
    total: Number(count.total),
    limit: filter.limit,
    offset: filter.offset,
  };
}

function toStored(row: Selectable<NotificationsTable>): StoredNotification {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    channelType: row.channel_type,
    destination: row.destination,
    channel: fromJson<ChannelSpec>(row.channel),
    content: fromJson<NotificationContent>(row.content),
    subject: row.subject,
    source: row.source,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    claimedBy: row.claimed_by,
    claimedUntil: row.claimed_until,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}
