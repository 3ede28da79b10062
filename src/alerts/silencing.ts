import { type CompiledMatcher, compileMatchers, matchesAll, parseMatcher } from "./matchers.js";
import type { LabelSet, RecurringSilenceSpec, Silence } from "./model.js";
import type { TimeIntervals } from "./time-intervals.js";

export interface Silencer {
  /**
   * Ids of what silences these labels at `at`: active API silences by their id, recurring ones as
   * `recurring/<name>`. An API silence is active from startsAt (inclusive) to endsAt (exclusive).
   */
  silencedBy(labels: Readonly<LabelSet>, at: number): string[];
}

interface CompiledSilence {
  id: string;
  matchers: readonly CompiledMatcher[];
  isActive(at: number): boolean;
}

export const RECURRING_SILENCE_PREFIX = "recurring/";

/**
 * A recurring silence is active while any of its activeTimeIntervals holds, within its startsAt and
 * endsAt when it has them; one without intervals is active from startsAt to endsAt, as an API
 * silence is. Unknown interval names are never active (`TimeIntervals`).
 */
export function createSilencer(
  silences: readonly Silence[],
  recurring: readonly { name: string; spec: RecurringSilenceSpec }[],
  intervals: TimeIntervals,
): Silencer {
  const compiled: CompiledSilence[] = [
    ...silences.map((silence) => ({
      id: silence.id,
      matchers: compileMatchers(silence.matchers),
      isActive: (at: number) => at >= silence.startsAt && at < silence.endsAt,
    })),
    ...recurring.map(({ name, spec }) => {
      const startsAt = spec.startsAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(spec.startsAt);
      const endsAt = spec.endsAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(spec.endsAt);
      return {
        id: `${RECURRING_SILENCE_PREFIX}${name}`,
        matchers: compileMatchers(spec.matchers.map((text) => parsed(name, text))),
        isActive: (at: number) =>
          at >= startsAt &&
          at < endsAt &&
          (spec.activeTimeIntervals.length === 0 ||
            spec.activeTimeIntervals.some((interval) => intervals(interval, at))),
      };
    }),
  ];
  return {
    silencedBy: (labels, at) =>
      compiled.filter((silence) => silence.isActive(at) && matchesAll(silence.matchers, labels)).map(({ id }) => id),
  };
}

function parsed(silence: string, text: string) {
  const result = parseMatcher(text);
  // The kind's schema parsed every matcher before the object was stored.
  if (!result.ok) throw new Error(`recurring silence ${silence}: ${result.error}`);
  return result.value;
}
