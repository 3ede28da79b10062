import { z } from "zod";
import { description, documentSchema, objectName } from "../config/document.js";
import { durationField, instantField, timeZoneField } from "../config/fields.js";
import type { KindDefinition } from "../config/kinds.js";
import { channelSpec } from "../notify/model.js";
import { isLabelName, type Matcher, parseMatcher } from "./matchers.js";
import { checkTimeIntervalEntry } from "./time-intervals.js";

/**
 * The alerting pipeline's kinds (decision 0006). Routing follows Alertmanager: a tree of routes
 * with matchers, `continue` and grouping timers; receivers are channels or an escalation policy;
 * inhibition rules and time intervals have Alertmanager's meaning. Every Route object is a child of
 * one implicit root that matches every alert; they are tried in name order.
 */

export const matcherField = z
  .string({ error: 'expected a matcher such as severity="page"' })
  .max(4096)
  .superRefine((text, ctx) => {
    const parsed = parseMatcher(text);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
  });

const matcherList = z.array(matcherField).max(64);

const labelName = z.string().refine((name) => name === "..." || isLabelName(name), {
  error: (issue) => `expected a label name (or "..." for every label), got ${JSON.stringify(issue.input)}`,
});

const timerField = (what: string) => durationField(what, 0, 30 * 86_400_000);

export interface RouteSpecShape {
  receiver?: string;
  matchers: string[];
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  continue: boolean;
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  routes: RouteSpecShape[];
}

const routeFields = {
  receiver: objectName.optional().describe("The Receiver of alerts this route takes; inherited when absent."),
  matchers: matcherList
    .default([])
    .describe('Alertmanager matchers, all of which must hold: `severity="page"`, `service=~"checkout|cart"`.'),
  groupBy: z
    .array(labelName)
    .max(64)
    .optional()
    .describe('Labels that split alerts into groups; `["..."]` groups by every label; inherited when absent.'),
  groupWait: timerField("groupWait")
    .optional()
    .describe("How long a new group waits for more alerts before the first notification (default 30s)."),
  groupInterval: timerField("groupInterval")
    .optional()
    .describe("How long a group waits before telling about changes (default 5m)."),
  repeatInterval: timerField("repeatInterval")
    .optional()
    .describe("How long before an unchanged firing group is notified again (default 4h)."),
  continue: z.boolean().default(false).describe("Keep trying the following sibling routes after this one matched."),
  muteTimeIntervals: z
    .array(objectName)
    .max(32)
    .default([])
    .describe("TimeIntervals during which this route sends nothing."),
  activeTimeIntervals: z
    .array(objectName)
    .max(32)
    .default([])
    .describe("TimeIntervals outside which this route sends nothing."),
};

export const routeNode: z.ZodType<RouteSpecShape, unknown> = z.lazy(() =>
  z.strictObject({
    ...routeFields,
    routes: z.array(routeNode).max(256).default([]).describe("Child routes, tried in order."),
  }),
) as unknown as z.ZodType<RouteSpecShape, unknown>;

export const routeSpec = z.strictObject({
  description: description.optional(),
  ...routeFields,
  receiver: objectName.describe("The Receiver of alerts this route takes (children inherit it)."),
  routes: z.array(routeNode).max(256).default([]).describe("Child routes, tried in order."),
});

export const receiverSpec = z
  .strictObject({
    description: description.optional(),
    channels: z.array(channelSpec).max(32).default([]).describe("Where each notification of this receiver goes."),
    escalationPolicy: objectName
      .optional()
      .describe("Page people through this EscalationPolicy instead of (or besides) the channels."),
    sendResolved: z.boolean().default(true).describe("Tell the channels when alerts resolve."),
    resolveSilenced: z
      .boolean()
      .default(true)
      .describe(
        "Still send the resolve of an alert that was notified and then silenced or inhibited, so the page upstream closes.",
      ),
  })
  .refine((spec) => spec.channels.length > 0 || spec.escalationPolicy !== undefined, {
    error: "expected at least one channel or an escalationPolicy",
  });

