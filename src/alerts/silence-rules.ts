import { compileMatcher, describeRegexProblem, isLabelName, type Matcher } from "./matchers.js";
import { type LabelSet, type Silence, silenceState } from "./model.js";

/** A silence as API v2 posts it: with an id to change that silence, without one to make a new one. */
export interface PostedSilence {
  id?: string | undefined;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  annotations: LabelSet;
}

/**
 * Why Alertmanager would refuse this silence (its API and `silences.Set` checks, with its
 * messages), or undefined: matchers required, label names and RE2 regular expressions valid, not
 * every matcher matching the empty string (that silences every alert), a start before the end,
 * and an end not already past.
 */
export function describeSilenceProblem(silence: PostedSilence, now: number): string | undefined {
  if (silence.matchers.length === 0) return "silence invalid: at least one matcher required";
  for (const [index, matcher] of silence.matchers.entries()) {
    if (!isLabelName(matcher.name))
      return `silence invalid: invalid label matcher ${index}: invalid label name "${matcher.name}"`;
    if (matcher.type === "=~" || matcher.type === "!~") {
      const problem = describeRegexProblem(matcher.value);
      if (problem) return `silence invalid: invalid label matcher ${index}: ${problem}`;
    }
  }
  if (silence.matchers.every((matcher) => compileMatcher(matcher).matches({})))
    return "silence invalid: at least one matcher must not match the empty string";
  if (silence.startsAt >= silence.endsAt) return "Failed to create silence: start time must be before end time";
  if (silence.endsAt < now) return "Failed to create silence: end time can't be in the past";
  return undefined;
}

const sameMatchers = (a: readonly Matcher[], b: readonly Matcher[]) =>
  a.length === b.length &&
  a.every((matcher, index) => {
    const other = b[index] as Matcher;
    return matcher.name === other.name && matcher.type === other.type && matcher.value === other.value;
  });

/**
 * Whether a post changes `previous` in place (Alertmanager's `canUpdate`): the same matchers, and
 * for an active silence the same start and an end not past, for a pending one a start not past.
 * Otherwise the previous silence is expired and a new one, with a new id, takes its place.
 */
export function canUpdateSilence(previous: Silence, next: PostedSilence, now: number): boolean {
  if (!sameMatchers(previous.matchers, next.matchers)) return false;
  switch (silenceState(previous, now)) {
    case "active":
      return next.startsAt === previous.startsAt && next.endsAt >= now;
    case "pending":
      return next.startsAt >= now;
    case "expired":
      return false;
  }
}

/** The silence ended now: an active one ends, a pending one starts and ends now (Alertmanager's `expire`). */
export function expiredSilence(silence: Silence, now: number): Silence {
  const state = silenceState(silence, now);
  return {
    ...silence,
    ...(state === "pending" && { startsAt: now }),
    endsAt: now,
    updatedAt: now,
  };
}
