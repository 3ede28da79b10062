import type { TeamSpec, UserSpec, WeeklyHours } from "./model.js";
import { isWithinWeeklyHours } from "./working-hours.js";

/** A page as the health report reads it; instants in epoch ms. */
export interface PageRecord {
  id: number;
  createdAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  /** Everyone the page reached, each time it did. */
  notified: readonly { user: string; at: number }[];
  acknowledgedBy: string | null;
}

/** A person as the report needs them: where they live, when they work, which teams they are in. */
export interface OnCallPerson {
  name: string;
  timeZone: string;
  workingHours: WeeklyHours;
  teams: readonly string[];
}

export interface ResponseTimes {
  /** How many pages the times are over. */
  count: number;
  medianMs: number | null;
  meanMs: number | null;
}

export interface OnCallLoad {
  pages: number;
  pagesPerWeek: number;
  /** Pages that first reached the person (for a team: one of its members) outside their working hours. */
  outsideWorkingHours: number;
  /** From the page's creation to its acknowledgement. */
  timeToAcknowledge: ResponseTimes;
  /** From the page's creation to its resolution. */
  timeToResolve: ResponseTimes;
}

export interface OnCallHealth {
  from: number;
  to: number;
  people: (OnCallLoad & { user: string })[];
  teams: (OnCallLoad & { team: string })[];
}

const WEEK_MS = 7 * 86_400_000;

/** The people of the report from the User and Team objects. */
export function toOnCallPeople(
  users: readonly { name: string; spec: UserSpec }[],
  teams: readonly { name: string; spec: TeamSpec }[],
): OnCallPerson[] {
  return users.map(({ name, spec }) => ({
    name,
    timeZone: spec.timeZone,
    workingHours: spec.workingHours,
    teams: teams.filter((team) => team.spec.members.some((member) => member.user === name)).map((team) => team.name),
  }));
}

export function summarizeTimes(samples: readonly number[]): ResponseTimes {
  if (samples.length === 0) return { count: 0, medianMs: null, meanMs: null };
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    count: sorted.length,
    medianMs: median,
    meanMs: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

/** When the page first reached each person. */
function firstNotifications(page: PageRecord): Map<string, number> {
  const first = new Map<string, number>();
  for (const { user, at } of page.notified) first.set(user, Math.min(at, first.get(user) ?? at));
  return first;
}

interface Tally {
  pages: number;
  outside: number;
  acknowledge: number[];
  resolve: number[];
}

const emptyTally = (): Tally => ({ pages: 0, outside: 0, acknowledge: [], resolve: [] });

/**
 * How hard on-call is on people and teams over `[from, to)`, from the pages created then: how
 * many reached each, how many of those reached them outside their working hours (in their own
 * zone), and how fast pages were acknowledged and resolved. A person's times are over the pages
 * they acknowledged; a team's over every page that reached one of its members.
 */
export function computeOnCallHealth(
  pages: readonly PageRecord[],
  users: readonly OnCallPerson[],
  from: number,
  to: number,
): OnCallHealth {
  const people = new Map(users.map((user) => [user.name, user]));
  const byPerson = new Map<string, Tally>(users.map((user) => [user.name, emptyTally()]));
  const byTeam = new Map<string, Tally>(users.flatMap((user) => user.teams.map((team) => [team, emptyTally()])));
  const tallyOf = (map: Map<string, Tally>, key: string) => {
    let tally = map.get(key);
    if (!tally) {
      tally = emptyTally();
      map.set(key, tally);
    }
    return tally;
  };

  for (const page of pages) {
    if (page.createdAt < from || page.createdAt >= to) continue;
    const acknowledged = page.acknowledgedAt === null ? undefined : page.acknowledgedAt - page.createdAt;
    const resolved = page.resolvedAt === null ? undefined : page.resolvedAt - page.createdAt;
    const teams = new Map<string, boolean>();
    for (const [name, at] of firstNotifications(page)) {
      const person = people.get(name);
      // Someone since deleted still counts; without their hours, never as "outside".
      const outside = person ? !isWithinWeeklyHours(person.workingHours, person.timeZone, at) : false;
      const tally = tallyOf(byPerson, name);
      tally.pages += 1;
      if (outside) tally.outside += 1;
      if (page.acknowledgedBy === name) {
        if (acknowledged !== undefined) tally.acknowledge.push(acknowledged);
        if (resolved !== undefined) tally.resolve.push(resolved);
      }
      for (const team of person?.teams ?? []) teams.set(team, (teams.get(team) ?? false) || outside);
    }
    for (const [team, outside] of teams) {
      const tally = tallyOf(byTeam, team);
      tally.pages += 1;
      if (outside) tally.outside += 1;
      if (acknowledged !== undefined) tally.acknowledge.push(acknowledged);
      if (resolved !== undefined) tally.resolve.push(resolved);
    }
  }

  const weeks = Math.max(to - from, 1) / WEEK_MS;
  const loadOf = (tally: Tally): OnCallLoad => ({
    pages: tally.pages,
    pagesPerWeek: tally.pages / weeks,
    outsideWorkingHours: tally.outside,
    timeToAcknowledge: summarizeTimes(tally.acknowledge),
    timeToResolve: summarizeTimes(tally.resolve),
  });
  const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => a.localeCompare(b));
  return {
    from,
    to,
    people: sorted(byPerson).map(([user, tally]) => ({ user, ...loadOf(tally) })),
    teams: sorted(byTeam).map(([team, tally]) => ({ team, ...loadOf(tally) })),
  };
}
