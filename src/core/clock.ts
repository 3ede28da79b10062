/**
 * Time as a dependency. Engines take a Clock so that tests can run a month of schedules in
 * milliseconds: `createManualClock` fires timers only when the test advances it.
 */
export interface Clock {
  /** Epoch milliseconds (UTC). */
  now(): number;
  /** Calls `callback` after `delayMs`; returns a function that cancels it. */
  setTimer(callback: () => void, delayMs: number): CancelTimer;
}

export type CancelTimer = () => void;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const timeout = setTimeout(callback, Math.max(0, delayMs));
    return () => clearTimeout(timeout);
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in order; awaits pending promise work between timers. */
  advance(ms: number): Promise<void>;
  /** Sets the time without firing timers (only forward). */
  set(epochMs: number): void;
  pendingTimers(): number;
}

interface ManualTimer {
  id: number;
  due: number;
  callback: () => void;
}

export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let current = startMs;
  let nextId = 1;
  const timers = new Map<number, ManualTimer>();

  const flushMicrotasks = async () => {
    for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };

  return {
    now: () => current,
    setTimer(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { id, due: current + Math.max(0, delayMs), callback });
      return () => timers.delete(id);
    },
    async advance(ms) {
      const target = current + ms;
      for (;;) {
        let next: ManualTimer | undefined;
        for (const timer of timers.values()) {
          if (
            timer.due <= target &&
            (!next || timer.due < next.due || (timer.due === next.due && timer.id < next.id))
          ) {
            next = timer;
          }
        }
        if (!next) break;
        timers.delete(next.id);
        current = Math.max(current, next.due);
        next.callback();
        await flushMicrotasks();
      }
      current = target;
      await flushMicrotasks();
    },
    set(epochMs) {
      if (epochMs < current) throw new Error("a manual clock only moves forward");
      current = epochMs;
    },
    pendingTimers: () => timers.size,
  };
}
