import { type CompiledMatcher, compileMatchers, labelValue, matchesAll, parseMatcher } from "./matchers.js";
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

interface CompiledRule {
  source: readonly CompiledMatcher[];
  target: readonly CompiledMatcher[];
  equal: readonly string[];
  /** The firing alerts matching the source, by their `equal` values. */
  sources: Map<string, FiringAlert[]>;
}

/**
 * `firing` is every alert firing now (resolved ones must be left out by the caller: only firing
 * sources inhibit). Built once per change of rules or alerts, then asked for each alert.
 */
export function createInhibitor(
  rules: readonly { name: string; spec: InhibitRuleSpec }[],
  firing: readonly FiringAlert[],
): Inhibitor {
  const compiled = rules.map(({ name, spec }): CompiledRule => {
    const rule: CompiledRule = {
      source: compileMatchers(spec.sourceMatchers.map((text) => parsed(name, text))),
      target: compileMatchers(spec.targetMatchers.map((text) => parsed(name, text))),
      equal: spec.equal,
      sources: new Map(),
    };
    for (const alert of firing) {
      if (!matchesAll(rule.source, alert.labels)) continue;
      const key = equalKey(rule.equal, alert.labels);
      const same = rule.sources.get(key);
      if (same) same.push(alert);
      else rule.sources.set(key, [alert]);
    }
    return rule;
  });

  return {
    inhibitedBy(alert) {
      const by = new Set<string>();
      for (const rule of compiled) {
        if (!matchesAll(rule.target, alert.labels)) continue;
        // An alert that is both source and target is not muted by others that are both too:
        // otherwise two such alerts would mute each other and neither would be heard.
        const twoSided = matchesAll(rule.source, alert.labels);
        for (const source of rule.sources.get(equalKey(rule.equal, alert.labels)) ?? []) {
          if (source.fingerprint === alert.fingerprint) continue;
          if (twoSided && matchesAll(rule.target, source.labels)) continue;
          by.add(source.fingerprint);
        }
      }
      return [...by];
    },
  };
}

/** The `equal` labels' values, missing ones as "", so a label absent on both sides is equal. */
const equalKey = (equal: readonly string[], labels: Readonly<LabelSet>) =>
  JSON.stringify(equal.map((name) => labelValue(labels, name)));

function parsed(rule: string, text: string) {
  const result = parseMatcher(text);
  // The kind's schema parsed every matcher before the object was stored.
  if (!result.ok) throw new Error(`inhibit rule ${rule}: ${result.error}`);
  return result.value;
}
