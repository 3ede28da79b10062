import type { Channel } from "../channel.js";
import type { ChannelSpec, ChannelType } from "../model.js";
import { emailChannel } from "./email.js";
import { inboxChannel } from "./inbox.js";
import { ntfyChannel } from "./ntfy.js";
import { pagerDutyChannel } from "./pagerduty.js";
import { slackChannel } from "./slack.js";
import { teamsChannel } from "./teams.js";
import { webhookChannel } from "./webhook.js";

type ChannelRegistry = { [Type in ChannelType]: Channel<Extract<ChannelSpec, { type: Type }>> };

/** One entry per channel type; adding a type means a spec in `model.ts`, a file here and a line below. */
export const CHANNELS: ChannelRegistry = {
  webhook: webhookChannel,
  slack: slackChannel,
  email: emailChannel,
  pagerduty: pagerDutyChannel,
  ntfy: ntfyChannel,
  teams: teamsChannel,
  inbox: inboxChannel,
};

export function findChannel<Spec extends ChannelSpec>(spec: { type: Spec["type"] }): Channel<Spec> | undefined {
  // The mapped type pairs each type with its channel; indexing by a runtime type loses that pairing.
  return (CHANNELS as unknown as Record<string, Channel<Spec> | undefined>)[spec.type];
}
