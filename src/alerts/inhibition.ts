import type { InhibitRuleSpec, LabelSet } from "./model.js";

export interface FiringAlert {
  fingerprint: string;
  labels: Readonly<LabelSet>;
}

export interface Inhibitor {
  /**
   * The fingerprints of firing alerts that inhibit this one (Alertmanager's semantics: a firing
   * source alert, the target matchers on this alert, every `equal` label the same in both, where a
   * label missing from both counts as equal; an alert never inhibits itself).
   */
  inhibitedBy(alert: FiringAlert): string[];
}

export function createInhibitor(
  rules: readonly { name: string; spec: InhibitRuleSpec }[],
  firing: readonly FiringAlert[],
): Inhibitor {
  void rules;
  void firing;
  throw new Error("not implemented yet");
}
