import type { LabelSet } from "./model.js";

/**
 * Alertmanager's fingerprint of a label set (`model.LabelSet.Fingerprint`): FNV-1a 64 over the
 * label names in order, each name and value followed by the 0xff separator, as 16 hex digits. Nines
 * computes the same identity, so amtool and Prometheus see the fingerprints they expect.
 */
export function alertFingerprint(labels: Readonly<LabelSet>): string {
  void labels;
  throw new Error("not implemented yet");
}
