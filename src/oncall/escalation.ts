import { parseDuration } from "../core/duration.js";
import type { ChannelSpec } from "../notify/model.js";
import type { EscalationLevel, EscalationPolicySpec, ScheduleSpec, UserSpec } from "./model.js";
import { onCallAt } from "./schedule.js";
import { isWithinWeeklyHours } from "./working-hours.js";

/**
 * Where a page goes next under its EscalationPolicy: whom a level reaches, who is skipped and
 * why, when the next level is due and when the policy is exhausted. Plain data and `now` in.
 */

/** The objects escalation reads, by name; undefined when there is no such object. */
export interface EscalationLookups {
  schedule(name: string): ScheduleSpec | undefined;
  user(name: string): UserSpec | undefined;
  /** A Receiver's channels. */
  receiverChannels(name: string): readonly ChannelSpec[] | undefined;
}

/** A level (0-based) within a round (0-based; round r > 0 is the r-th repeat). */
export interface PagePosition {
  level: number;
  round: number;
}

export interface EscalationContact {
  /** The user's name, or `receiver:<name>` for a receiver's channels. */
  recipient: string;
  /** Set when the contact is a person. */
  user?: string;
  /** How the level reached them: `user`, `schedule:<name>` or `receiver:<name>`. */
  via: string;
  channel: ChannelSpec;
  /** The channel's index within the user's contact methods or the receiver's channels. */
  channelIndex: number;
}

export interface EscalationSkip {
  /** The user's name, or the target (`schedule:<name>`, `receiver:<name>`) when there is nobody. */
  recipient: string;
  user?: string;
  via: string;
  reason: string;
}

export interface LevelAttempt extends PagePosition {
  contacts: EscalationContact[];
  skipped: EscalationSkip[];
}

export type EscalationStep =
  /** Notify `attempt.contacts` now; the level after is due at `nextAt`. `passed`: levels with nobody to notify. */
  | { outcome: "notify"; attempt: LevelAttempt; nextAt: number; passed: LevelAttempt[] }
  /** Every level of every round is done (or had nobody to notify). */
  | { outcome: "exhausted"; passed: LevelAttempt[] };

/** The level after `position`: the next one, or the first of the next round while repeats remain. */
export function nextPosition(policy: EscalationPolicySpec, position: PagePosition): PagePosition | undefined {
  if (position.level + 1 < policy.levels.length) return { level: position.level + 1, round: position.round };
  if (position.round < policy.repeat) return { level: 0, round: position.round + 1 };
  return undefined;
}

/**
 * The step that notifies `from`, or, when nobody at that level can be notified (everyone
 * skipped, nobody on call), the first level after it that has someone; exhausted when none has.
 */
export function computeEscalationStep(
  policy: EscalationPolicySpec,
  from: PagePosition | undefined,
  now: number,
  lookups: EscalationLookups,
): EscalationStep {
  const passed: LevelAttempt[] = [];
  for (let position = from; position; position = nextPosition(policy, position)) {
    const level = policy.levels[position.level];
    if (!level) break;
    const attempt = resolveLevel(level, position, now, lookups);
    if (attempt.contacts.length > 0) {
      return { outcome: "notify", attempt, nextAt: now + (parseDuration(level.timeout) ?? 300_000), passed };
    }
    passed.push(attempt);
  }
  return { outcome: "exhausted", passed };
}

/** Whom one level reaches at `now`, each person once, and whom it skips. */
export function resolveLevel(
  level: EscalationLevel,
  position: PagePosition,
  now: number,
  lookups: EscalationLookups,
): LevelAttempt {
  const attempt: LevelAttempt = { ...position, contacts: [], skipped: [] };
  const seen = new Set<string>();
  const addUser = (name: string, via: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const user = lookups.user(name);
    const skip = (reason: string) => attempt.skipped.push({ recipient: name, user: name, via, reason });
    if (!user) return skip(`no User named "${name}"`);
    if (level.onlyWorkingHours && !isWithinWeeklyHours(user.workingHours, user.timeZone, now))
      return skip(`outside working hours (${describeLocalTime(user.timeZone, now)})`);
    if (user.contactMethods.length === 0) return skip("no contact methods");
    user.contactMethods.forEach((channel, channelIndex) => {
      attempt.contacts.push({ recipient: name, user: name, via, channel, channelIndex });
    });
  };
  for (const target of level.targets) {
    if ("user" in target) addUser(target.user, "user");
    else if ("schedule" in target) {
      const via = `schedule:${target.schedule}`;
      const schedule = lookups.schedule(target.schedule);
      const onCall = schedule && onCallAt(schedule, now);
      if (onCall) addUser(onCall.user, via);
      else
        attempt.skipped.push({
          recipient: via,
          via,
          reason: schedule ? "nobody is on call" : `no Schedule named "${target.schedule}"`,
        });
    } else {
      const via = `receiver:${target.receiver}`;
      if (seen.has(via)) continue;
      seen.add(via);
      const channels = lookups.receiverChannels(target.receiver);
      if (!channels || channels.length === 0) {
        const reason = channels ? "the Receiver has no channels" : `no Receiver named "${target.receiver}"`;
        attempt.skipped.push({ recipient: via, via, reason });
        continue;
      }
      channels.forEach((channel, channelIndex) => {
        attempt.contacts.push({ recipient: via, via, channel, channelIndex });
      });
    }
  }
  return attempt;
}

/** `Monday 21:00 in Asia/Tokyo`, for the reason a person was skipped. */
export function describeLocalTime(zone: string, at: number): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
  return `${text} in ${zone}`;
}
