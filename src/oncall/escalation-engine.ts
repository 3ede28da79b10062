import type { Transaction } from "kysely";
import type { Logger } from "pino";
import type { CancelTimer, Clock } from "../core/clock.js";
import { conflict, notFound } from "../core/errors.js";
import type { NotificationContent } from "../notify/model.js";
import type { NotificationQueue } from "../notify/outbox.js";
import type { Store } from "../store/database.js";
import type { Database } from "../store/schema.js";
import { computeEscalationStep, type EscalationStep, nextPosition } from "./escalation.js";
import type { OnCallDirectory } from "./oncall-objects.js";
import type { PageLinks } from "./page-links.js";
import { recordEscalationStep, recordResolutionNotice, type StepRecord } from "./page-notifications.js";
import {
  advancePage,
  findOpenPage,
  getPage,
  insertPage,
  insertPageEvents,
  listDuePages,
  listOpenPagesOfGroup,
  listPageEvents,
  markAcknowledged,
  markResolved,
  type StoredPage,
  updatePageContent,
} from "./pages-store.js";

/**
 * The loop that runs pages: opens one per alert group, notifies a level, waits for its timeout,
 * escalates, and stops at an acknowledgement or a resolve. Each step is one transaction that
 * moves the page only from where it was read, writes its history and enqueues its notifications,
 * so a crash or a second engine never sends a step twice.
 */

export interface OpenPageRequest {
  groupKey: string;
  receiver: string;
  policy: string;
  title: string;
  labels: Record<string, string>;
  content: NotificationContent;
}

export interface EscalationEngineDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The policies, schedules, users and receivers as stored now (`loadOnCallDirectory`). */
  loadObjects: () => Promise<OnCallDirectory>;
  outbox: NotificationQueue;
  links: PageLinks;
  /** Whether this process runs the loop (one leader among several servers); always when absent. */
  isLeader?: () => boolean;
  /** How often the loop looks for due pages (default 5 s). */
  tickIntervalMs?: number;
  /** Told after a page is acknowledged, so the alerts of its group record it in their history. */
  onAcknowledged?: (page: StoredPage, actor: string) => Promise<void>;
}

export interface EscalationEngine {
  /** Opens a page for the group, or updates the group's open page (idempotent per group key). */
  openPage(request: OpenPageRequest): Promise<{ page: StoredPage; opened: boolean }>;
  /** The group's source resolved: its open pages resolve, and everyone paged is told. */
  resolveGroup(groupKey: string, by: string): Promise<StoredPage[]>;
  /** Stops the escalation; acknowledging an acknowledged page changes nothing. */
  acknowledge(pageId: number, actor: string): Promise<StoredPage>;
  /** Ends the page; resolving a resolved page changes nothing. */
  resolve(pageId: number, actor: string): Promise<StoredPage>;
  /** Escalates the pages that are due now; returns how many moved. */
  tick(): Promise<number>;
  start(): void;
  /** Stops the loop, finishing a tick in flight. */
  stop(): Promise<void>;
}

const DUE_BATCH = 100;

