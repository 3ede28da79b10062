import { isRecord } from "../config/describe-value.js";
import { hideCredential as hide } from "../secrets/model.js";
import type { ChannelType } from "./model.js";

type Fields = Record<string, unknown>;

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
  email: (channel) => (isRecord(channel.smtp) ? { ...channel, smtp: hideField("password")(channel.smtp) } : channel),
  inbox: (channel) => channel,
};

/**
 * A channel (of a Receiver, or a User's contact method) as a viewer may see it: a secret
 * reference as written, since it names and does not reveal; a plain credential as `{hidden: true}`,
 * which no apply accepts back by mistake.
 */
export function hideChannelCredentials(channel: unknown): unknown {
  if (!isRecord(channel) || typeof channel.type !== "string" || !(channel.type in CREDENTIALS)) return channel;
  return CREDENTIALS[channel.type as ChannelType](channel);
}
