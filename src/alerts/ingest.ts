import type { Issue } from "../core/errors.js";
import { describeUnstorable } from "../core/text.js";
import { alertFingerprint } from "./fingerprint.js";
import { isLabelName } from "./matchers.js";
import { type AlertSource, type IncomingAlert, isFiring, type LabelSet, type StoredAlert } from "./model.js";

/**
 * Alerts as senders give them, checked and normalised with Alertmanager's rules (its API v2
 * `postAlertsHandler`, `types.Alert.Merge` and the provider's `Put`), before the store keeps them.
 */

/** Go's zero `time.Time`, which Go clients such as amtool send for "not set". */
const GO_ZERO_MS = -62_135_596_800_000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export type CheckedAlerts = { alerts: IncomingAlert[]; issues: Issue[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An RFC 3339 instant as epoch ms; undefined when absent or Go's zero time; NaN when malformed. */
export function parseInstant(value: unknown): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string" || !RFC3339.test(value)) return Number.NaN;
  const ms = Date.parse(value);
  return ms === GO_ZERO_MS ? undefined : ms;
}

function checkLabelSet(value: unknown, what: "label" | "annotation", problems: string[]): LabelSet | undefined {
  if (!isObject(value)) {
    problems.push(`${what}s must be an object of names to strings`);
    return undefined;
  }
  const set: LabelSet = {};
  for (const [name, text] of Object.entries(value)) {
    if (!isLabelName(name)) problems.push(`invalid ${what} name ${JSON.stringify(name)}`);
    else if (typeof text !== "string") problems.push(`invalid ${what} value of ${name}: expected a string`);
    else if (describeUnstorable(text)) problems.push(`invalid ${what} value of ${name}: ${describeUnstorable(text)}`);
    else set[name] = text;
  }
  return set;
}

/**
 * Checks each alert of a posted batch: labels required and non-empty, label and annotation names
 * of letters, digits and `_`, values valid UTF-8, RFC 3339 instants, `endsAt` not before `startsAt`
 * (with the defaults `normalizeAlert` will give). The valid alerts come back with one issue per
 * invalid one (`/<index>`, what is wrong), so the caller can take the valid ones anyway.
 */
export function checkAlerts(items: readonly unknown[], now: number, resolveTimeoutMs: number): CheckedAlerts {
  const alerts: IncomingAlert[] = [];
  const issues: Issue[] = [];
  items.forEach((item, index) => {
    const problems: string[] = [];
    if (!isObject(item)) {
      issues.push({ path: `/${index}`, document: index, message: "expected an alert object with labels" });
      return;
    }
    let labels: LabelSet | undefined;
    if (item.labels === undefined || (isObject(item.labels) && Object.keys(item.labels).length === 0))
      problems.push("at least one label pair required");
    else labels = checkLabelSet(item.labels, "label", problems);
    const annotations = item.annotations === undefined ? {} : checkLabelSet(item.annotations, "annotation", problems);
    const startsAt = parseInstant(item.startsAt);
    const endsAt = parseInstant(item.endsAt);
    if (Number.isNaN(startsAt)) problems.push("startsAt must be an RFC 3339 instant such as 2026-08-20T10:00:00Z");
    if (Number.isNaN(endsAt)) problems.push("endsAt must be an RFC 3339 instant such as 2026-08-20T10:00:00Z");
    const generatorUrl = item.generatorURL;
    if (generatorUrl !== undefined && generatorUrl !== null && typeof generatorUrl !== "string")
      problems.push("generatorURL must be a string");
    if (problems.length === 0) {
      const alert: IncomingAlert = {
        labels: labels as LabelSet,
        annotations: annotations as LabelSet,
        ...(startsAt !== undefined && { startsAt }),
        ...(endsAt !== undefined && { endsAt }),
        ...(typeof generatorUrl === "string" && generatorUrl !== "" && { generatorUrl }),
      };
      const settled = settleInstants(alert, now, resolveTimeoutMs);
      if (settled.endsAt < settled.startsAt) problems.push("start time must be before end time");
      else alerts.push(alert);
    }
    if (problems.length)
      issues.push({
        path: `/${index}`,
        document: index,
        message: `${describeAlert(item)}: ${problems.join("; ")}`,
      });
  });
  return { alerts, issues };
}

/**
 * The generic webhook's alerts: API v2's alert with an optional `status`, where `resolved` without
 * an `endsAt` ends the alert now. Checked as `checkAlerts` checks, with the same issues.
 */
export function checkWebhookAlerts(items: readonly unknown[], now: number, resolveTimeoutMs: number): CheckedAlerts {
  const result: CheckedAlerts = { alerts: [], issues: [] };
  items.forEach((item, index) => {
    const status = isObject(item) ? item.status : undefined;
    if (status !== undefined && status !== "firing" && status !== "resolved") {
      result.issues.push({
        path: `/${index}/status`,
        document: index,
        message: 'expected status "firing" or "resolved"',
      });
      return;
    }
    const { status: _status, ...alert } = isObject(item) ? item : { labels: undefined };
    const ended = status === "resolved" && alert.endsAt === undefined ? { endsAt: new Date(now).toISOString() } : {};
    const checked = checkAlerts([{ ...alert, ...ended }], now, resolveTimeoutMs);
    result.alerts.push(...checked.alerts);
    for (const issue of checked.issues) result.issues.push({ ...issue, path: `/${index}`, document: index });
  });
  return result;
}

/** `alertname[fingerprint]` as Alertmanager names an alert in its errors, or `alert <n>`. */
function describeAlert(item: Record<string, unknown>): string {
  const labels = isObject(item.labels) ? item.labels : {};
  const name = typeof labels.alertname === "string" ? labels.alertname : "alert";
  const strings = Object.fromEntries(Object.entries(labels).filter(([, value]) => typeof value === "string"));
  return `${name}[${alertFingerprint(strings as LabelSet).slice(0, 7)}]`;
}

/**
 * The `endsAt` of an alert that fires until told otherwise: PagerDuty's triggers stay open until
 * their resolve, where Alertmanager's senders resend. 9999-12-31T23:59:59.999Z.
 */
export const OPEN_ENDED = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** An alert with its identity and both instants settled. */
export interface NormalizedAlert {
  fingerprint: string;
  labels: LabelSet;
  annotations: LabelSet;
  startsAt: number;
  endsAt: number;
  timeout: boolean;
  generatorUrl: string | null;
}

/**
 * Alertmanager's defaults: no `startsAt` is now (or `endsAt`, when that is already past, so a bare
 * resolve is valid); no `endsAt` is now plus the resolve timeout, marked `timeout`.
 */
export function normalizeAlert(alert: IncomingAlert, now: number, resolveTimeoutMs: number): NormalizedAlert {
  const { startsAt, endsAt } = settleInstants(alert, now, resolveTimeoutMs);
  return {
    fingerprint: alertFingerprint(alert.labels),
    labels: alert.labels,
    annotations: alert.annotations ?? {},
    startsAt,
    endsAt,
    timeout: alert.endsAt === undefined,
    generatorUrl: alert.generatorUrl ?? null,
  };
}

function settleInstants(alert: IncomingAlert, now: number, resolveTimeoutMs: number) {
  const endsAt = alert.endsAt ?? now + resolveTimeoutMs;
  const startsAt = alert.startsAt ?? (alert.endsAt !== undefined && alert.endsAt < now ? alert.endsAt : now);
  return { startsAt, endsAt };
}

/** A stored alert with when its resolution was recorded (null while it fires). */
export type TrackedAlert = StoredAlert & { resolvedAt: number | null };

/** What a merge reads of the stored alert (its labels are the fingerprint's, its annotations replaced). */
export type PriorAlert = Pick<TrackedAlert, "startsAt" | "endsAt" | "timeout" | "receivedAt" | "resolvedAt">;

export type AlertEventName = "fired" | "resolved" | "acknowledged";

export interface AlertEvent {
  fingerprint: string;
  at: number;
  event: AlertEventName;
  detail: Record<string, unknown>;
}

/**
 * The alert after `incoming` arrives, and what happened to it. While the two overlap in time they
 * are one activity, merged as Alertmanager does: the earliest `startsAt`; the latest explicit
 * `endsAt` (a timeout never outlasts a sender's instant); otherwise the newer alert replaces the
 * older. `fired` when it starts firing (new, or again after it resolved), `resolved` when a firing
 * one arrives ended; a firing one whose end passed unseen is resolved at that end first.
 */
export function mergeAlert(
  old: PriorAlert | undefined,
  incoming: NormalizedAlert,
  source: AlertSource,
  now: number,
): { alert: TrackedAlert; events: AlertEvent[] } {
  let { startsAt, endsAt, timeout } = incoming;
  const events: AlertEvent[] = [];
  const { fingerprint } = incoming;
  const resolvedEvent = (at: number, alert: { endsAt: number; timeout: boolean }): AlertEvent => ({
    fingerprint,
    at,
    event: "resolved",
    detail: { endsAt: alert.endsAt, ...(alert.timeout && { timeout: true }) },
  });
  let wasFiring = old !== undefined && old.resolvedAt === null;
  if (old) {
    const overlaps =
      (incoming.endsAt > old.startsAt && incoming.endsAt < old.endsAt) ||
      (incoming.startsAt > old.startsAt && incoming.startsAt < old.endsAt);
    if (overlaps) {
      startsAt = Math.min(old.startsAt, incoming.startsAt);
      const incomingResolved = !isFiring(incoming, now);
      if (
        incomingResolved ? !isFiring(old, now) && old.endsAt > incoming.endsAt : old.endsAt > endsAt && !old.timeout
      ) {
        endsAt = old.endsAt;
        timeout = old.timeout;
      }
    }
    if (wasFiring && !isFiring(old, now) && endsAt > now) {
      events.push(resolvedEvent(old.endsAt, old));
      wasFiring = false;
    }
  }
  const firing = endsAt > now;
  if (firing && !wasFiring) events.push({ fingerprint, at: now, event: "fired", detail: { startsAt, source } });
  if (!firing && (wasFiring || !old)) events.push(resolvedEvent(now, { endsAt, timeout }));
  const continues = old !== undefined && incoming.startsAt <= old.endsAt && incoming.endsAt >= old.startsAt;
  return {
    alert: {
      fingerprint,
      labels: incoming.labels,
      annotations: incoming.annotations,
      startsAt,
      endsAt,
      timeout,
      generatorUrl: incoming.generatorUrl,
      source,
      receivedAt: continues ? old.receivedAt : now,
      updatedAt: now,
      resolvedAt: firing ? null : wasFiring || !old ? now : old.resolvedAt,
    },
    events,
  };
}