export function createEscalationEngine(deps: EscalationEngineDeps): EscalationEngine {
  const { store, clock, logger, outbox, links } = deps;
  const db = store.db;
  const isLeader = deps.isLeader ?? (() => true);
  const interval = deps.tickIntervalMs ?? 5000;

  // One change at a time in this process; other processes are kept out by the conditional updates.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  let enqueued = false;
  const write = async (trx: Transaction<Database>, record: StepRecord) => {
    await insertPageEvents(trx, record.events);
    if (record.notifications.length > 0) {
      await outbox.enqueue(record.notifications, trx);
      enqueued = true;
    }
  };
  /** A transaction after whose commit the outbox hears of what was enqueued in it. */
  async function inTransaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const result = await db.transaction().execute(work);
    if (enqueued) {
      enqueued = false;
      outbox.wake?.();
    }
    return result;
  }

  /** Moves one due page on; false when someone else moved it first. */
  async function escalate(page: StoredPage, directory: OnCallDirectory, now: number): Promise<boolean> {
    const policy = directory.policy(page.policy);
    const step: EscalationStep = policy
      ? computeEscalationStep(policy, nextPosition(policy, page), now, directory)
      : { outcome: "exhausted", passed: [] };
    const record = recordEscalationStep(page, step, now, links);
    if (!policy) {
      const exhausted = record.events.find((event) => event.event === "exhausted");
      if (exhausted) exhausted.detail = { reason: `there is no EscalationPolicy named "${page.policy}"` };
    }
    const next =
      step.outcome === "notify"
        ? { level: step.attempt.level, round: step.attempt.round, nextEscalationAt: step.nextAt }
        : { level: page.level, round: page.round, nextEscalationAt: null };
    return inTransaction(async (trx) => {
      if (!(await advancePage(trx, page, next, now))) return false;
      await write(trx, record);
      return true;
    });
  }

  async function escalateDue(pages: StoredPage[]): Promise<number> {
    if (pages.length === 0) return 0;
    const directory = await deps.loadObjects();
    let moved = 0;
    for (const page of pages) {
      try {
        if (await escalate(page, directory, clock.now())) moved++;
      } catch (error) {
        // The page stays due: the next tick tries again, and the keys keep that from repeating a send.
        logger.error({ err: error, page: page.id }, "escalating a page failed; will retry");
      }
    }
    return moved;
  }

  async function resolvePage(page: StoredPage, by: string): Promise<StoredPage> {
    const now = clock.now();
    const paged = new Map<string, string | undefined>();
    for (const event of await listPageEvents(db, page.id)) {
      const recipient = event.detail.recipient;
      if (event.event === "notified" && typeof recipient === "string")
        paged.set(recipient, event.userName ?? undefined);
    }
    const directory = paged.size > 0 ? await deps.loadObjects() : undefined;
    const recipients = [...paged].map(([recipient, user]) => ({
      recipient,
      user,
      channels:
        (user !== undefined
          ? directory?.user(user)?.contactMethods
          : directory?.receiverChannels(recipient.slice("receiver:".length))) ?? [],
    }));
    const notice = recordResolutionNotice({ ...page, state: "resolved" }, recipients, now, links);
    await inTransaction(async (trx) => {
      if (!(await markResolved(trx, page.id, by, now))) return;
      await insertPageEvents(trx, [{ pageId: page.id, at: now, event: "resolved", userName: null, detail: { by } }]);
      await write(trx, notice);
    });
    return requirePage(page.id);
  }

  async function requirePage(id: number): Promise<StoredPage> {
    const page = await getPage(db, id);
    if (!page) throw notFound(`no page ${id}`);
    return page;
  }

  let running = false;
  let cancel: CancelTimer | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (!running) return;
    cancel?.();
    cancel = clock.setTimer(() => {
      inFlight = (async () => {
        if (!isLeader()) return;
        try {
          await engine.tick();
        } catch (error) {
          logger.error({ err: error }, "the escalation loop failed; trying again next tick");
        }
      })().finally(schedule);
    }, interval);
  };

  const engine: EscalationEngine = {
    openPage: (request) =>
      exclusive(async () => {
        const now = clock.now();
        const open = await findOpenPage(db, request.groupKey);
        if (open) {
          await updatePageContent(db, open.id, { ...request, at: now });
          return { page: await requirePage(open.id), opened: false };
        }
        // Stored due at once with nobody notified (level -1), so a failure to notify leaves it for the next tick.
        const created = await inTransaction(async (trx) => {
          const page = await insertPage(trx, {
            ...request,
            level: -1,
            round: 0,
            nextEscalationAt: now,
            createdAt: now,
          });
          await insertPageEvents(trx, [
            { pageId: page.id, at: now, event: "triggered", userName: null, detail: { receiver: request.receiver } },
          ]);
          return page;
        });
        try {
          await escalateDue([created]);
        } catch (error) {
          logger.error({ err: error, page: created.id }, "notifying a new page failed; the next tick tries again");
        }
        return { page: await requirePage(created.id), opened: true };
      }),

    resolveGroup: (groupKey, by) =>
      exclusive(async () => {
        const resolved: StoredPage[] = [];
        for (const page of await listOpenPagesOfGroup(db, groupKey)) resolved.push(await resolvePage(page, by));
        return resolved;
      }),

    acknowledge: (pageId, actor) =>
      exclusive(async () => {
        const now = clock.now();
        const acknowledged = await inTransaction(async (trx) => {
          if (!(await markAcknowledged(trx, pageId, actor, now))) return false;
          await insertPageEvents(trx, [
            { pageId, at: now, event: "acknowledged", userName: null, detail: { by: actor } },
          ]);
          return true;
        });
        const page = await requirePage(pageId);
        if (!acknowledged && page.state === "resolved")
          throw conflict(`page ${pageId} is resolved already (by ${page.resolvedBy ?? "?"})`);
        if (acknowledged)
          await deps
            .onAcknowledged?.(page, actor)
            .catch((error) =>
              logger.warn({ err: error, page: pageId }, "could not record the acknowledgement in the alerts' history"),
            );
        return page;
      }),

    resolve: (pageId, actor) =>
      exclusive(async () => {
        const page = await requirePage(pageId);
        return page.state === "resolved" ? page : resolvePage(page, actor);
      }),

    tick: () => exclusive(async () => escalateDue(await listDuePages(db, clock.now(), DUE_BATCH))),

    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      cancel?.();
      await inFlight;
    },
  };
  return engine;
}
