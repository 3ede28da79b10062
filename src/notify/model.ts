import { z } from "zod";
import { secretValue } from "../secrets/model.js";

/**
 * Where a notification goes: one channel of a Receiver, or one contact method of a User. Each type
 * is one entry of this union and one file under `channels/` implementing `Channel` (`channel.ts`),
 * registered in `channels/index.ts`. Credentials (webhook URLs that carry a token, routing keys,
 * SMTP passwords) may be secret references and are resolved just before sending.
 */

const httpUrl = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^\s]+$/i, { error: "expected an http:// or https:// URL" });

const emailAddress = z
  .string()
  .max(254)
  .regex(/^[^\s@<>]+@[^\s@<>]+$/, { error: "expected an email address such as oncall@example.com" });

export const webhookChannel = z.strictObject({
  type: z.literal("webhook"),
  url: secretValue(httpUrl).describe("Where to POST Alertmanager's webhook payload (version 4)."),
  maxAlerts: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("At most this many alerts per message (the rest are counted in truncatedAlerts); 0 for all."),
});

export const slackChannel = z.strictObject({
  type: z.literal("slack"),
  url: secretValue(httpUrl).describe("The Slack incoming-webhook URL (it is a credential: use a secretRef)."),
  channel: z.string().max(80).optional().describe("Overrides the webhook's default channel, such as #ops."),
});

export const emailChannel = z.strictObject({
  type: z.literal("email"),
  to: z.array(emailAddress).min(1, { error: "expected at least one address" }).max(50),
  from: emailAddress.default("nines@localhost"),
  smtp: z.strictObject({
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535).default(587),
    /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    requireTls: z.boolean().default(false).describe("Refuse to send when the server offers no STARTTLS."),
    username: z.string().max(256).optional(),
    password: secretValue(z.string().max(1024)).optional(),
  }),
});

export const pagerDutyChannel = z.strictObject({
  type: z.literal("pagerduty"),
  routingKey: secretValue(
    z.string().regex(/^[A-Za-z0-9]{32}$/, { error: "expected the 32-character integration key" }),
  ).describe("The Events API v2 integration (routing) key."),
  url: httpUrl.default("https://events.pagerduty.com/v2/enqueue"),
  severity: z.enum(["critical", "error", "warning", "info"]).optional().describe("Default: from the severity label."),
});

export const ntfyChannel = z.strictObject({
  type: z.literal("ntfy"),
  url: httpUrl.default("https://ntfy.sh"),
  topic: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "expected a topic of 1 to 64 letters, digits, '-' or '_'" }),
  token: secretValue(z.string().max(256)).optional().describe("An access token, sent as a Bearer token."),
  priority: z.number().int().min(1).max(5).optional().describe("ntfy's priority; default from severity."),
});

export const teamsChannel = z.strictObject({
  type: z.literal("teams"),
  url: secretValue(httpUrl).describe("A Microsoft Teams incoming webhook (Workflows) URL."),
});

export const inboxChannel = z.strictObject({
  type: z.literal("inbox"),
  name: z.string().min(1).max(63).default("default").describe("Messages are kept in Nines and shown in the UI."),
});

export const channelSpec = z.discriminatedUnion(
  "type",
  [webhookChannel, slackChannel, emailChannel, pagerDutyChannel, ntfyChannel, teamsChannel, inboxChannel],
  { error: "expected a channel of type webhook, slack, email, pagerduty, ntfy, teams or inbox" },
);

export type ChannelSpec = z.infer<typeof channelSpec>;
export type ChannelType = ChannelSpec["type"];
export const CHANNEL_TYPES = ["webhook", "slack", "email", "pagerduty", "ntfy", "teams", "inbox"] as const;

/** One alert as a notification shows it. Instants are epoch ms; `endsAt` null while firing. */
export interface NotifiedAlert {
  fingerprint: string;
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number | null;
  generatorUrl: string | null;
}

/**
 * What a notification says, whatever the channel: channels render it (templates.ts) into their
 * own format. Stored in the outbox as it was when enqueued, so a retry sends the same message.
 */
export interface NotificationContent {
  /** `alert-group`: Alertmanager-style group message; `page`: a level of an escalation. */
  kind: "alert-group" | "page";
  status: "firing" | "resolved";
  receiver: string;
  /** Alertmanager's group key, `{}/{severity="page"}:{service="checkout"}`. */
  groupKey: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  alerts: NotifiedAlert[];
  /** Alerts left out by `maxAlerts` or by size. */
  truncatedAlerts: number;
  /** first notification, new alerts added, some alerts resolved, all alerts resolved, repeat interval elapsed, escalated. */
  reason: string;
  /** Nines' own address, for links back. */
  externalUrl: string;
  links: {
    /** The alert group (or page) in the UI. */
    view: string;
    /** Signed, expiring: acknowledge the page without signing in. */
    acknowledge?: string;
    /** Signed, expiring: resolve the page. */
    resolve?: string;
    /** The UI's silence form, prefilled with the group's matchers. */
    silence?: string;
    runbook?: string;
    graph?: string;
  };
  /** Set for pages: which page and level. */
  page?: { id: number; level: number; round: number; policy: string; user?: string };
}

/** One notification to enqueue: a destination, a channel and what to say. */
export interface NewNotification {
  /** Stable for the same message to the same destination: enqueuing it again is a no-op. */
  idempotencyKey: string;
  destination: string;
  channel: ChannelSpec;
  content: NotificationContent;
  /** `group:<key>` or `page:<id>`. */
  source: string;
}
