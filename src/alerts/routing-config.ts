import { selectObjectsOfKind } from "../config/kind-queries.js";
import { fromJson } from "../store/json.js";
import type { Store } from "../store/store.js";
import { createInhibitor, type FiringAlert, type Inhibitor } from "./inhibition.js";
import type {
  InhibitRuleSpec,
  ReceiverSpec,
  RecurringSilenceSpec,
  RouteSpec,
  Silence,
  TimeIntervalSpec,
} from "./model.js";
import { buildRouteTree, type RouteNode } from "./routing.js";
import { createSilencer, type Silencer } from "./silencing.js";
import { compileTimeIntervals, type TimeIntervals } from "./time-intervals.js";

/** The kinds the dispatcher reads; a change of any of them rebuilds the routing. */
export const ROUTING_KINDS = ["Route", "Receiver", "InhibitRule", "TimeInterval", "RecurringSilence"] as const;

interface Named<Spec> {
  name: string;
  spec: Spec;
}

/** Everything a flush needs to know about configuration, compiled once per change. */
export interface RoutingConfig {
  tree: RouteNode;
  receivers: ReadonlyMap<string, ReceiverSpec>;
  inhibitRules: readonly Named<InhibitRuleSpec>[];
  recurring: readonly Named<RecurringSilenceSpec>[];
  intervals: TimeIntervals;
}

async function loadKind<Spec>(store: Store, kind: string): Promise<Named<Spec>[]> {
  const rows = await selectObjectsOfKind(store.db, kind).orderBy("objects.name").execute();
  return rows.map((row) => ({ name: row.name, spec: fromJson<Spec>(row.spec) }));
}

export async function loadRoutingConfig(store: Store): Promise<RoutingConfig> {
  const [routes, receivers, inhibitRules, intervals, recurring] = await Promise.all([
    loadKind<RouteSpec>(store, "Route"),
    loadKind<ReceiverSpec>(store, "Receiver"),
    loadKind<InhibitRuleSpec>(store, "InhibitRule"),
    loadKind<TimeIntervalSpec>(store, "TimeInterval"),
    loadKind<RecurringSilenceSpec>(store, "RecurringSilence"),
  ]);
  return {
    tree: buildRouteTree(routes),
    receivers: new Map(receivers.map((receiver) => [receiver.name, receiver.spec])),
    inhibitRules,
    recurring,
    intervals: compileTimeIntervals(intervals),
  };
}

/** Silences and inhibitions as they stand at one instant, for a flush or the API's status. */
export interface Suppression {
  silencer: Silencer;
  inhibitor: Inhibitor;
}

export function buildSuppression(
  config: RoutingConfig,
  silences: readonly Silence[],
  firing: readonly FiringAlert[],
): Suppression {
  return {
    silencer: createSilencer(silences, config.recurring, config.intervals),
    inhibitor: createInhibitor(config.inhibitRules, firing),
  };
}