export const inhibitRuleSpec = z.strictObject({
  description: description.optional(),
  sourceMatchers: matcherList.min(1, { error: "expected at least one source matcher" }),
  targetMatchers: matcherList.min(1, { error: "expected at least one target matcher" }),
  equal: z.array(labelName).max(64).default([]).describe("Labels whose values must be the same in source and target."),
});

const range = (what: string) =>
  z.string().regex(/^[A-Za-z0-9-]+(:[A-Za-z0-9-]+)?$/, { error: `expected ${what} or a range of them such as "1:5"` });

export const timeIntervalEntry = z
  .strictObject({
    times: z
      .array(
        z.strictObject({
          startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time such as "09:00"' }),
          endTime: z
            .string()
            .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { error: 'expected a time such as "17:00" or "24:00"' }),
        }),
      )
      .max(32)
      .optional(),
    weekdays: z.array(range("a weekday such as monday")).max(32).optional(),
    daysOfMonth: z.array(range("a day of the month from 1 to 31, or -31 to -1 from the end")).max(32).optional(),
    months: z.array(range("a month such as may or 5")).max(32).optional(),
    years: z.array(range("a year such as 2026")).max(32).optional(),
    location: timeZoneField.default("UTC"),
  })
  .superRefine((entry, ctx) => {
    for (const problem of checkTimeIntervalEntry(entry)) ctx.addIssue({ code: "custom", ...problem });
  });

export const timeIntervalSpec = z.strictObject({
  description: description.optional(),
  timeIntervals: z
    .array(timeIntervalEntry)
    .min(1)
    .max(64)
    .describe("The instants inside any of these entries are in the interval."),
});

export const recurringSilenceSpec = z
  .strictObject({
    description: description.optional(),
    matchers: matcherList.min(1, { error: "expected at least one matcher" }),
    comment: z.string().max(1024).default(""),
    activeTimeIntervals: z
      .array(objectName)
      .max(32)
      .default([])
      .describe("Silences during these TimeIntervals (recurring)."),
    startsAt: instantField("startsAt").optional(),
    endsAt: instantField("endsAt").optional(),
  })
  .refine((spec) => spec.activeTimeIntervals.length > 0 || (spec.startsAt && spec.endsAt), {
    error: "expected activeTimeIntervals, or startsAt and endsAt",
  })
  .refine((spec) => !spec.startsAt || !spec.endsAt || Date.parse(spec.endsAt) > Date.parse(spec.startsAt), {
    error: "expected endsAt after startsAt",
    path: ["endsAt"],
  });

export const routeDocument = documentSchema("nines/v1", "Route", routeSpec);
export const receiverDocument = documentSchema("nines/v1", "Receiver", receiverSpec);
export const inhibitRuleDocument = documentSchema("nines/v1", "InhibitRule", inhibitRuleSpec);
export const timeIntervalDocument = documentSchema("nines/v1", "TimeInterval", timeIntervalSpec);
export const recurringSilenceDocument = documentSchema("nines/v1", "RecurringSilence", recurringSilenceSpec);

export type RouteSpec = z.infer<typeof routeSpec>;
export type ReceiverSpec = z.infer<typeof receiverSpec>;
export type InhibitRuleSpec = z.infer<typeof inhibitRuleSpec>;
export type TimeIntervalEntry = z.infer<typeof timeIntervalEntry>;
export type TimeIntervalSpec = z.infer<typeof timeIntervalSpec>;
export type RecurringSilenceSpec = z.infer<typeof recurringSilenceSpec>;

export const ROUTE_EXAMPLE = `apiVersion: nines/v1
kind: Route
metadata:
  name: checkout-pages
spec:
  receiver: checkout-oncall
  matchers: ['service="checkout"', 'severity=~"page|critical"']
  groupBy: [alertname, service]
  groupWait: 30s
  groupInterval: 5m
  repeatInterval: 4h
`;

export const RECEIVER_EXAMPLE = `apiVersion: nines/v1
kind: Receiver
metadata:
  name: checkout-oncall
spec:
  escalationPolicy: checkout
  channels:
    - type: slack
      url: {env: SLACK_CHECKOUT_WEBHOOK}
`;

export const INHIBIT_RULE_EXAMPLE = `apiVersion: nines/v1
kind: InhibitRule
metadata:
  name: critical-mutes-warning
spec:
  sourceMatchers: ['severity="critical"']
  targetMatchers: ['severity="warning"']
  equal: [alertname, service]
`;

