import type { Logger } from "pino";
import type { ObjectEvents } from "../config/events.js";
import type { CancelTimer, Clock } from "../core/clock.js";
import type { NewNotification, NotificationContent } from "../notify/model.js";
import type { NotificationQueue } from "../notify/outbox.js";
import type { OpenPageRequest } from "../oncall/escalation-engine.js";
import { chunks } from "../store/batches.js";
import type { Store } from "../store/store.js";
import { planFlush } from "./aggregation.js";
import { appendHistory, type HistoryEntry, readAlerts, readAlertVersionsSince } from "./group-store.js";
import { createGroups, type FlushedState, type LiveGroup } from "./live-groups.js";
import { type AlertSource, type IncomingAlert, isFiring, type Silence, type StoredAlert } from "./model.js";
import { buildGroupContent, channelNotifications, flushKey } from "./notification-content.js";
import type { AlertGroupSnapshot, AlertPipeline, AlertStatus, IngestReport } from "./pipeline.js";
import { buildRouteTree, matchRoutes, type RouteNode } from "./routing.js";
import {
  buildSuppression,
  loadRoutingConfig,
  ROUTING_KINDS,
  type RoutingConfig,
  type Suppression,
} from "./routing-config.js";
import { listSilences } from "./silence-store.js";
import { createSilencer } from "./silencing.js";

/**
 * The dispatcher (decision 0006). The database is the truth: every process polls the alerts table
 * into its cache (so the API answers the same everywhere and alerts taken by another instance reach
 * the leader), and only the leader flushes groups. A flush writes the group's new state, the
 * notifications for its receiver's channels (the outbox) and the alerts' history in one
 * transaction, over the group version it read, so a crash redoes it and a second leader can't
 * repeat it.
 */

export interface PageOpener {
  openPage(input: OpenPageRequest): Promise<unknown>;
  resolveGroup(groupKey: string, by: string): Promise<unknown>;
}

export interface AlertEngineOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  events: ObjectEvents;
  /**
   * Stores incoming alerts with their history (src/alerts/ingest.ts). With the alerts as stored,
   * the dispatcher takes them at once instead of reading them back on its next poll.
   */
  storeAlerts(
    alerts: readonly IncomingAlert[],
    source: AlertSource,
    now: number,
  ): Promise<IngestReport & { stored?: readonly StoredAlert[] }>;
  /** Writes the resolve of alerts whose resolve timeout passed. */
  resolveExpired?(now: number): Promise<unknown>;
  isLeader(): boolean;
  outbox: NotificationQueue;
  pages?: PageOpener;
  externalUrl: string;
  /** How often the alerts table is read again (default 1 s; `tick()` always reads it). */
  pollMs?: number;
}

export interface AlertEngine extends AlertPipeline {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** One pass: read changes, flush due groups when leader. Tests call it after moving the clock. */
  tick(): Promise<void>;
  /** Recompiles routing from the stored objects. */
  reload(): Promise<void>;
  /** Writes an event (such as `acknowledged`) into the history of every alert of a group. */
  recordGroupEvent(groupKey: string, event: string, detail: Record<string, unknown>): Promise<void>;
}

const OVERLAP_MS = 5_000;
const SILENCE_REFRESH_MS = 5_000;
const CONFIG_REFRESH_MS = 15_000;
/** Groups flushed in one transaction. */
const FLUSHES_PER_TRANSACTION = 200;
/** Resolved alerts are read back for this long at start, so their resolve can still be told. */
const RECENT_MS = 3_600_000;

