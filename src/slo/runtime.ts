import { isRecord } from "../config/describe-value.js";
import type { StoredObject } from "../config/objects.js";
import { type BurnTier, scaleTiers, tiersFromConditions, windowsNeeded } from "./burn-alerts.js";
import { type IndicatorPlans, planIndicators } from "./indicators.js";
import type { AlertConditionSpec, AlertPolicySpec, Objective, SloSpec } from "./model.js";
import type { WindowDef } from "./series-state.js";
import { timeSliceMinutes } from "./timeslices.js";
import { BURN_WINDOWS } from "./views.js";
import { describeWindowProblem, fixedMinutes, type WindowSpec, windowAt } from "./windows.js";

/**
 * An SLO compiled for evaluation: its streams, the windows every series keeps a running sum of
 * (0: the SLO window, then 5m ... 3d, then the lookbacks of its alert conditions), its alert tiers
 * and where their alerts go. Built from stored objects; a problem becomes `error`, never a throw.
 */

export interface AlertRoute {
  tier: BurnTier;
  /** Webhook URLs of the tier's notification targets. */
  targets: string[];
  whenBreaching: boolean;
  whenResolved: boolean;
  whenNoData: boolean;
}

export interface ObjectiveRuntime {
  index: number;
  name: string;
  target: number;
  objective: Objective;
  stream: string;
  /** With Timeslices or RatioTimeslices, the length of a slice and the derived stream of slices. */
  slice: { minutes: number; stream: string; method: "Timeslices" | "RatioTimeslices"; target?: number } | null;
}

export interface SloRuntime {
  name: string;
  object: StoredObject;
  spec: SloSpec;
  displayName: string | null;
  window: WindowSpec;
  windowMinutes: number;
  windows: WindowDef[];
  windowIndex: Map<string, number>;
  plans: IndicatorPlans;
  objectives: ObjectiveRuntime[];
  groupBy: string[];
  routes: AlertRoute[];
  error: string | null;
}

export type ObjectLookup = (kind: string, name: string) => StoredObject | undefined;

export const targetOf = (objective: Objective): number =>
  objective.target ?? (objective.targetPercent !== undefined ? objective.targetPercent / 100 : 0);

const isUrl = (text: string) => /^https?:\/\//.test(text);

function targetsOf(policy: AlertPolicySpec, lookup: ObjectLookup): string[] {
  return policy.notificationTargets.flatMap((item) => {
    const spec = "targetRef" in item ? lookup("AlertNotificationTarget", item.targetRef)?.spec : item.spec;
    const target = isRecord(spec) && typeof spec.target === "string" ? spec.target : "";
    return isUrl(target) ? [target] : [];
  });
}

function routesOf(spec: SloSpec, windowMinutes: number, lookup: ObjectLookup, defaultTargets: string[]): AlertRoute[] {
  const policies = (spec.alertPolicies ?? []).flatMap((item) => {
    if ("alertPolicyRef" in item) {
      const found = lookup("AlertPolicy", item.alertPolicyRef);
      return found ? [found.spec as unknown as AlertPolicySpec] : [];
    }
    return [item.spec as AlertPolicySpec];
  });
  if (policies.length === 0) {
    const tiers = scaleTiers(windowMinutes, (spec as { burnRateAlerts?: never }).burnRateAlerts);
    return tiers.map((tier) => ({
      tier,
      targets: defaultTargets,
      whenBreaching: true,
      whenResolved: true,
      whenNoData: false,
    }));
  }
  return policies.flatMap((policy) => {
    const conditions = policy.conditions.flatMap((item) => {
      if ("conditionRef" in item) {
        const found = lookup("AlertCondition", item.conditionRef);
        return found ? [{ name: item.conditionRef, spec: found.spec as unknown as AlertConditionSpec }] : [];
      }
      return [{ name: item.metadata.name, spec: item.spec as AlertConditionSpec }];
    });
    return tiersFromConditions(conditions).map((tier) => ({
      tier,
      targets: targetsOf(policy, lookup),
      whenBreaching: policy.alertWhenBreaching,
      whenResolved: policy.alertWhenResolved,
      whenNoData: policy.alertWhenNoData,
    }));
  });
}

export function compileSlo(
  object: StoredObject,
  lookup: ObjectLookup,
  defaultTargets: string[],
  now: number,
): SloRuntime {
  const spec = object.spec as unknown as SloSpec;
  const window = (spec.timeWindow?.[0] ?? { duration: "28d", isRolling: true }) as WindowSpec;
  const base = {
    name: object.metadata.name,
    object,
    spec,
    displayName: object.metadata.displayName ?? null,
    window,
    groupBy: (spec as { groupBy?: string[] }).groupBy ?? [],
  };
  const broken = (error: string): SloRuntime => ({
    ...base,
    windowMinutes: 0,
    windows: [],
    windowIndex: new Map(),
    plans: { ok: false, error },
    objectives: [],
    routes: [],
    error,
  });
  const problem = describeWindowProblem(window);
  if (problem) return broken(`time window: ${problem}`);
  const windowMinutes = windowAt(window, now).minutes;
  const plans = planIndicators(object.metadata.name, spec, (kind, name) => lookup(kind, name));
  if (!plans.ok) return broken(plans.error);
  let routes: AlertRoute[];
  try {
    routes = routesOf(spec, windowMinutes, lookup, defaultTargets);
  } catch (error) {
    return broken(`alerts: ${(error as Error).message}`);
  }
  const windowNames = [...new Set([...BURN_WINDOWS, ...windowsNeeded(routes.map((route) => route.tier))])];
  const windows: WindowDef[] = [
    { minutes: window.isRolling ? windowMinutes : 0, calendar: !window.isRolling },
    ...windowNames.map((name) => ({ minutes: fixedMinutes(name) as number, calendar: false })),
  ];
  const windowIndex = new Map<string, number>([
    ["window", 0],
    ...windowNames.map((name, index) => [name, index + 1] as [string, number]),
  ]);
  const objectives = (spec.objectives as Objective[]).map((objective, index): ObjectiveRuntime => {
    const method = spec.budgetingMethod;
    const stream = plans.streamOf(index);
    const sliceMinutes =
      objective.timeSliceWindow !== undefined ? timeSliceMinutes(objective.timeSliceWindow) : undefined;
    const slice =
      method !== "Occurrences" && sliceMinutes
        ? {
            minutes: sliceMinutes,
            stream: `slices-${index}`,
            method,
            ...(objective.timeSliceTarget !== undefined ? { target: objective.timeSliceTarget } : {}),
          }
        : null;
    return {
      index,
      name: objective.displayName ?? `objective-${index}`,
      target: targetOf(objective),
      objective,
      stream,
      slice,
    };
  });
  return { ...base, windowMinutes, windows, windowIndex, plans, objectives, routes, error: null };
}

/** The streams whose series hold counts for this SLO: indicator streams and slice streams. */
export function streamsOf(slo: SloRuntime): string[] {
  const streams = new Set<string>();
  if (slo.plans.ok) for (const plan of slo.plans.streams) streams.add(plan.stream);
  for (const objective of slo.objectives) if (objective.slice) streams.add(objective.slice.stream);
  return [...streams];
}

/** The stream an objective's numbers are read from: its slices when sliced, else its indicator. */
export const evaluatedStream = (objective: ObjectiveRuntime) => objective.slice?.stream ?? objective.stream;
