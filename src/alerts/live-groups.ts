import type { Transaction } from "kysely";
import type { Logger } from "pino";
import type { Clock } from "../core/clock.js";
import type { Database } from "../store/schema.js";
import type { Store } from "../store/store.js";
import type { Told } from "./aggregation.js";
import { appendHistory, deleteGroups, type HistoryEntry, insertGroups, loadGroups, saveFlush } from "./group-store.js";
import { isFiring, type LabelSet, type StoredAlert } from "./model.js";
import { groupKeyOf, groupLabelsOf, type RouteNode } from "./routing.js";

/** An aggregation group as the dispatcher holds it between flushes. */
export interface LiveGroup {
  key: string;
  route: RouteNode;
  labels: LabelSet;
  members: Set<string>;
  told: Map<string, Told>;
  lastNotifiedAt: number | null;
  nextFlushAt: number;
  createdAt: number;
  /** The stored row's version (its updated_at); 0 until stored. */
  version: number;
  persisted: boolean;
}

export type FlushedState = {
  nextFlushAt: number | null;
  lastNotifiedAt: number | null;
  told: Map<string, Told>;
  updatedAt: number;
};

/**
 * The groups in memory and their rows: every process places alerts into groups (for the API), the
 * leader also stores them, takes over the stored state when it becomes leader, and writes the
 * `grouped` and suppression history.
 */
export function createGroups(options: { store: Store; clock: Clock; logger: Logger }) {
  const { store } = options;
  const groups = new Map<string, LiveGroup>();
  const suppressionOf = new Map<string, string>();
  let pendingHistory: HistoryEntry[] = [];
  const vanished: string[] = [];

  function place(alert: StoredAlert, routes: readonly RouteNode[], now: number) {
    for (const route of routes) {
      const labels = groupLabelsOf(route, alert.labels);
      const key = groupKeyOf(route, labels);
      let group = groups.get(key);
      if (!group) {
        // A resolved alert opens no group: there is nobody to tell about it.
        if (!isFiring(alert, now)) continue;
        const waitEnds = alert.startsAt + route.options.groupWaitMs;
        group = {
          key,
          route,
          labels,
          members: new Set(),
          told: new Map(),
          lastNotifiedAt: null,
          // Alertmanager flushes at once when the alert is older than group_wait already.
          nextFlushAt: waitEnds < now ? now : now + route.options.groupWaitMs,
          createdAt: now,
          version: 0,
          persisted: false,
        };
        groups.set(key, group);
      }
      if (!group.members.has(alert.fingerprint)) {
        if (!isFiring(alert, now) && !group.told.has(alert.fingerprint)) continue;
        group.members.add(alert.fingerprint);
        pendingHistory.push({
          fingerprint: alert.fingerprint,
          at: now,
          event: "grouped",
          detail: { group: key, receiver: route.options.receiver, route: route.objectName },
        });
      }
    }
  }

  return {
    place,
    /** After a routing change: every alert placed again; groups whose key is gone are dropped. */
    regroup(alerts: Iterable<StoredAlert>, routesOf: (alert: StoredAlert) => RouteNode[], now: number) {
      const before = new Map(groups);
      groups.clear();
      for (const alert of alerts) place(alert, routesOf(alert), now);
      for (const [key, old] of before) {
        const group = groups.get(key);
        if (!group) {
          if (old.persisted) vanished.push(key);
          continue;
        }
        Object.assign(group, {
          told: old.told,
          lastNotifiedAt: old.lastNotifiedAt,
          nextFlushAt: old.nextFlushAt,
          createdAt: old.createdAt,
          version: old.version,
          persisted: old.persisted,
        });
      }
    },
    list: () => [...groups.values()],
    due: (now: number) =>
      [...groups.values()].filter((group) => group.nextFlushAt <= now).sort((a, b) => a.nextFlushAt - b.nextFlushAt),
    earliestFlush(): number | null {
      let earliest: number | null = null;
      for (const group of groups.values())
        if (earliest === null || group.nextFlushAt < earliest) earliest = group.nextFlushAt;
      return earliest;
    },
    holds: (fingerprint: string) => [...groups.values()].some((group) => group.members.has(fingerprint)),
    discardPending() {
      pendingHistory = [];
    },
    /** Stores new groups and the history gathered since the last pass (leader only), in one transaction. */
    async persistNew(now: number) {
      const fresh = [...groups.values()].filter((group) => !group.persisted);
      const history = pendingHistory.splice(0);
      const inserted = await store.db.transaction().execute(async (trx) => {
        const keys = await insertGroups(
          trx,
          fresh.map((group) => ({
            key: group.key,
            route: group.route.key,
            receiver: group.route.options.receiver,
            labels: group.labels,
            createdAt: group.createdAt,
            nextFlushAt: group.nextFlushAt,
            lastNotifiedAt: null,
            told: group.told,
            updatedAt: now,
          })),
        );
        await deleteGroups(trx, vanished.splice(0));
        await appendHistory(trx, history);
        return keys;
      });
      for (const group of fresh) {
        group.version = now;
        group.persisted = true;
      }
      if (inserted.size < fresh.length) await this.takeOver(now);
    },
    /** Takes the stored state of every group (what was told, when it flushes next). */
    async takeOver(now: number) {
      const stored = new Map((await loadGroups(store)).map((row) => [row.key, row]));
      const orphans: string[] = [];
      for (const [key, row] of stored) {
        const group = groups.get(key);
        if (!group) {
          orphans.push(key);
          continue;
        }
        group.told = row.told;
        group.lastNotifiedAt = row.lastNotifiedAt;
        group.nextFlushAt = row.nextFlushAt ?? now;
        group.version = row.updatedAt;
        group.persisted = true;
        for (const fingerprint of row.told.keys()) group.members.add(fingerprint);
      }
      for (const group of groups.values()) if (!stored.has(group.key)) group.persisted = false;
      await deleteGroups(store.db, orphans);
    },
    save: (trx: Transaction<Database>, group: LiveGroup, next: FlushedState | null) =>
      saveFlush(trx, group.key, group.version, next),
    applyFlush(group: LiveGroup, members: Set<string>, next: FlushedState | null) {
      if (next === null) {
        groups.delete(group.key);
        return;
      }
      group.members = members;
      group.told = next.told;
      group.lastNotifiedAt = next.lastNotifiedAt;
      group.nextFlushAt = next.nextFlushAt ?? group.nextFlushAt;
      group.version = next.updatedAt;
    },
    /** History for alerts whose suppression changed since last seen. */
    suppressionChanges(
      _group: LiveGroup,
      members: readonly StoredAlert[],
      reasonOf: (alert: StoredAlert) => string,
      now: number,
    ) {
      const entries: HistoryEntry[] = [];
      for (const alert of members) {
        const reason = reasonOf(alert);
        const before = suppressionOf.get(alert.fingerprint) ?? "";
        if (reason === before) continue;
        if (reason) suppressionOf.set(alert.fingerprint, reason);
        else suppressionOf.delete(alert.fingerprint);
        entries.push({
          fingerprint: alert.fingerprint,
          at: now,
          event: reason || (before === "silenced" ? "unsilenced" : "uninhibited"),
          detail: {},
        });
      }
      return entries;
    },
  };
}
