import { useSyncExternalStore } from "react";

/**
 * The current time, re-rendering the caller every `intervalMs`, for "12 s ago" labels that keep
 * counting. One timer per interval serves every caller, so fifty labels cost one timer. The time
 * is rounded down to the interval, so every caller in one tick sees the same instant.
 */
interface Clock {
  subscribe: (listener: () => void) => () => void;
  read: () => number;
}

const clocks = new Map<number, Clock>();

function clockFor(intervalMs: number): Clock {
  let clock = clocks.get(intervalMs);
  if (clock) return clock;
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  clock = {
    subscribe(listener) {
      listeners.add(listener);
      timer ??= setInterval(() => {
        for (const notify of listeners) notify();
      }, intervalMs);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
    read: () => Math.floor(Date.now() / intervalMs) * intervalMs,
  };
  clocks.set(intervalMs, clock);
  return clock;
}

export function useNow(intervalMs = 1000): number {
  const clock = clockFor(intervalMs);
  return useSyncExternalStore(clock.subscribe, clock.read);
}
