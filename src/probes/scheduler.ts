import type { CancelTimer, Clock } from "../core/clock.js";
import { MinHeap } from "./heap.js";

/**
 * Thousands of periodic jobs driven by one clock timer: a min-heap of next-due times, re-armed to
 * the earliest, and a global limit on runs at once with a FIFO queue behind it.
 */
export type JobId = string | number;

/** Runs one slot of a job; `dueAt` is when the slot was planned, so callers can measure lateness. */
export type JobRun = (dueAt: number) => Promise<void>;

export interface SchedulerOptions {
  clock: Clock;
  /** Most runs at once across all jobs; due runs beyond it wait in FIFO order. Default 64. */
  concurrency?: number;
  /** A run rejected; runs are expected to handle their own errors, so this is a last resort. */
  onError?: (id: JobId, error: unknown) => void;
  /** A slot was skipped because the job's previous run was still running or waiting. */
  onSkip?: (id: JobId, dueAt: number) => void;
}

export interface SchedulerStats {
  scheduled: number;
  running: number;
  queued: number;
}

export interface Scheduler {
  add(id: JobId, intervalMs: number, run: JobRun): void;
  /** Replaces the run and, when the interval changed, re-plans the next slot; adds unknown ids. */
  update(id: JobId, intervalMs: number, run: JobRun): void;
  /** Unschedules the job; a run in progress finishes on its own. */
  remove(id: JobId): boolean;
  has(id: JobId): boolean;
  stats(): SchedulerStats;
  /** Stops planning runs, drops waiting ones and resolves once the runs in progress finish. */
  stop(): Promise<void>;
}

interface Job {
  id: JobId;
  intervalMs: number;
  run: JobRun;
  due: number;
  /** Insertion order, so jobs due at the same instant start in a stable order. */
  order: number;
  state: "idle" | "queued" | "running";
  removed: boolean;
}

// setTimeout fires at once for delays past 2^31-1 ms; a longer wait is taken in several steps.
const MAX_TIMER_DELAY_MS = 2_147_483_647;

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { clock } = options;
  const concurrency = options.concurrency ?? 64;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error(`expected a concurrency of at least 1, got ${concurrency}`);

  const jobs = new Map<JobId, Job>();
  const heap = new MinHeap<Job>((a, b) => a.due < b.due || (a.due === b.due && a.order < b.order));
  const waiting: Array<{ job: Job; dueAt: number }> = [];
  let waitingHead = 0;
  const inFlight = new Set<Promise<void>>();
  let nextOrder = 0;
  let stopped = false;
  let cancelTimer: CancelTimer | undefined;
  let armedFor: number | undefined;

  function arm(): void {
    const top = heap.peek();
    if (stopped || !top) {
      disarm();
      return;
    }
    if (armedFor === top.due) return;
    disarm();
    armedFor = top.due;
    cancelTimer = clock.setTimer(fire, Math.min(MAX_TIMER_DELAY_MS, Math.max(0, top.due - clock.now())));
  }

  function disarm(): void {
    cancelTimer?.();
    cancelTimer = undefined;
    armedFor = undefined;
  }

  function fire(): void {
    cancelTimer = undefined;
    armedFor = undefined;
    const now = clock.now();
    for (let job = heap.peek(); job && job.due <= now; job = heap.peek()) {
      const dueAt = job.due;
      job.due = planNextDue(dueAt, job.intervalMs, now);
      heap.update(job);
      dispatch(job, dueAt);
    }
    arm();
  }

  function dispatch(job: Job, dueAt: number): void {
    if (job.state !== "idle") {
      options.onSkip?.(job.id, dueAt);
    } else if (inFlight.size < concurrency) {
      start(job, dueAt);
    } else {
      job.state = "queued";
      waiting.push({ job, dueAt });
    }
  }

  function start(job: Job, dueAt: number): void {
    job.state = "running";
    const running = runJob(job, dueAt).finally(() => {
      inFlight.delete(running);
      job.state = "idle";
      startWaiting();
    });
    inFlight.add(running);
  }

  async function runJob(job: Job, dueAt: number): Promise<void> {
    try {
      await job.run(dueAt);
    } catch (error) {
      options.onError?.(job.id, error);
    }
  }

  function startWaiting(): void {
    while (inFlight.size < concurrency && waitingHead < waiting.length) {
      const next = waiting[waitingHead++] as { job: Job; dueAt: number };
      next.job.state = "idle";
      if (!next.job.removed && !stopped) start(next.job, next.dueAt);
    }
    if (waitingHead === waiting.length || waitingHead > 1024) {
      waiting.splice(0, waitingHead);
      waitingHead = 0;
    }
  }

  function add(id: JobId, intervalMs: number, run: JobRun): void {
    if (stopped) throw new Error("the scheduler is stopped");
    if (jobs.has(id)) throw new Error(`job ${id} is already scheduled`);
    checkInterval(id, intervalMs);
    const job: Job = {
      id,
      intervalMs,
      run,
      due: planFirstDue(id, intervalMs, clock.now()),
      order: nextOrder++,
      state: "idle",
      removed: false,
    };
    jobs.set(id, job);
    heap.push(job);
    arm();
  }

  return {
    add,
    update(id, intervalMs, run) {
      const job = jobs.get(id);
      if (!job) return add(id, intervalMs, run);
      checkInterval(id, intervalMs);
      job.run = run;
      if (job.intervalMs === intervalMs) return;
      job.intervalMs = intervalMs;
      job.due = planFirstDue(id, intervalMs, clock.now());
      heap.update(job);
      arm();
    },
    remove(id) {
      const job = jobs.get(id);
      if (!job) return false;
      job.removed = true;
      jobs.delete(id);
      heap.remove(job);
      arm();
      return true;
    },
    has: (id) => jobs.has(id),
    stats: () => ({ scheduled: jobs.size, running: inFlight.size, queued: waiting.length - waitingHead }),
    async stop() {
      stopped = true;
      disarm();
      for (let index = waitingHead; index < waiting.length; index++)
        (waiting[index] as { job: Job }).job.state = "idle";
      waiting.length = 0;
      waitingHead = 0;
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

function checkInterval(id: JobId, intervalMs: number): void {
  if (!Number.isFinite(intervalMs) || intervalMs <= 0)
    throw new Error(`job ${id}: expected a positive interval, got ${intervalMs}`);
}

/**
 * The first slot is at a fixed phase of the interval, taken from a hash of the id: starts are spread
 * over the interval instead of all at once, and a restart keeps each monitor's rhythm.
 */
export function planFirstDue(id: JobId, intervalMs: number, now: number): number {
  const phase = hashId(id) % intervalMs;
  return now + ((((phase - now) % intervalMs) + intervalMs) % intervalMs);
}

/** The slot after `dueAt`, or the first one still ahead when the run was an interval or more late. */
export function planNextDue(dueAt: number, intervalMs: number, now: number): number {
  return dueAt + (Math.floor(Math.max(0, now - dueAt) / intervalMs) + 1) * intervalMs;
}

/** FNV-1a, then MurmurHash3's finaliser so that ids differing in one digit land far apart. */
function hashId(id: JobId): number {
  let hash = 0x811c9dc5;
  const text = String(id);
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
