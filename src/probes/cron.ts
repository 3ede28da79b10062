import { Cron } from "croner";

// Parsing a pattern costs far more than asking it for a run; schedules are few and reused.
const cache = new Map<string, Cron>();
const CACHE_LIMIT = 1000;

function findCron(expression: string, timeZone: string): Cron {
  const key = `${timeZone} ${expression}`;
  let cron = cache.get(key);
  if (!cron) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cron = new Cron(expression, { timezone: timeZone });
    cache.set(key, cron);
  }
  return cron;
}

/** The first occurrence strictly after `after` (epoch ms), or undefined when the pattern has no more. */
export function findNextOccurrence(expression: string, timeZone: string, after: number): number | undefined {
  return findCron(expression, timeZone).nextRun(new Date(after))?.getTime();
}

/** The last occurrence at or before `at` (epoch ms). */
export function findLastOccurrence(expression: string, timeZone: string, at: number): number | undefined {
  return findCron(expression, timeZone)
    .previousRuns(1, new Date(at + 1))[0]
    ?.getTime();
}
