import type { CancelTimer, Clock } from "../core/clock.js";
import { MinHeap } from "./heap.js";

/**
 * One-shot timers by key (heartbeat deadlines, maintenance windows opening and closing), thousands of
 * them on one clock timer armed for the earliest.
 */
export interface TimerQueue {
  /** Calls `callback` at `at` (epoch ms), replacing the key's earlier timer. */
  set(key: string, at: number, callback: () => void): void;
  cancel(key: string): void;
  size(): number;
  /** Cancels every timer; `set` does nothing afterwards. */
  stop(): void;
}

interface Entry {
  key: string;
  at: number;
  order: number;
  callback: () => void;
}

// setTimeout fires at once for delays past 2^31-1 ms; a longer wait is taken in several steps.
const MAX_TIMER_DELAY_MS = 2_147_483_647;

export function createTimerQueue(clock: Clock, onError: (key: string, error: unknown) => void): TimerQueue {
  const entries = new Map<string, Entry>();
  const heap = new MinHeap<Entry>((a, b) => a.at < b.at || (a.at === b.at && a.order < b.order));
  let nextOrder = 0;
  let cancelTimer: CancelTimer | undefined;
  let armedFor: number | undefined;
  let stopped = false;

  function arm(): void {
    const top = heap.peek();
    if (armedFor !== undefined && armedFor === top?.at) return;
    cancelTimer?.();
    cancelTimer = undefined;
    armedFor = undefined;
    if (!top || stopped) return;
    armedFor = top.at;
    cancelTimer = clock.setTimer(fire, Math.min(MAX_TIMER_DELAY_MS, Math.max(0, top.at - clock.now())));
  }

  function fire(): void {
    cancelTimer = undefined;
    armedFor = undefined;
    const now = clock.now();
    // Taken out first, so a callback that sets its key again is not run again in this round.
    const due: Entry[] = [];
    for (let top = heap.peek(); top && top.at <= now; top = heap.peek()) {
      heap.pop();
      entries.delete(top.key);
      due.push(top);
    }
    for (const entry of due) {
      try {
        entry.callback();
      } catch (error) {
        onError(entry.key, error);
      }
    }
    arm();
  }

  function remove(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    heap.remove(entry);
  }

  return {
    set(key, at, callback) {
      if (stopped) return;
      remove(key);
      const entry = { key, at, order: nextOrder++, callback };
      entries.set(key, entry);
      heap.push(entry);
      arm();
    },
    cancel(key) {
      remove(key);
      arm();
    },
    size: () => entries.size,
    stop() {
      stopped = true;
      entries.clear();
      while (heap.pop());
      arm();
    },
  };
}
