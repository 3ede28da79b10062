import { isFiring, type StoredAlert } from "./model.js";

/**
 * What a group flush decides, Alertmanager's dedup stage made explicit: tell the receiver when an
 * alert fires that it was not told about, when one it was told about resolves, or when the firing
 * set is unchanged but the repeat interval has passed. Unlike Alertmanager, the resolve of an alert
 * that was notified and then silenced, inhibited or muted is still told (`resolveSuppressed`), so
 * the page it opened upstream closes.
 */

export type Told = "firing" | "resolved";

export interface FlushInput {
  alerts: readonly StoredAlert[];
  /** Why an alert is held back now (silenced, inhibited, muted), or undefined when it is not. */
  suppressed: (alert: StoredAlert) => boolean;
  /** The whole route is muted now by a time interval. */
  muted: boolean;
  /** What the receiver was last told, by fingerprint. */
  told: ReadonlyMap<string, Told>;
  lastNotifiedAt: number | null;
  now: number;
  repeatIntervalMs: number;
  sendResolved: boolean;
  resolveSuppressed: boolean;
}

export interface FlushMessage {
  status: Told;
  firing: StoredAlert[];
  resolved: StoredAlert[];
  reason: string;
}

export interface FlushPlan {
  message: FlushMessage | null;
  /** What the receiver has been told after this flush (for the alerts still in the group). */
  told: Map<string, Told>;
  /** Resolved alerts leave the group after the flush. */
  remove: string[];
}

export function planFlush(input: FlushInput): FlushPlan {
  const { now } = input;
  const firing: StoredAlert[] = [];
  const resolved: StoredAlert[] = [];
  const heldBack = new Set<string>();
  const remove: string[] = [];
  for (const alert of input.alerts) {
    const suppressed = input.muted || input.suppressed(alert);
    if (suppressed) heldBack.add(alert.fingerprint);
    if (isFiring(alert, now)) {
      if (!suppressed) firing.push(alert);
      continue;
    }
    remove.push(alert.fingerprint);
    const wasToldFiring = input.told.get(alert.fingerprint) === "firing";
    if (wasToldFiring && input.sendResolved && (!suppressed || input.resolveSuppressed)) resolved.push(alert);
  }

  const added = firing.filter((alert) => input.told.get(alert.fingerprint) !== "firing");
  let reason: string | null = null;
  if (added.length > 0) reason = input.lastNotifiedAt === null ? "first notification" : "new alerts added";
  else if (resolved.length > 0) reason = firing.length === 0 ? "all alerts resolved" : "some alerts resolved";
  else if (firing.length > 0 && input.lastNotifiedAt !== null && now - input.lastNotifiedAt >= input.repeatIntervalMs)
    reason = "repeat interval elapsed";

  const told = new Map<string, Told>();
  const removed = new Set(remove);
  for (const alert of input.alerts) {
    if (removed.has(alert.fingerprint)) continue;
    const before = input.told.get(alert.fingerprint);
    // A held-back firing alert keeps what the receiver last heard of it, so its resolve is told later.
    if (reason !== null && !heldBack.has(alert.fingerprint)) told.set(alert.fingerprint, "firing");
    else if (before) told.set(alert.fingerprint, before);
  }
  if (reason === null) return { message: null, told, remove };
  return {
    message: { status: firing.length > 0 ? "firing" : "resolved", firing, resolved, reason },
    told,
    remove,
  };
}
