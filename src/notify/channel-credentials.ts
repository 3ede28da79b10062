import { isSecretReference } from "../secrets/model.js";
import type { ChannelType } from "./model.js";

/** What readers below editor see in place of a credential written as a plain value. */
const HIDDEN = { hidden: true } as const;

type Fields = Record<string, unknown>;

const hide = (value: unknown) => (value === undefined || isSecretReference(value) ? value : HIDDEN);
const hideField = (key: string) => (channel: Fields) =>
  channel[key] === undefined ? channel : { ...channel, [key]: hide(channel[key]) };

/**
 * The credential fields of each channel type, one entry per type so a new channel cannot ship
 * without a decision: webhook URLs carry tokens, and so do routing keys and SMTP passwords.
 */
const CREDENTIALS: { [Type in ChannelType]: (channel: Fields) => Fields } = {
  webhook: hideField("url"),
  slack: hideField("url"),
  teams: hideField("url"),
  pagerduty: hideField("routingKey"),
  ntfy: hideField("token"),
  email: (channel) => (isFields(channel.smtp) ? { ...channel, smtp: hideField("password")(channel.smtp) } : channel),
  inbox: (channel) => channel,
};

/**
 * A channel (of a Receiver, or a User's contact method) as a viewer may see it: a secret
 * reference as written, since it names and does not reveal; a plain credential as `{hidden: true}`,
 * which no apply accepts back by mistake.
 */
export function hideChannelCredentials(channel: unknown): unknown {
  if (!isFields(channel) || typeof channel.type !== "string" || !(channel.type in CREDENTIALS)) return channel;
  return CREDENTIALS[channel.type as ChannelType](channel);
}

const isFields = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);