export const TIME_INTERVAL_EXAMPLE = `apiVersion: nines/v1
kind: TimeInterval
metadata:
  name: office-hours
spec:
  timeIntervals:
    - weekdays: ["monday:friday"]
      times: [{startTime: "09:00", endTime: "17:00"}]
      location: Europe/Berlin
`;

export const RECURRING_SILENCE_EXAMPLE = `apiVersion: nines/v1
kind: RecurringSilence
metadata:
  name: nightly-batch
spec:
  matchers: ['job="batch"']
  comment: the nightly batch restarts its workers
  activeTimeIntervals: [office-hours]
`;

/** The kinds this module owns, for the list at the top (`src/kinds.ts`). */
export const ALERT_KINDS: readonly KindDefinition[] = [
  {
    apiVersion: "nines/v1",
    kind: "Route",
    plural: "routes",
    aliases: ["rt"],
    summary:
      "Where alerts go: matchers, a receiver, grouping and timers, with child routes (Alertmanager's route tree).",
    schema: routeDocument,
    example: ROUTE_EXAMPLE,
  },
  {
    apiVersion: "nines/v1",
    kind: "Receiver",
    plural: "receivers",
    aliases: ["rcv"],
    summary:
      "Who hears about a group of alerts: channels (webhook, Slack, email, PagerDuty, ntfy, Teams) or an escalation policy.",
    schema: receiverDocument,
    example: RECEIVER_EXAMPLE,
  },
  {
    apiVersion: "nines/v1",
    kind: "InhibitRule",
    plural: "inhibitrules",
    aliases: ["inhibit"],
    summary: "Mutes alerts matching the target while an alert matching the source fires with the same `equal` labels.",
    schema: inhibitRuleDocument,
    example: INHIBIT_RULE_EXAMPLE,
  },
  {
    apiVersion: "nines/v1",
    kind: "TimeInterval",
    plural: "timeintervals",
    aliases: ["ti"],
    summary: "Named hours, weekdays, days of the month, months and years, to mute or activate routes and silences.",
    schema: timeIntervalDocument,
    example: TIME_INTERVAL_EXAMPLE,
  },
  {
    apiVersion: "nines/v1",
    kind: "RecurringSilence",
    plural: "recurringsilences",
    aliases: ["rsilence"],
    summary: "A silence kept as code: matchers muted during time intervals (recurring) or between two instants.",
    schema: recurringSilenceDocument,
    example: RECURRING_SILENCE_EXAMPLE,
  },
];

export type { LabelSet } from "./fingerprint.js";

import type { LabelSet } from "./fingerprint.js";

/** An alert as the pipeline holds it. Instants are epoch ms. */
export interface StoredAlert {
  fingerprint: string;
  labels: LabelSet;
  annotations: LabelSet;
  startsAt: number;
  endsAt: number;
  /** `endsAt` came from the resolve timeout, not the sender. */
  timeout: boolean;
  generatorUrl: string | null;
  source: AlertSource;
  receivedAt: number;
  updatedAt: number;
}

/** Firing until its `endsAt`; resolved from then on. */
export const isFiring = (alert: Pick<StoredAlert, "endsAt">, now: number) => alert.endsAt > now;

export type AlertSource = "alertmanager" | "pagerduty" | "webhook" | "slo" | "monitor";

/** One alert as a sender gives it, before it is stored. */
export interface IncomingAlert {
  labels: LabelSet;
  annotations?: LabelSet;
  startsAt?: number;
  endsAt?: number;
  generatorUrl?: string;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  updatedAt: number;
  /** API v2's silence annotations. */
  annotations?: LabelSet;
}

export type SilenceState = "pending" | "active" | "expired";

export const silenceState = (silence: Pick<Silence, "startsAt" | "endsAt">, now: number): SilenceState =>
  now < silence.startsAt ? "pending" : now < silence.endsAt ? "active" : "expired";

/** Alertmanager's default when a sender gives no `endsAt`. */
export const DEFAULT_RESOLVE_TIMEOUT_MS = 5 * 60_000;
