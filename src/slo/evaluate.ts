import { computeObjective, NO_SUMS, type Sums } from "./budget.js";
import { combineObjectives } from "./composite.js";
import { evaluatedStream, type ObjectiveRuntime, type SloRuntime } from "./runtime.js";
import type { SeriesState } from "./series-state.js";
import { labelsKey } from "./store.js";
import { BURN_WINDOWS, type BurnWindow, type GroupView, type ObjectiveView, type SloStatus } from "./views.js";
import { windowAt } from "./windows.js";

/**
 * The numbers of an SLO from its series' running sums: per group and objective, through
 * `budget.ts`. Pure given the states; the engine calls it every cycle and serves the result.
 */

/** The state of the series `(stream, labels)` of an SLO, if it has one. */
export type SeriesLookup = (stream: string, labelsKey: string) => SeriesState | undefined;

export interface Evaluated {
  groups: (GroupView & { key: string; composite: ObjectiveView | null })[];
  lastDataMinute: number;
}

/** Each window's sums of a series, by name (`window`, `5m` ... and alert lookbacks). */
export function sumsByWindow(slo: SloRuntime, state: SeriesState | undefined): (name: string) => Sums {
  return (name) => {
    const index = slo.windowIndex.get(name);
    return state && index !== undefined ? state.sumsOf(index) : NO_SUMS;
  };
}

function objectiveView(
  slo: SloRuntime,
  objective: ObjectiveRuntime,
  state: SeriesState | undefined,
  now: number,
): ObjectiveView {
  const sums = sumsByWindow(slo, state);
  const burn = Object.fromEntries(BURN_WINDOWS.map((window) => [window, sums(window)])) as Record<BurnWindow, Sums>;
  const numbers = computeObjective({
    target: objective.target,
    unit: objective.slice ? "slices" : "events",
    windowMinutes: slo.windowMinutes,
    window: sums("window"),
    now5m: sums("5m"),
    burn,
    now,
  });
  const window = sums("window");
  const status: SloStatus = window.total <= 0 ? "no-data" : numbers.exhausted ? "exhausted" : "ok";
  return {
    index: objective.index,
    name: objective.name,
    target: objective.target,
    op: objective.objective.op ?? null,
    value: objective.objective.value ?? null,
    compositeWeight: objective.objective.compositeWeight ?? null,
    sli: numbers.sli,
    good: window.good,
    total: window.total,
    budget: numbers.budget,
    burnRates: numbers.burnRates,
    exhaustsAt: numbers.exhaustsAt,
    status,
  };
}

/** How much at risk an objective is: lower is worse. No data sorts after every measured one. */
export function riskOf(objective: Pick<ObjectiveView, "budget" | "status">): number {
  if (objective.status === "no-data") return Number.POSITIVE_INFINITY;
  return objective.budget.remainingRatio ?? Number.POSITIVE_INFINITY;
}

const worstStatus = (statuses: SloStatus[]): SloStatus => {
  const order: SloStatus[] = ["error", "exhausted", "burning", "warning", "ok", "no-data"];
  for (const status of order) if (statuses.includes(status)) return status;
  return "no-data";
};

const NO_LABELS_KEY = "{}";
/** Group labels from their key; the SLOs without groupBy (most) need no parse. */
function labelsOf(key: string): Record<string, string> {
  return key === NO_LABELS_KEY ? {} : (JSON.parse(key) as Record<string, string>);
}

export function evaluateSlo(
  slo: SloRuntime,
  groupKeys: Iterable<string>,
  lookup: SeriesLookup,
  now: number,
): Evaluated {
  let lastDataMinute = -1;
  const keys = [...new Set(groupKeys)];
  if (keys.length === 0) keys.push(labelsKey({}));
  const groups = keys.map((key) => {
    const objectives = slo.objectives.map((objective) => {
      const state = lookup(evaluatedStream(objective), key);
      const raw = lookup(objective.stream, key);
      if (raw && raw.lastDataMinute > lastDataMinute) lastDataMinute = raw.lastDataMinute;
      return objectiveView(slo, objective, state, now);
    });
    const composite = isComposite(slo) ? compositeView(slo, key, lookup, now) : null;
    return {
      key,
      labels: labelsOf(key),
      status: worstStatus([
        ...objectives.map((objective) => objective.status),
        ...(composite ? [composite.status] : []),
      ]),
      objectives,
      composite,
    };
  });
  groups.sort(
    (a, b) => Math.min(...a.objectives.map(riskOf)) - Math.min(...b.objectives.map(riskOf)) || (a.key < b.key ? -1 : 1),
  );
  return { groups, lastDataMinute };
}

const isComposite = (slo: SloRuntime) => !slo.spec.indicator && !slo.spec.indicatorRef && slo.objectives.length > 1;

/**
 * The composite objective of a composite SLO (Occurrences; `composite.ts`). With Timeslices the
 * objectives' slices would have to be lined up into composite slices first: not yet, so a sliced
 * composite shows its objectives only.
 */
function compositeView(slo: SloRuntime, key: string, lookup: SeriesLookup, now: number): ObjectiveView | null {
  if (slo.spec.budgetingMethod !== "Occurrences") return null;
  const parts = slo.objectives.map((objective) => {
    const sums = sumsByWindow(slo, lookup(evaluatedStream(objective), key));
    return {
      weight: objective.objective.compositeWeight ?? 1,
      target: objective.target,
      window: sums("window"),
      now5m: sums("5m"),
      burn: Object.fromEntries(BURN_WINDOWS.map((window) => [window, sums(window)])) as Record<BurnWindow, Sums>,
    };
  });
  const numbers = combineObjectives("Occurrences", parts, { windowMinutes: slo.windowMinutes, now });
  return {
    index: -1,
    name: "composite",
    target: numbers.target,
    op: null,
    value: null,
    compositeWeight: null,
    sli: numbers.sli,
    good: numbers.good,
    total: numbers.total,
    budget: numbers.budget,
    burnRates: numbers.burnRates,
    exhaustsAt: numbers.exhaustsAt,
    status: numbers.total <= 0 ? "no-data" : numbers.exhausted ? "exhausted" : "ok",
  };
}

export function windowView(slo: SloRuntime, now: number) {
  const at = windowAt(slo.window, now);
  return {
    kind: at.kind,
    duration: slo.window.duration,
    timeZone: slo.window.calendar?.timeZone ?? null,
    start: at.start,
    end: at.end,
    minutes: at.minutes,
  };
}

export { worstStatus };
