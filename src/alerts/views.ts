import { z } from "zod";
import type { Silence, StoredAlert } from "./model.js";
import { silenceState } from "./model.js";
import type { AlertStatus } from "./pipeline.js";
import { toWireMatcher } from "./silence-store.js";

/**
 * The shapes the alerting API answers in: Alertmanager's API v2 (its OpenAPI document's
 * gettableAlert, gettableSilence, alertGroup, alertmanagerStatus, receiver), and Nines' own alert
 * list and history under /api/v1.
 */

const labelSet = z.record(z.string(), z.string());
const instant = z.string().describe("RFC 3339");

export const wireMatcherSchema = z.object({
  name: z.string(),
  value: z.string(),
  isRegex: z.boolean(),
  isEqual: z.boolean(),
});

export const alertStatusSchema = z.object({
  state: z.enum(["unprocessed", "active", "suppressed"]),
  silencedBy: z.array(z.string()),
  inhibitedBy: z.array(z.string()),
  mutedBy: z.array(z.string()),
});

export const gettableAlertSchema = z.object({
  labels: labelSet,
  annotations: labelSet,
  generatorURL: z.string().optional(),
  receivers: z.array(z.object({ name: z.string() })),
  fingerprint: z.string(),
  startsAt: instant,
  updatedAt: instant,
  endsAt: instant,
  status: alertStatusSchema,
});

export const alertGroupSchema = z.object({
  labels: labelSet,
  routeLabels: labelSet,
  receiver: z.object({ name: z.string() }),
  alerts: z.array(gettableAlertSchema),
});

export const gettableSilenceSchema = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(["expired", "active", "pending"]) }),
  updatedAt: instant,
  matchers: z.array(wireMatcherSchema),
  startsAt: instant,
  endsAt: instant,
  createdBy: z.string(),
  comment: z.string(),
  annotations: labelSet,
});

export const alertmanagerStatusSchema = z.object({
  cluster: z.object({
    name: z.string(),
    status: z.enum(["ready", "settling", "disabled"]),
    peers: z.array(z.object({ name: z.string(), address: z.string() })),
  }),
  versionInfo: z.object({
    version: z.string(),
    revision: z.string(),
    branch: z.string(),
    buildUser: z.string(),
    buildDate: z.string(),
    goVersion: z.string(),
  }),
  config: z.object({ original: z.string() }),
  uptime: instant,
});

export const receiverSchema = z.object({ name: z.string() });

export type GettableAlert = z.infer<typeof gettableAlertSchema>;
export type GettableSilence = z.infer<typeof gettableSilenceSchema>;

const iso = (ms: number) => new Date(ms).toISOString();

export function toGettableAlert(alert: StoredAlert, status: AlertStatus): GettableAlert {
  return {
    labels: alert.labels,
    annotations: alert.annotations,
    ...(alert.generatorUrl !== null && { generatorURL: alert.generatorUrl }),
    receivers: status.receivers.map((name) => ({ name })),
    fingerprint: alert.fingerprint,
    startsAt: iso(alert.startsAt),
    updatedAt: iso(alert.updatedAt),
    endsAt: iso(alert.endsAt),
    status: {
      state: status.state,
      silencedBy: status.silencedBy,
      inhibitedBy: status.inhibitedBy,
      mutedBy: status.mutedBy,
    },
  };
}

export function toGettableSilence(silence: Silence, now: number): GettableSilence {
  return {
    id: silence.id,
    status: { state: silenceState(silence, now) },
    updatedAt: iso(silence.updatedAt),
    matchers: silence.matchers.map(toWireMatcher),
    startsAt: iso(silence.startsAt),
    endsAt: iso(silence.endsAt),
    createdBy: silence.createdBy,
    comment: silence.comment,
    annotations: silence.annotations ?? {},
  };
}

/** An alert in Nines' own list (epoch ms, as the rest of /api/v1). */
export const alertViewSchema = z.object({
  fingerprint: z.string(),
  labels: labelSet,
  annotations: labelSet,
  state: z.enum(["firing", "resolved"]),
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  timeout: z.boolean().describe("endsAt came from the resolve timeout, not the sender"),
  generatorUrl: z.string().nullable(),
  source: z.enum(["alertmanager", "pagerduty", "webhook", "slo", "monitor"]),
  receivedAt: z.number().int(),
  updatedAt: z.number().int(),
});

export const alertHistoryEntrySchema = z.object({
  at: z.number().int(),
  event: z.string().describe("fired, resolved, acknowledged, and the pipeline's events"),
  detail: z.record(z.string(), z.unknown()),
});

export const alertDetailSchema = alertViewSchema.extend({ history: z.array(alertHistoryEntrySchema) });

export type AlertView = z.infer<typeof alertViewSchema>;

export const toAlertView = (alert: StoredAlert, now: number): AlertView => ({
  ...alert,
  state: alert.endsAt > now ? "firing" : "resolved",
});
