import type { CompiledMatcher } from "./matchers.js";
import type { LabelSet, RouteSpec } from "./model.js";

/** A route's settings after inheritance from its parents (Alertmanager's defaults at the root). */
export interface RouteOptions {
  receiver: string;
  /** `all` for `groupBy: ["..."]`; otherwise the label names, in the order written. */
  groupBy: readonly string[] | "all";
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  muteTimeIntervals: readonly string[];
  activeTimeIntervals: readonly string[];
}

export interface RouteNode {
  /** Stable while the config is: Alertmanager's route key, `{}/{service="checkout"}/0`. */
  key: string;
  /** The Route object it came from; empty for the implicit root. */
  objectName: string;
  matchers: readonly CompiledMatcher[];
  continue: boolean;
  options: RouteOptions;
  children: readonly RouteNode[];
}

export const DEFAULT_GROUP_WAIT_MS = 30_000;
export const DEFAULT_GROUP_INTERVAL_MS = 5 * 60_000;
export const DEFAULT_REPEAT_INTERVAL_MS = 4 * 3_600_000;

/**
 * The tree of every Route object under one implicit root that matches every alert and has no
 * receiver of its own; the objects are its children in name order.
 */
export function buildRouteTree(routes: readonly { name: string; spec: RouteSpec }[]): RouteNode {
  void routes;
  throw new Error("not implemented yet");
}

/**
 * The routes an alert goes to, with Alertmanager's semantics: depth first, the first matching child
 * wins unless it has `continue`; a node whose children all fail to match takes the alert itself.
 * The implicit root never takes an alert: an alert that matches no Route object goes nowhere.
 */
export function matchRoutes(root: RouteNode, labels: Readonly<LabelSet>): RouteNode[] {
  void root;
  void labels;
  throw new Error("not implemented yet");
}

/** The labels that name an alert's group on a route (all of them for `...`). */
export function groupLabelsOf(route: RouteNode, labels: Readonly<LabelSet>): LabelSet {
  void route;
  void labels;
  throw new Error("not implemented yet");
}

/** Alertmanager's group key: `<route key>:<group labels>`, such as `{}/{severity="page"}:{service="checkout"}`. */
export function groupKeyOf(route: RouteNode, groupLabels: Readonly<LabelSet>): string {
  void route;
  void groupLabels;
  throw new Error("not implemented yet");
}