export function createAlertEngine(options: AlertEngineOptions): AlertEngine {
  const { store, clock, logger } = options;
  const pollMs = options.pollMs ?? 1_000;
  const cache = new Map<string, StoredAlert>();
  let config: RoutingConfig = {
    tree: buildRouteTree([]),
    receivers: new Map(),
    inhibitRules: [],
    recurring: [],
    intervals: () => false,
  };
  let silences: Silence[] = [];
  let suppression: Suppression = buildSuppression(config, [], []);
  let cursor: number | null = null;
  let silencesReadAt = Number.NEGATIVE_INFINITY;
  let polledAt = Number.NEGATIVE_INFINITY;
  let configReadAt = Number.NEGATIVE_INFINITY;
  let configStale = true;
  let wasLeader = false;
  let timer: CancelTimer | undefined;
  let running = false;
  let ticking: Promise<void> | null = null;
  let again = false;
  let pollAgain = false;
  /** Alerts this process stored since the last pass, placed by the next pass (never during a flush). */
  const arrived: StoredAlert[] = [];
  const groups = createGroups({ store, clock, logger });
  const unsubscribe: (() => void)[] = [];

  const routesOf = (alert: StoredAlert): RouteNode[] => matchRoutes(config.tree, alert.labels);

  const isSuppressed = (alert: StoredAlert, now: number) =>
    suppression.silencer.silencedBy(alert.labels, now).length > 0 ||
    (isFiring(alert, now) && suppression.inhibitor.inhibitedBy(alert).length > 0);

  const isMuted = (route: RouteNode, now: number) =>
    route.options.muteTimeIntervals.some((name) => config.intervals(name, now)) ||
    (route.options.activeTimeIntervals.length > 0 &&
      !route.options.activeTimeIntervals.some((name) => config.intervals(name, now)));

  function take(alert: StoredAlert, now: number) {
    const known = cache.get(alert.fingerprint);
    if (known && known.updatedAt === alert.updatedAt && known.endsAt === alert.endsAt) return;
    cache.set(alert.fingerprint, alert);
    groups.place(alert, routesOf(alert), now);
  }

  async function refresh(now: number, poll: boolean) {
    if (configStale || now - configReadAt >= CONFIG_REFRESH_MS) {
      config = await loadRoutingConfig(store);
      configReadAt = now;
      if (configStale) groups.regroup(cache.values(), routesOf, now);
      configStale = false;
    }
    if (now - silencesReadAt >= SILENCE_REFRESH_MS) {
      silences = await listSilences(store.db, { endedAfter: now });
      silencesReadAt = now;
    }
    for (const alert of arrived.splice(0)) {
      // Two ingests of one alert commit in turn; the older answer must not undo the newer.
      const known = cache.get(alert.fingerprint);
      if (!known || known.updatedAt <= alert.updatedAt) take(alert, now);
    }
    if (poll || cursor === null) {
      polledAt = now;
      if (options.isLeader()) await options.resolveExpired?.(now);
      await readChanges(now);
    }
    const firing = [...cache.values()].filter((alert) => isFiring(alert, now));
    suppression = buildSuppression(config, silences, firing);
  }

  /**
   * Reads what changed in the table: first only versions, then the whole rows of alerts the cache
   * doesn't hold as they are (another process stored them, or this one before it started). The
   * overlap takes in transactions that committed after a later one.
   */
  async function readChanges(now: number) {
    if (cursor === null) {
      for (const alert of await readAlerts(store, { endedAfter: now - RECENT_MS })) {
        take(alert, now);
        cursor = Math.max(cursor ?? 0, alert.updatedAt);
      }
      cursor ??= now;
      return;
    }
    const versions = await readAlertVersionsSince(store, cursor - OVERLAP_MS);
    const stale: string[] = [];
    for (const version of versions) {
      const known = cache.get(version.fingerprint);
      if (!known || known.updatedAt !== version.updatedAt || known.endsAt !== version.endsAt)
        stale.push(version.fingerprint);
      cursor = Math.max(cursor, version.updatedAt);
    }
    if (stale.length > 0) for (const alert of await readAlerts(store, { fingerprints: stale })) take(alert, now);
  }

  /** A group's flush as far as it goes before the write: its message, history and next state. */
  async function planGroupFlush(group: LiveGroup, now: number): Promise<PlannedFlush> {
    const members = [...group.members].flatMap((fingerprint) => {
      const alert = cache.get(fingerprint);
      return alert ? [alert] : [];
    });
    const receiverName = group.route.options.receiver;
    const receiver = config.receivers.get(receiverName);
    const plan = planFlush({
      alerts: members,
      suppressed: (alert) => isSuppressed(alert, now),
      muted: isMuted(group.route, now),
      told: group.told,
      lastNotifiedAt: group.lastNotifiedAt,
      now,
      repeatIntervalMs: group.route.options.repeatIntervalMs,
      sendResolved: receiver?.sendResolved ?? true,
      resolveSuppressed: receiver?.resolveSilenced ?? true,
    });
    const history: HistoryEntry[] = [];
    let notifications: NewNotification[] = [];
    const { message } = plan;
    if (message && receiver) {
      const content = buildGroupContent({
        groupKey: group.key,
        groupLabels: group.labels,
        receiver: receiverName,
        message,
        externalUrl: options.externalUrl,
      });
      notifications = channelNotifications(
        receiverName,
        receiver,
        content,
        flushKey(group.key, group.lastNotifiedAt, message),
      );
      if (receiver.escalationPolicy && options.pages) {
        // Pages first: opening one is idempotent per group, so a flush redone after a crash repeats nothing.
        if (message.firing.length > 0)
          await options.pages.openPage({
            groupKey: group.key,
            receiver: receiverName,
            policy: receiver.escalationPolicy,
            title: pageTitle(content),
            labels: content.commonLabels,
            content,
          });
        else await options.pages.resolveGroup(group.key, "source");
      }
      for (const alert of [...message.firing, ...message.resolved])
        history.push({
          fingerprint: alert.fingerprint,
          at: now,
          event: "notified",
          detail: {
            receiver: receiverName,
            group: group.key,
            status: isFiring(alert, now) ? "firing" : "resolved",
            reason: message.reason,
          },
        });
    } else if (message && !receiver) {
      logger.warn(
        { receiver: receiverName, group: group.key },
        "route names a receiver that does not exist; nothing sent",
      );
    }
    history.push(...groups.suppressionChanges(group, members, (alert) => suppressionReason(alert, now), now));
    const nextMembers = new Set([...group.members].filter((fingerprint) => !plan.remove.includes(fingerprint)));
    const next =
      nextMembers.size === 0
        ? null
        : {
            nextFlushAt: now + group.route.options.groupIntervalMs,
            lastNotifiedAt: message ? now : group.lastNotifiedAt,
            told: plan.told,
            updatedAt: Math.max(now, group.version + 1),
          };
    return { group, notifications, history, next, nextMembers, remove: plan.remove };
  }

  /**
   * Writes the flushes of many groups in one transaction: each group's new state over the version
   * it read, and only where that held, its notifications and history. A group another process
   * flushed meanwhile writes nothing, and the stored state is taken over after the commit.
   */
  async function writeFlushes(planned: readonly PlannedFlush[], now: number) {
    const saved = await store.db.transaction().execute(async (trx) => {
      const kept: PlannedFlush[] = [];
      for (const flush of planned) if (await groups.save(trx, flush.group, flush.next)) kept.push(flush);
      for (const notifications of chunks(kept.flatMap((flush) => flush.notifications)))
        await options.outbox.enqueue(notifications, trx);
      await appendHistory(
        trx,
        kept.flatMap((flush) => flush.history),
      );
      return kept;
    });
    if (saved.some((flush) => flush.notifications.length > 0)) options.outbox.wake?.();
    for (const flush of saved) {
      groups.applyFlush(flush.group, flush.nextMembers, flush.next);
      for (const fingerprint of flush.remove) if (!groups.holds(fingerprint)) cache.delete(fingerprint);
    }
    if (saved.length < planned.length) await groups.takeOver(now);
  }

  function suppressionReason(alert: StoredAlert, now: number): string {
    if (suppression.silencer.silencedBy(alert.labels, now).length > 0) return "silenced";
    if (isFiring(alert, now) && suppression.inhibitor.inhibitedBy(alert).length > 0) return "inhibited";
    return "";
  }

  async function pass(poll: boolean) {
    const now = clock.now();
    await refresh(now, poll || now - polledAt >= pollMs);
    const leader = options.isLeader();
    if (leader && !wasLeader) await groups.takeOver(now);
    wasLeader = leader;
    if (!leader) {
      groups.discardPending();
      return;
    }
    await groups.persistNew(now);
    const planned: PlannedFlush[] = [];
    for (const group of groups.due(now)) {
      try {
        planned.push(await planGroupFlush(group, now));
      } catch (error) {
        logger.error({ err: error, group: group.key }, "flushing an alert group failed; retrying next pass");
      }
    }
    for (let start = 0; start < planned.length; start += FLUSHES_PER_TRANSACTION) {
      const batch = planned.slice(start, start + FLUSHES_PER_TRANSACTION);
      try {
        await writeFlushes(batch, now);
      } catch (error) {
        const keys = batch.map((flush) => flush.group.key);
        logger.error({ err: error, groups: keys }, "flushing alert groups failed; retrying next pass");
      }
    }
  }

  /** A pass, or another after the running one; `poll` false (after an ingest) reads the table only when due. */
  async function tick(poll = true): Promise<void> {
    if (ticking) {
      again = true;
      pollAgain ||= poll;
      return ticking;
    }
    pollAgain = poll;
    ticking = (async () => {
      try {
        do {
          const polling = pollAgain;
          again = false;
          pollAgain = false;
          await pass(polling);
        } while (again);
      } finally {
        ticking = null;
      }
    })();
    return ticking;
  }

  function schedule() {
    if (!running) return;
    timer?.();
    const now = clock.now();
    const nextFlush = groups.earliestFlush();
    const delay = nextFlush === null ? pollMs : Math.max(0, Math.min(pollMs, nextFlush - now));
    timer = clock.setTimer(() => {
      tick()
        .catch((error) => logger.error({ err: error }, "alert dispatcher pass failed"))
        .finally(schedule);
    }, delay);
  }

  // Worked out from the alert itself, so one stored a moment ago answers as the dispatcher will see it.
  const status = (alert: StoredAlert): AlertStatus => {
    const now = clock.now();
    const routes = routesOf(alert);
    const silencedBy = suppression.silencer.silencedBy(alert.labels, now);
    const inhibitedBy = isFiring(alert, now) ? suppression.inhibitor.inhibitedBy(alert) : [];
    const mutedBy = [
      ...new Set(
        routes.flatMap((route) => route.options.muteTimeIntervals.filter((name) => config.intervals(name, now))),
      ),
    ];
    return {
      state: silencedBy.length > 0 || inhibitedBy.length > 0 ? "suppressed" : "active",
      silencedBy,
      inhibitedBy,
      mutedBy,
      receivers: [...new Set(routes.map((route) => route.options.receiver))],
    };
  };

  return {
    async ingest(alerts: readonly IncomingAlert[], source: AlertSource) {
      const { stored, ...report } = await options.storeAlerts(alerts, source, clock.now());
      if (stored) arrived.push(...stored);
      if (running)
        void tick(stored === undefined).catch((error) => logger.error({ err: error }, "alert dispatcher pass failed"));
      return report;
    },
    status,
    groups(): AlertGroupSnapshot[] {
      return groups.list().map((group) => ({
        key: group.key,
        labels: group.labels,
        receiver: group.route.options.receiver,
        route: group.route.objectName,
        alerts: [...group.members].flatMap((fingerprint) => {
          const alert = cache.get(fingerprint);
          return alert ? [alert] : [];
        }),
      }));
    },
    async silencesChanged() {
      // At once, started or not, so the answer to the next request already shows the silence.
      const now = clock.now();
      silences = await listSilences(store.db, { endedAfter: now });
      silencesReadAt = now;
      suppression = { ...suppression, silencer: createSilencer(silences, config.recurring, config.intervals) };
      if (running) await tick();
    },
    async reload() {
      configStale = true;
      await tick();
    },
    tick,
    async recordGroupEvent(groupKey, event, detail) {
      const group = groups.list().find((candidate) => candidate.key === groupKey);
      if (!group) return;
      const at = clock.now();
      await appendHistory(
        store.db,
        [...group.members].map((fingerprint) => ({ fingerprint, at, event, detail: { group: groupKey, ...detail } })),
      );
    },
    async start() {
      running = true;
      for (const kind of ROUTING_KINDS)
        unsubscribe.push(
          options.events.on(kind, () => {
            configStale = true;
            void tick().catch((error) => logger.error({ err: error }, "alert dispatcher pass failed"));
          }),
        );
      await tick();
      schedule();
    },
    async stop() {
      running = false;
      timer?.();
      for (const stop of unsubscribe.splice(0)) stop();
      await ticking;
    },
  };
}

interface PlannedFlush {
  group: LiveGroup;
  notifications: NewNotification[];
  history: HistoryEntry[];
  next: FlushedState | null;
  nextMembers: Set<string>;
  remove: readonly string[];
}

function pageTitle(content: NotificationContent): string {
  const name = content.commonLabels.alertname ?? Object.values(content.groupLabels).join(" ") ?? "alert";
  const summary = content.commonAnnotations.summary;
  return summary ? `${name}: ${summary}` : `${name} (${content.alerts.length} firing)`;
}
