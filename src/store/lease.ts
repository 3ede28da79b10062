import type { Clock } from "../core/clock.js";
import type { Store } from "./store.js";

/**
 * One leader among the processes sharing a database, for the loops that must run once (grouping
 * timers, escalation, delivery). A lease row names its holder and when it runs out; the holder
 * renews it well before, anyone may take it once it has run out. A process counts itself leader
 * only until its own copy of the expiry, so one that stalls (a long pause, a lost database) stops
 * acting before another can take over. Work that must never happen twice is also claimed row by
 * row (the outbox), so a brief overlap costs nothing.
 */
export interface LeaderElection {
  isLeader(): boolean;
  /** One attempt to take or renew the lease; true when this process holds it afterwards. */
  tryAcquire(): Promise<boolean>;
  start(): void;
  /** Stops renewing and gives the lease up, so another process takes over at once. */
  stop(): Promise<void>;
  /** Resolves when no attempt is under way (tests, and stop). */
  settled(): Promise<void>;
}

export interface LeaderElectionOptions {
  store: Store;
  clock: Clock;
  /** What is led, such as `alerting`. */
  name: string;
  /** Unique per process: host, pid and a random part. */
  holder: string;
  /** How long a lease lasts (default 10 s); a crashed leader is replaced within this plus `renewMs`. */
  ttlMs?: number;
  /** How often the holder renews and the others try (default 2 s). */
  renewMs?: number;
  onChange?: (leader: boolean) => void;
  onError?: (error: unknown) => void;
}

export function createLeaderElection(options: LeaderElectionOptions): LeaderElection {
  const { store, clock, name, holder } = options;
  const ttlMs = options.ttlMs ?? 10_000;
  const renewMs = options.renewMs ?? 2_000;
  let heldUntil = 0;
  let leader = false;
  let cancel: (() => void) | undefined;
  let running = false;
  let attempt: Promise<unknown> = Promise.resolve();

  const setLeader = (value: boolean) => {
    if (value === leader) return;
    leader = value;
    options.onChange?.(value);
  };

  async function tryAcquire(): Promise<boolean> {
    const now = clock.now();
    const expiresAt = now + ttlMs;
    await store.db
      .insertInto("leases")
      .values({ name, holder, expires_at: expiresAt, acquired_at: now })
      .onConflict((conflict) =>
        conflict
          .column("name")
          .doUpdateSet({ holder, expires_at: expiresAt })
          .where((eb) => eb.or([eb("leases.holder", "=", holder), eb("leases.expires_at", "<", now)])),
      )
      .execute();
    const row = await store.db
      .selectFrom("leases")
      .select(["holder", "expires_at"])
      .where("name", "=", name)
      .executeTakeFirst();
    const mine = row?.holder === holder && Number(row.expires_at) === expiresAt;
    heldUntil = mine ? expiresAt : 0;
    setLeader(mine);
    return mine;
  }

  const schedule = () => {
    if (!running) return;
    cancel = clock.setTimer(() => {
      attempt = tryAcquire()
        .catch((error) => {
          heldUntil = 0;
          setLeader(false);
          options.onError?.(error);
        })
        .finally(schedule);
    }, renewMs);
  };

  return {
    isLeader: () => leader && clock.now() < heldUntil,
    settled: async () => {
      await attempt;
    },
    tryAcquire,
    start() {
      if (running) return;
      running = true;
      attempt = tryAcquire()
        .catch((error) => options.onError?.(error))
        .finally(schedule);
    },
    async stop() {
      running = false;
      cancel?.();
      await attempt;
      if (leader) {
        await store.db.deleteFrom("leases").where("name", "=", name).where("holder", "=", holder).execute();
        heldUntil = 0;
        setLeader(false);
      }
    },
  };
}
