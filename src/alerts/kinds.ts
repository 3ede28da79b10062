import type { KindDefinition } from "../config/kinds.js";
import { hideChannelCredentials } from "../notify/channel-credentials.js";
import { ALERT_KINDS as MODEL_KINDS } from "./model.js";
import { RECEIVER_REFERENCES, RECURRING_SILENCE_REFERENCES, ROUTE_REFERENCES } from "./references.js";

/** A Receiver as readers below editor see it: channels without their plain credentials. */
export function hideReceiverCredentials(spec: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(spec.channels)) return spec;
  return { ...spec, channels: spec.channels.map(hideChannelCredentials) };
}

const COMPLETIONS: Record<string, Partial<KindDefinition>> = {
  Route: { references: ROUTE_REFERENCES },
  // Channels carry credentials: webhook URLs with tokens, routing keys, SMTP passwords.
  Receiver: { references: RECEIVER_REFERENCES, hideCredentials: hideReceiverCredentials },
  RecurringSilence: { references: RECURRING_SILENCE_REFERENCES },
};

/**
 * The alerting kinds as the server runs them: the model's definitions plus the references checked
 * across documents and the credentials hidden from readers below editor.
 */
export const ALERT_KINDS: readonly KindDefinition[] = MODEL_KINDS.map((definition) => ({
  ...definition,
  ...COMPLETIONS[definition.kind],
}));
