import { RE2JS } from "re2js";
import { invalid } from "../core/errors.js";
import { type CompiledMatcher, compileMatchers, describeRegexProblem, matchesAll, parseMatchers } from "./matchers.js";
import type { LabelSet } from "./model.js";
import type { AlertStatus } from "./pipeline.js";

/** API v2's alert filters: which states to include, label matchers, and a regex over receiver names. */
export interface AlertFilter {
  active: boolean;
  silenced: boolean;
  inhibited: boolean;
  unprocessed: boolean;
  matchers: CompiledMatcher[];
  receiver?: RE2JS | undefined;
}

/** `filter=` values (each a matcher or a list of them) and `receiver=`, or a 400 saying which is wrong. */
export function parseAlertFilter(
  options: { active: boolean; silenced: boolean; inhibited: boolean; unprocessed: boolean },
  filters: readonly string[],
  receiver: string | undefined,
): AlertFilter {
  const matchers = filters.flatMap((text) => {
    const parsed = parseMatchers(text);
    if (!parsed.ok) throw invalid(`bad matcher format: ${parsed.error}`);
    return parsed.value;
  });
  if (receiver !== undefined) {
    const problem = describeRegexProblem(receiver);
    if (problem) throw invalid(`failed to parse receiver param: ${problem}`);
  }
  return {
    ...options,
    matchers: compileMatchers(matchers),
    receiver: receiver === undefined ? undefined : RE2JS.compile(`^(?:${receiver})$`),
  };
}

/** Alertmanager's `alertFilter`: states first, then the receivers, then the labels. */
export function matchesAlertFilter(filter: AlertFilter, labels: Readonly<LabelSet>, status: AlertStatus): boolean {
  if (!filter.active && status.state === "active") return false;
  if (!filter.unprocessed && status.state === "unprocessed") return false;
  if (!filter.silenced && status.silencedBy.length > 0) return false;
  if (!filter.inhibited && status.inhibitedBy.length > 0) return false;
  const receiver = filter.receiver;
  if (receiver && !status.receivers.some((name) => receiver.matches(name))) return false;
  return matchesAll(filter.matchers, labels);
}
