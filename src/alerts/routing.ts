import { parseDuration } from "../core/duration.js";
import { formatLabelSet } from "./label-set.js";
import { type CompiledMatcher, compileMatchers, formatMatchers, matchesAll, parseMatcher } from "./matchers.js";
import type { LabelSet, RouteSpec, RouteSpecShape } from "./model.js";

/** A route's settings after inheritance from its parents (Alertmanager's defaults at the root). */
export interface RouteOptions {
  receiver: string;
  /** `all` for `groupBy: ["..."]`; otherwise the label names, in the order written. */
  groupBy: readonly string[] | "all";
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  /** The route's own: as in Alertmanager, time intervals are not inherited by child routes. */
  muteTimeIntervals: readonly string[];
  activeTimeIntervals: readonly string[];
}

export interface RouteNode {
  /**
   * Stable while the config is: Alertmanager's route ID, each level's sorted matchers and its index
   * among its siblings, `{}/{service="checkout"}/0`. (Alertmanager's group keys use the form
   * without the indices, which two sibling routes with the same matchers share; Nines keys groups
   * by this one, so they never collide.)
   */
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

const ROOT_OPTIONS: RouteOptions = {
  receiver: "",
  groupBy: [],
  groupWaitMs: DEFAULT_GROUP_WAIT_MS,
  groupIntervalMs: DEFAULT_GROUP_INTERVAL_MS,
  repeatIntervalMs: DEFAULT_REPEAT_INTERVAL_MS,
  muteTimeIntervals: [],
  activeTimeIntervals: [],
};

/**
 * The tree of every Route object under one implicit root that matches every alert and has no
 * receiver of its own; the objects are its children in name order.
 */
export function buildRouteTree(routes: readonly { name: string; spec: RouteSpec }[]): RouteNode {
  const objects = [...routes].sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  return {
    key: "{}",
    objectName: "",
    matchers: [],
    continue: false,
    options: ROOT_OPTIONS,
    children: objects.map((route, index) => buildNode(route.spec, route.name, "{}", index, ROOT_OPTIONS)),
  };
}

function buildNode(
  spec: RouteSpecShape,
  objectName: string,
  parentKey: string,
  index: number,
  parent: RouteOptions,
): RouteNode {
  const matchers = spec.matchers.map((text) => {
    const parsed = parseMatcher(text);
    // The kind's schema parsed every matcher before the object was stored.
    if (!parsed.ok) throw new Error(`route ${objectName}: ${parsed.error}`);
    return parsed.value;
  });
  const options: RouteOptions = {
    receiver: spec.receiver ?? parent.receiver,
    groupBy: spec.groupBy === undefined ? parent.groupBy : spec.groupBy.includes("...") ? "all" : spec.groupBy,
    groupWaitMs: timer(spec.groupWait, parent.groupWaitMs),
    groupIntervalMs: timer(spec.groupInterval, parent.groupIntervalMs),
    repeatIntervalMs: timer(spec.repeatInterval, parent.repeatIntervalMs),
    muteTimeIntervals: spec.muteTimeIntervals,
    activeTimeIntervals: spec.activeTimeIntervals,
  };
  const key = `${parentKey}/${formatMatchers(matchers)}/${index}`;
  return {
    key,
    objectName,
    matchers: compileMatchers(matchers),
    continue: spec.continue,
    options,
    children: spec.routes.map((child, childIndex) => buildNode(child, objectName, key, childIndex, options)),
  };
}

const timer = (text: string | undefined, inherited: number) =>
  text === undefined ? inherited : (parseDuration(text) ?? inherited);

/**
 * The routes an alert goes to, with Alertmanager's semantics: depth first, the first matching child
 * wins unless it has `continue`; a node whose children all fail to match takes the alert itself.
 * The implicit root never takes an alert: an alert that matches no Route object goes nowhere.
 */
export function matchRoutes(root: RouteNode, labels: Readonly<LabelSet>): RouteNode[] {
  return matchChildren(root, labels);
}

function matchChildren(node: RouteNode, labels: Readonly<LabelSet>): RouteNode[] {
  const all: RouteNode[] = [];
  for (const child of node.children) {
    const matched = matchNode(child, labels);
    all.push(...matched);
    if (matched.length > 0 && !child.continue) break;
  }
  return all;
}

function matchNode(node: RouteNode, labels: Readonly<LabelSet>): RouteNode[] {
  if (!matchesAll(node.matchers, labels)) return [];
  const below = matchChildren(node, labels);
  return below.length > 0 ? below : [node];
}

/** Every node of the tree, depth first, the root included (Alertmanager's `Walk`). */
export function listRoutes(root: RouteNode): RouteNode[] {
  return [root, ...root.children.flatMap(listRoutes)];
}

/** The labels that name an alert's group on a route (all of them for `...`); absent ones are left out. */
export function groupLabelsOf(route: RouteNode, labels: Readonly<LabelSet>): LabelSet {
  const { groupBy } = route.options;
  const group: LabelSet = {};
  for (const [name, value] of Object.entries(labels))
    if (groupBy === "all" || groupBy.includes(name)) group[name] = value;
  return group;
}

/**
 * The group key, `<route key>:<group labels>` as Alertmanager prints a label set, such as
 * `{}/{severity="page"}/0:{alertname="HighLatency", service="checkout"}`.
 */
export function groupKeyOf(route: RouteNode, groupLabels: Readonly<LabelSet>): string {
  return `${route.key}:${formatLabelSet(groupLabels)}`;
}
