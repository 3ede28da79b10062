import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import { createAlertEngine } from "../alerts/engine.js";
import { normalizeAlert } from "../alerts/ingest.js";
import { resolveExpired, upsertAlerts } from "../alerts/store.js";
import type { ObjectEvents } from "../config/events.js";
import type { Clock } from "../core/clock.js";
import type { Connector } from "../net/connector.js";
import type { ChannelSpec } from "../notify/model.js";
import { createOutbox } from "../notify/outbox.js";
import { createEscalationEngine } from "../oncall/escalation-engine.js";
import { loadOnCallDirectory } from "../oncall/oncall-objects.js";
import { createPageLinks } from "../oncall/page-links.js";
import type { Keyring } from "../secrets/keyring.js";
import type { Resolution } from "../secrets/resolve.js";
import { createLeaderElection } from "../store/lease.js";
import type { Store } from "../store/store.js";
import { pruneAlerting } from "./alerting-retention.js";

/**
 * The response half assembled: one leader among the servers of a database (decision 0006), the
 * alert dispatcher, the outbox every notification leaves through, and the escalation of pages.
 * The singleton loops act only while this process holds the lease; the API answers everywhere.
 */
export function createAlerting(options: {
  store: Store;
  clock: Clock;
  logger: Logger;
  connector: Connector;
  keyring: Keyring;
  resolve: (spec: ChannelSpec) => Promise<Resolution<ChannelSpec>>;
  events: ObjectEvents;
  /** Nines' own address, for the links in notifications. */
  externalUrl: string;
  resolveTimeoutMs: number;
}) {
  const { store, clock, logger } = options;
  // Unique per process, so a restarted server's claims are told from the ones it left behind.
  const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const leadership = createLeaderElection({
    store,
    clock,
    name: "alerting",
    holder,
    onChange: (leader) => {
      logger.info({ holder }, leader ? "leading the alerting loops" : "no longer leading the alerting loops");
      // What the last leader enqueued but never sent goes now, not at the next poll.
      if (leader) outbox.wake();
    },
    onError: (error) => logger.warn({ err: error }, "could not renew the alerting lease"),
  });
  const isLeader = () => leadership.isLeader();
  const outbox = createOutbox({
    store,
    clock,
    connector: options.connector,
    logger: logger.child({ module: "notify" }),
    resolve: options.resolve,
    holder,
    isLeader,
  });
  const pageLinks = createPageLinks({ keys: options.keyring.derive("page links"), clock });
  const pages = createEscalationEngine({
    store,
    clock,
    logger: logger.child({ module: "escalation" }),
    loadObjects: () => loadOnCallDirectory(store.db),
    outbox,
    links: pageLinks,
    isLeader,
    onAcknowledged: (page, actor) =>
      alerts.recordGroupEvent(page.groupKey, "acknowledged", { page: page.id, by: actor }),
  });
  const alerts = createAlertEngine({
    store,
    clock,
    logger: logger.child({ module: "alerts" }),
    events: options.events,
    async storeAlerts(incoming, source, now) {
      const normal = incoming.map((alert) => normalizeAlert(alert, now, options.resolveTimeoutMs));
      const report = await upsertAlerts(store, normal, source, now);
      return { accepted: normal.length, stored: report.alerts.map(({ resolvedAt: _resolved, ...alert }) => alert) };
    },
    resolveExpired: (now) => resolveExpired(store, now),
    isLeader,
    outbox,
    pages,
    externalUrl: options.externalUrl,
  });
  // Hourly, on the leader: the response half's tables stay bounded.
  let cancelPrune: (() => void) | undefined;
  let pruning = false;
  const prune = () => {
    if (!pruning) return;
    cancelPrune = clock.setTimer(() => {
      const work = isLeader() ? pruneAlerting(store, clock.now()) : Promise.resolve(0);
      work
        .then((deleted) => deleted > 0 && logger.info({ deleted }, "pruned old alerts, notifications and pages"))
        .catch((error) => logger.warn({ err: error }, "pruning alerting tables failed"))
        .finally(prune);
    }, 3_600_000);
  };
  return {
    holder,
    alerts,
    leadership,
    outbox,
    pages,
    pageLinks,
    async start() {
      leadership.start();
      await leadership.settled();
      outbox.start();
      pages.start();
      await alerts.start();
      pruning = true;
      prune();
    },
    async stop() {
      pruning = false;
      cancelPrune?.();
      await Promise.all([alerts.stop(), outbox.stop(), pages.stop()]);
      await leadership.stop();
    },
  };
}
