import type { Transaction } from "kysely";
import type { Logger } from "pino";
import type { CancelTimer, Clock } from "../core/clock.js";
import type { Page } from "../http/page.js";
import type { Connector } from "../net/connector.js";
import type { Resolution } from "../secrets/resolve.js";
import type { Database } from "../store/schema.js";
import type { Store } from "../store/store.js";
import { type FailedSend, permanent, retryable, type SendOutcome } from "./channel.js";
import { findChannel } from "./channels/index.js";
import type { ChannelSpec, NewNotification } from "./model.js";
import {
  claimDueNotifications,
  type Executor,
  enqueueNotifications,
  extendClaim,
  getNotification,
  listInbox,
  listNotifications,
  markDelivered,
  markFailed,
  type NotificationFilter,
  retryDeadNotification,
  type StoredInboxMessage,
  type StoredNotification,
  writeInboxMessage,
} from "./outbox-store.js";
import { DEFAULT_MAX_ATTEMPTS, decideAfterFailure } from "./retry.js";

/**
 * Delivers what the outbox holds. A pass claims the due rows, groups them by destination and
 * sends each destination's messages in order, the destinations side by side: a receiver that
 * hangs holds up only its own queue, for at most the send timeout, and the next passes skip its
 * destination while it is busy. Secrets are resolved for each send and kept nowhere.
 */

/**
 * The outbox as the producers of notifications (the dispatcher, escalation) use it: enqueue inside
 * their own transaction, and wake it once that transaction has committed.
 */
export interface NotificationQueue {
  /** An item whose idempotency key is known already is skipped. */
  enqueue(items: readonly NewNotification[], executor?: Transaction<Database>): Promise<unknown>;
  /** Rows were committed: deliver them now rather than at the next poll. */
  wake?(): void;
}

export interface OutboxOptions {
  store: Store;
  clock: Clock;
  connector: Connector;
  logger: Logger;
  /** Secret references to values, as `resolveReferences` (secrets/resolve.ts) does. */
  resolve: (spec: ChannelSpec) => Promise<Resolution<ChannelSpec>>;
  /** Who claims rows: unique per process (host and pid, or a random id). */
  holder: string;
  /** Destinations sent to at the same time. Default 8. */
  concurrency?: number;
  /** The loop delivers only while this says so (one deliverer in a cluster). Default: always. */
  isLeader?: () => boolean;
  maxAttempts?: number;
  /** The most one send may take. Default 10 s. */
  sendTimeoutMs?: number;
  /**
   * How long a claim lasts before another process may take the row; renewed before each send, so
   * it need only outlast one send. Default twice the send timeout: what a crashed deliverer was
   * sending is sent again this long after it began, not later.
   */
  claimLeaseMs?: number;
  /** How often the loop looks for due rows. Default 5 s. */
  pollIntervalMs?: number;
  /** Rows claimed per pass. Default 100. */
  batchSize?: number;
  /** For the retry jitter; tests pass a fixed one. */
  random?: () => number;
  /** Told after every attempt (metrics, tests). */
  onOutcome?: (notification: StoredNotification, outcome: SendOutcome) => void;
}

export interface Outbox {
  /** Adds notifications, in `executor`'s transaction when given one; returns the ids of the new ones. */
  enqueue(items: readonly NewNotification[], executor?: Executor): Promise<number[]>;
  /** One pass: claim what is due and send it; resolves when every send of the pass has ended. */
  deliverDue(): Promise<number>;
  /** Looks for due rows now rather than at the next poll (after a transaction that enqueued commits). */
  wake(): void;
  start(): void;
  /** Ends the loop; sends still running are aborted (and retried later), then awaited. */
  stop(): Promise<void>;
  list(filter: NotificationFilter): Promise<Page<StoredNotification>>;
  get(id: number): Promise<StoredNotification>;
  /** A dead notification is tried again from now, with all its attempts. */
  retry(id: number): Promise<StoredNotification>;
  inbox(filter: { inbox?: string | undefined; limit: number; offset: number }): Promise<Page<StoredInboxMessage>>;
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { store, clock, logger, holder } = options;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
  const claimLeaseMs = options.claimLeaseMs ?? sendTimeoutMs * 2;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const batchSize = options.batchSize ?? 100;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const random = options.random ?? Math.random;
  const isLeader = options.isLeader ?? (() => true);

  const busy = new Set<string>();
  const running = new Set<AbortController>();
  const passes = new Set<Promise<unknown>>();
  const slots = createLimiter(concurrency);
  let claiming: Promise<unknown> = Promise.resolve();
  let timer: CancelTimer | undefined;
  let started = false;

