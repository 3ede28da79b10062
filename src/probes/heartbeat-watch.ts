import type { Clock } from "../core/clock.js";
import { describeMissedPing, type HeartbeatTiming, planHeartbeatDeadline } from "./heartbeat.js";
import type { TimerQueue } from "./timers.js";

/**
 * The deadlines of the heartbeat monitors being watched: each ping moves its monitor's deadline to
 * the next due time plus grace; a deadline that passes is reported as a missed ping, and the one
 * after it is armed.
 */
export interface HeartbeatWatch {
  /**
   * Starts watching from `from` (see `findHeartbeatAnchor`; now when not given), or only takes the
   * new timing when the monitor is watched already.
   */
  watch(monitorId: number, timing: HeartbeatTiming, from?: { anchor: number; lastPingAt: number | null }): void;
  isWatched(monitorId: number): boolean;
  ping(monitorId: number, at: number): void;
  forget(monitorId: number): void;
}

interface Watched {
  timing: HeartbeatTiming;
  /** The last ping, or the last due time already judged missed. */
  anchor: number;
  lastPingAt: number | null;
}

export function createHeartbeatWatch(options: {
  clock: Clock;
  timers: TimerQueue;
  /** A ping due before `deadline` did not come; `reason` says since when and what was expected. */
  onMissed: (monitorId: number, deadline: number, reason: string) => void;
}): HeartbeatWatch {
  const { clock, timers } = options;
  const watched = new Map<number, Watched>();
  const timerKey = (monitorId: number) => `heartbeat:${monitorId}`;

  function arm(monitorId: number): void {
    const entry = watched.get(monitorId);
    const plan = entry && planHeartbeatDeadline(entry.timing, entry.anchor, clock.now());
    if (!entry || !plan) {
      timers.cancel(timerKey(monitorId));
      return;
    }
    timers.set(timerKey(monitorId), plan.deadline, () => {
      if (watched.get(monitorId) !== entry) return;
      options.onMissed(monitorId, plan.deadline, describeMissedPing(entry.timing, entry.lastPingAt));
      entry.anchor = plan.expectedAt;
      arm(monitorId);
    });
  }

  return {
    watch(monitorId, timing, from) {
      const entry = watched.get(monitorId);
      if (entry) entry.timing = timing;
      else
        watched.set(monitorId, { timing, anchor: from?.anchor ?? clock.now(), lastPingAt: from?.lastPingAt ?? null });
      arm(monitorId);
    },
    isWatched: (monitorId) => watched.has(monitorId),
    ping(monitorId, at) {
      const entry = watched.get(monitorId);
      if (!entry) return;
      entry.anchor = Math.max(entry.anchor, at);
      entry.lastPingAt = at;
      arm(monitorId);
    },
    forget(monitorId) {
      watched.delete(monitorId);
      timers.cancel(timerKey(monitorId));
    },
  };
}
