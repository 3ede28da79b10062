import type { Channel } from "../channel.js";
import { delivered, retryable } from "../channel.js";
import type { ChannelSpec } from "../model.js";
import { renderText, renderTitle } from "../templates.js";

type InboxSpec = Extract<ChannelSpec, { type: "inbox" }>;

/**
 * Messages kept in Nines and shown in the UI: nothing leaves the server. The notification's key
 * dedupes, so a retry after a crash between writing and marking delivered keeps one message.
 */
export const inboxChannel: Channel<InboxSpec> = {
  type: "inbox",
  async send(message, spec, context) {
    const now = context.clock.now();
    try {
      await context.inbox({
        inbox: spec.name,
        notificationKey: context.idempotencyKey,
        subject: renderTitle(message),
        text: renderText(message, now),
        receivedAt: now,
      });
      return delivered;
    } catch (error) {
      return retryable(`the inbox could not be written: ${(error as Error).message}`);
    }
  },
};