  async function deliverDue(): Promise<number> {
    // One claim at a time, so two passes never split one destination's rows between them.
    const claimed = claiming.then(() =>
      claimDueNotifications(store, {
        holder,
        now: clock.now(),
        leaseMs: claimLeaseMs,
        limit: batchSize,
        exceptDestinations: [...busy],
      }),
    );
    claiming = claimed.catch(() => undefined);
    const rows = await claimed;
    const queues = new Map<string, StoredNotification[]>();
    for (const row of rows) {
      busy.add(row.destination);
      queues.set(row.destination, [...(queues.get(row.destination) ?? []), row]);
    }
    await Promise.all(
      [...queues].map(async ([destination, queue]) => {
        try {
          await slots.run(async () => {
            for (const row of queue) await attempt(row);
          });
        } finally {
          busy.delete(destination);
        }
      }),
    );
    if (rows.length === batchSize) wake();
    return rows.length;
  }

  async function attempt(row: StoredNotification): Promise<void> {
    // The claim may have run out while the row waited behind others: renew it, or leave the row.
    if (!(await extendClaim(store.db, row.id, holder, clock.now() + claimLeaseMs))) return;
    const outcome = await send(row);
    const now = clock.now();
    const where = { notification: row.id, destination: row.destination, channel: row.channelType };
    if (outcome.delivered) {
      await markDelivered(store.db, row.id, holder, now);
      logger.info(where, "notification delivered");
    } else {
      const attempts = row.attempts + 1;
      const after = decideAfterFailure(outcome, attempts, { now, maxAttempts, random });
      await markFailed(store.db, { id: row.id, holder, error: outcome.error, after });
      const next = after.state === "dead" ? "dead" : `retry at ${new Date(after.nextAttemptAt).toISOString()}`;
      logger.warn({ ...where, attempts, error: outcome.error }, `notification not delivered; ${next}`);
    }
    options.onOutcome?.(row, outcome);
  }

  async function send(row: StoredNotification): Promise<SendOutcome> {
    const channel = findChannel(row.channel);
    if (!channel) return permanent(`no channel of type ${row.channelType}`);
    const resolution = await options.resolve(row.channel);
    if ("error" in resolution) return retryable(`the channel's credentials cannot be read: ${resolution.error}`);
    const controller = new AbortController();
    running.add(controller);
    try {
      return await new Promise<SendOutcome>((resolve) => {
        let cancel: CancelTimer = () => {};
        const finish = (outcome: SendOutcome) => {
          cancel();
          resolve(outcome);
        };
        const timedOut = (): FailedSend => retryable(`no answer within ${sendTimeoutMs} ms`);
        cancel = clock.setTimer(() => {
          finish(timedOut());
          controller.abort();
        }, sendTimeoutMs);
        controller.signal.addEventListener("abort", () => finish(retryable("the send was stopped")), { once: true });
        channel
          .send(row.content, resolution.value, {
            connector: options.connector,
            clock,
            idempotencyKey: row.idempotencyKey,
            timeoutMs: sendTimeoutMs,
            signal: controller.signal,
            inbox: (message) => writeInboxMessage(store.db, message),
          })
          .then(finish, (error: Error) => finish(retryable(`the ${row.channelType} channel failed: ${error.message}`)));
      });
    } finally {
      running.delete(controller);
    }
  }

  function runPass() {
    const pass = deliverDue().catch((error: Error) => logger.error({ err: error }, "outbox pass failed"));
    passes.add(pass);
    void pass.finally(() => passes.delete(pass));
  }

  function tick() {
    timer = undefined;
    if (!started) return;
    if (isLeader()) runPass();
    timer = clock.setTimer(tick, pollIntervalMs);
  }

  function wake() {
    if (!started) return;
    timer?.();
    timer = clock.setTimer(tick, 0);
  }

  return {
    async enqueue(items, executor) {
      const ids = await enqueueNotifications(executor ?? store.db, items, clock.now());
      if (!executor && ids.length) wake();
      return ids;
    },
    deliverDue,
    wake,
    start() {
      if (started) return;
      started = true;
      timer = clock.setTimer(tick, 0);
    },
    async stop() {
      started = false;
      timer?.();
      timer = undefined;
      for (const controller of running) controller.abort();
      await Promise.all([...passes]);
    },
    list: (filter) => listNotifications(store.db, filter),
    get: (id) => getNotification(store.db, id),
    async retry(id) {
      const notification = await retryDeadNotification(store.db, id, clock.now());
      wake();
      return notification;
    },
    inbox: (filter) => listInbox(store.db, filter),
  };
}

/** Runs at most `limit` tasks at once; the others wait their turn. */
function createLimiter(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      // A finished task hands its slot straight to the next in line, so none can jump the queue.
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else active++;
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
  };
}
