import type { Clock } from "../core/clock.js";
import { findActiveWindow, findNextWindowChange, type MaintenanceWindow } from "./maintenance.js";
import type { ModeChange } from "./state.js";
import type { MonitorModeChange } from "./state-store.js";
import type { TimerQueue } from "./timers.js";

export type MonitorMode = ModeChange["mode"];

/** The settings that decide a monitor's mode. */
export interface ModeSettings {
  paused: boolean;
  maintenance?: readonly MaintenanceWindow[] | undefined;
}

/**
 * Which mode each monitor is in (paused, in maintenance, or active), reported as it changes: when
 * the spec changes, and when a window opens or closes with no result needed to notice.
 */
export interface ModeWatch {
  follow(monitorId: number, settings: ModeSettings): void;
  modeOf(monitorId: number): MonitorMode | undefined;
  forget(monitorId: number): void;
}

interface Followed {
  settings: ModeSettings;
  /** Undefined until first reported, so the first look always reports (the stored state may be stale). */
  mode: MonitorMode | undefined;
  window: string | undefined;
}

export function createModeWatch(options: {
  clock: Clock;
  timers: TimerQueue;
  onChange: (change: MonitorModeChange) => void;
}): ModeWatch {
  const { clock, timers } = options;
  const followed = new Map<number, Followed>();
  const timerKey = (monitorId: number) => `maintenance:${monitorId}`;

  function look(monitorId: number, entry: Followed): void {
    timers.cancel(timerKey(monitorId));
    if (entry.settings.paused) {
      report(monitorId, entry, "paused", undefined);
      return;
    }
    const windows = entry.settings.maintenance ?? [];
    const now = clock.now();
    const open = findActiveWindow(windows, now);
    report(monitorId, entry, open ? "maintenance" : "active", open?.name ?? entry.window);
    entry.window = open?.name;
    const next = findNextWindowChange(windows, now);
    if (next === undefined) return;
    timers.set(timerKey(monitorId), next, () => {
      if (followed.get(monitorId) === entry) look(monitorId, entry);
    });
  }

  function report(monitorId: number, entry: Followed, mode: MonitorMode, window: string | undefined): void {
    if (entry.mode === mode) return;
    entry.mode = mode;
    options.onChange({ monitorId, at: clock.now(), mode, window });
  }

  return {
    follow(monitorId, settings) {
      let entry = followed.get(monitorId);
      if (entry) entry.settings = settings;
      else {
        entry = { settings, mode: undefined, window: undefined };
        followed.set(monitorId, entry);
      }
      look(monitorId, entry);
    },
    modeOf: (monitorId) => followed.get(monitorId)?.mode,
    forget(monitorId) {
      followed.delete(monitorId);
      timers.cancel(timerKey(monitorId));
    },
  };
}
