import type { Clock } from "../core/clock.js";
import type { Connector } from "../net/connector.js";
import type { Resolved } from "../secrets/model.js";
import type { ChannelSpec, NotificationContent } from "./model.js";

/** One message kept in Nines (the inbox channel): shown in the UI instead of sent anywhere. */
export interface InboxMessage {
  /** The inbox channel's `name`. */
  inbox: string;
  /** The notification's idempotency key: writing the same message twice keeps one. */
  notificationKey: string;
  subject: string;
  text: string;
  receivedAt: number;
}

export type InboxWriter = (message: InboxMessage) => Promise<void>;

export interface SendContext {
  /** The only way a channel may open a connection (purpose `notify`). */
  connector: Connector;
  clock: Clock;
  /** Stable across retries of one notification: receivers that deduplicate get it. */
  idempotencyKey: string;
  /** The most one send may take; the outbox also aborts `signal` when it runs out. */
  timeoutMs: number;
  /** Aborted when the send is no longer wanted (its time ran out); the channel stops at once. */
  signal: AbortSignal;
  inbox: InboxWriter;
}

/**
 * What one send came to. Channels never throw for a failure they can describe: `retry` says
 * whether trying again may help (5xx, 408, 429, timeouts, refused connections) or not (other
 * 4xx, a policy refusal, a receiver that rejects the message). `error` names the receiver by its
 * origin only: webhook paths carry tokens.
 */
export type SendOutcome =
  | { delivered: true }
  | { delivered: false; retry: true; error: string; retryAfterMs?: number }
  | { delivered: false; retry: false; error: string };

/** Every channel type implements this and is registered in `channels/index.ts`. */
export interface Channel<S extends ChannelSpec> {
  type: S["type"];
  send(message: NotificationContent, spec: Resolved<S>, context: SendContext): Promise<SendOutcome>;
}

export type FailedSend = Extract<SendOutcome, { delivered: false }>;

export const delivered: SendOutcome = { delivered: true };

export const retryable = (error: string, retryAfterMs?: number): FailedSend =>
  retryAfterMs === undefined
    ? { delivered: false, retry: true, error }
    : { delivered: false, retry: true, error, retryAfterMs };

export const permanent = (error: string): FailedSend => ({ delivered: false, retry: false, error });
