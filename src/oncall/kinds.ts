import type { KindDefinition } from "../config/kinds.js";
import { hideChannelCredentials } from "../notify/channel-credentials.js";
import { SECRET_REFERENCES } from "../secrets/references.js";
import { ONCALL_KINDS as MODEL_KINDS } from "./model.js";
import { ESCALATION_POLICY_REFERENCES, SCHEDULE_REFERENCES, TEAM_REFERENCES } from "./references.js";

/** A User as readers below editor see it: contact methods without their plain credentials. */
export function hideUserCredentials(spec: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(spec.contactMethods)) return spec;
  return { ...spec, contactMethods: spec.contactMethods.map(hideChannelCredentials) };
}

const COMPLETIONS: Record<string, Partial<KindDefinition>> = {
  // Contact methods may name Secrets (an SMTP password, a webhook URL with its token).
  User: { references: SECRET_REFERENCES, hideCredentials: hideUserCredentials },
  Team: { references: TEAM_REFERENCES },
  Schedule: { references: SCHEDULE_REFERENCES },
  EscalationPolicy: { references: ESCALATION_POLICY_REFERENCES },
};

/**
 * The on-call kinds as the server runs them: the model's definitions plus the references checked
 * across documents and the credentials hidden from readers below editor.
 */
export const ONCALL_KINDS: readonly KindDefinition[] = MODEL_KINDS.map((definition) => ({
  ...definition,
  ...COMPLETIONS[definition.kind],
}));
