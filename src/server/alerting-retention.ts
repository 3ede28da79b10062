import type { Store } from "../store/store.js";

/**
 * What the response half keeps, so its tables stay bounded: resolved alerts and their history,
 * delivered and dead notifications and inbox messages for `keepMs` (default 90 days); resolved
 * pages, which the on-call health report reads, for `keepPagesMs` (default 400 days).
 */
export const ALERTING_RETENTION = { keepMs: 90 * 86_400_000, keepPagesMs: 400 * 86_400_000 };

export async function pruneAlerting(store: Store, now: number, retention = ALERTING_RETENTION): Promise<number> {
  const cutoff = now - retention.keepMs;
  const results = await Promise.all([
    store.db.deleteFrom("alert_history").where("at", "<", cutoff).executeTakeFirst(),
    store.db
      .deleteFrom("alerts")
      .where("resolved_at", "is not", null)
      .where("resolved_at", "<", cutoff)
      .executeTakeFirst(),
    store.db
      .deleteFrom("notifications")
      .where("state", "in", ["delivered", "dead"])
      .where("created_at", "<", cutoff)
      .executeTakeFirst(),
    store.db.deleteFrom("inbox_messages").where("received_at", "<", cutoff).executeTakeFirst(),
    store.db
      .deleteFrom("pages")
      .where("state", "=", "resolved")
      .where("resolved_at", "<", now - retention.keepPagesMs)
      .executeTakeFirst(),
  ]);
  return results.reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
}
