import type { Store } from "../store/database.js";
import { computeBudget, computeSli } from "./budget.js";
import { evaluatedStream, type SloRuntime } from "./runtime.js";
import { readHours } from "./store.js";
import type { SloHistoryView } from "./views.js";
import { HOUR_MS, windowAt } from "./windows.js";

/**
 * An objective's history from the stored hours: the SLI in each bucket, and at each bucket's end
 * the SLI and remaining budget over the SLO window ending there (rolling) or since the period
 * began (calendar, with the ideal line of an evenly spent budget).
 */
export async function readSloHistory(
  store: Store,
  slo: SloRuntime,
  seriesIdOf: (stream: string) => number | undefined,
  input: { objective: number; from: number; to: number; stepMs: number; now: number },
  /** The counts of the hour still open (held in memory until it ends), for the stream. */
  openHourOf?: (stream: string) => { good: number; total: number } | undefined,
): Promise<SloHistoryView> {
  const objective = slo.objectives[input.objective];
  const points: SloHistoryView["points"] = [];
  const seriesId = objective ? seriesIdOf(evaluatedStream(objective)) : undefined;
  if (!objective || seriesId === undefined || slo.windowMinutes === 0) {
    return { slo: slo.name, objective: input.objective, stepMs: input.stepMs, points };
  }
  const windowHours = Math.ceil(slo.windowMinutes / 60);
  const fromHour = Math.floor(input.from / HOUR_MS);
  const toHour = Math.ceil(input.to / HOUR_MS);
  const rows = await readHours(store, seriesId, fromHour - windowHours, toHour);
  const byHour = new Map(rows.map((row) => [row.hour, row]));
  const openHour = Math.floor(input.now / HOUR_MS);
  const open = openHourOf?.(evaluatedStream(objective));
  if (open) byHour.set(openHour, { hour: openHour, ...open });
  // Prefix sums over hours make every trailing window one subtraction.
  const firstHour = fromHour - windowHours;
  const good = new Float64Array(toHour - firstHour + 1);
  const total = new Float64Array(toHour - firstHour + 1);
  for (let hour = firstHour; hour < toHour; hour++) {
    const row = byHour.get(hour);
    const index = hour - firstHour;
    good[index + 1] = (good[index] as number) + (row?.good ?? 0);
    total[index + 1] = (total[index] as number) + (row?.total ?? 0);
  }
  const sumBetween = (startHour: number, endHour: number) => {
    const a = Math.max(0, startHour - firstHour);
    const b = Math.max(0, endHour - firstHour);
    return { good: (good[b] as number) - (good[a] as number), total: (total[b] as number) - (total[a] as number) };
  };
  const stepHours = Math.max(1, Math.round(input.stepMs / HOUR_MS));
  const unit = objective.slice ? "slices" : "events";
  for (let end = fromHour + stepHours; end <= toHour; end += stepHours) {
    const at = end * HOUR_MS;
    let windowStart = end - windowHours;
    let ideal: number | null = null;
    if (!slo.window.isRolling) {
      const period = windowAt(slo.window, at - 1);
      windowStart = Math.floor(period.start / HOUR_MS);
      ideal = 1 - (at - period.start) / (period.end - period.start);
    }
    const window = sumBetween(windowStart, end);
    const budget = computeBudget(objective.target, unit, slo.windowMinutes, window);
    points.push({
      t: Math.min(at, input.now),
      sli: computeSli(sumBetween(end - stepHours, end)),
      windowSli: computeSli(window),
      budgetRemaining: budget.remainingRatio,
      ideal,
    });
  }
  return { slo: slo.name, objective: input.objective, stepMs: stepHours * HOUR_MS, points };
}
