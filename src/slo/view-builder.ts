import type { Alerting } from "./alerting.js";
import type { SloEngine } from "./engine.js";
import { type Evaluated, riskOf, windowView, worstStatus } from "./evaluate.js";
import type { SloRuntime } from "./runtime.js";
import type { GroupView, ObjectiveView, SloDetailView, SloStatus, SloView } from "./views.js";
import { describeWindowProblem } from "./windows.js";

/** SloView and SloDetailView from the engine's snapshot: what the API and the CLI show. */

export interface SloSnapshot {
  runtime: SloRuntime;
  evaluated: Evaluated | null;
  stale: boolean;
  sourceError: string | null;
}

type FiringAlerts = ReturnType<Alerting["firingOf"]>;

function alertStatus(firing: FiringAlerts, groupKey: string, base: SloStatus): SloStatus {
  if (base === "error" || base === "exhausted" || base === "no-data") return base;
  const mine = firing.filter((alert) => alert.groupKey === groupKey);
  if (mine.some((alert) => alert.severity === "page")) return "burning";
  if (mine.length > 0) return "warning";
  return base;
}

type ViewGroup = GroupView & { key: string; composite: ObjectiveView | null };

function groupsOf(snapshot: SloSnapshot, firing: FiringAlerts): ViewGroup[] {
  const groups = snapshot.evaluated?.groups ?? [];
  return groups.map((group) => ({ ...group, status: alertStatus(firing, group.key, group.status) }));
}

export function toSloView(snapshot: SloSnapshot, alerting: Alerting, now: number): SloView {
  return buildView(snapshot, alerting.firingOf(snapshot.runtime.name), now).view;
}

/** The view and its groups, with the SLO's firing alerts looked up once. */
function buildView(snapshot: SloSnapshot, firing: FiringAlerts, now: number): { view: SloView; groups: ViewGroup[] } {
  const { runtime } = snapshot;
  const error = runtime.error ?? (snapshot.evaluated ? null : snapshot.sourceError);
  const groups = error ? [] : groupsOf(snapshot, firing);
  const first = groups[0];
  const status: SloStatus = error ? "error" : worstStatus(groups.map((group) => group.status));
  const source = runtime.plans.ok ? (runtime.plans.streams[0]?.source.type ?? "none") : "none";
  const lastDataMinute = snapshot.evaluated?.lastDataMinute ?? -1;
  const view: SloView = {
    name: runtime.name,
    displayName: runtime.displayName,
    service: runtime.spec.service,
    description: runtime.spec.description ?? null,
    budgetingMethod: runtime.spec.budgetingMethod,
    // A window that can't be computed (the SLO shows the error) is shown empty.
    window: describeWindowProblem(runtime.window)
      ? { kind: "rolling", duration: runtime.window.duration, timeZone: null, start: now, end: now, minutes: 0 }
      : windowView(runtime, now),
    source,
    status,
    error: error ?? (snapshot.stale ? snapshot.sourceError : null),
    stale: snapshot.stale,
    lastDataAt: lastDataMinute >= 0 ? lastDataMinute * 60_000 : null,
    groupBy: runtime.groupBy,
    objectives: first?.objectives ?? [],
    composite: first?.composite ?? null,
    groupCount: runtime.groupBy.length ? groups.length : 0,
    activeAlerts: firing.length,
  };
  return { view, groups };
}

export function toSloDetail(
  snapshot: SloSnapshot,
  alerting: Alerting,
  now: number,
  alerts: SloDetailView["alerts"],
): SloDetailView {
  const { view, groups: viewGroups } = buildView(snapshot, alerting.firingOf(snapshot.runtime.name), now);
  const firstKey = snapshot.evaluated?.groups[0]?.key ?? "{}";
  const tiers = snapshot.runtime.routes.map((route) => ({
    name: route.tier.name,
    severity: route.tier.severity,
    windows: [route.tier.longWindow, ...(route.tier.shortWindow ? [route.tier.shortWindow] : [])],
    threshold: route.tier.threshold,
    op: route.tier.op,
    firing: snapshot.runtime.objectives.some((objective) =>
      alerting.isFiring(snapshot.runtime.name, objective.name, firstKey, route.tier.name),
    ),
  }));
  const groups = viewGroups.map(({ key: _key, composite: _composite, ...group }) => group);
  return { ...view, groups, alerts, alertTiers: tiers };
}

/** Most at risk first: errors, then exhausted and burning, then by budget left; no data last. */
export function sortByRisk(views: SloView[]): SloView[] {
  const rank: Record<SloStatus, number> = { error: 0, exhausted: 1, burning: 2, warning: 3, ok: 4, "no-data": 5 };
  const risk = (view: SloView) => Math.min(...view.objectives.map(riskOf), Number.POSITIVE_INFINITY);
  return [...views].sort((a, b) => rank[a.status] - rank[b.status] || risk(a) - risk(b) || (a.name < b.name ? -1 : 1));
}

/** Every SLO's view now, most at risk first: what the list route and the metrics show. */
export function currentSloViews(engine: Pick<SloEngine, "snapshot" | "alerting">, now: number): SloView[] {
  return sortByRisk(engine.snapshot().map((snapshot) => toSloView(snapshot, engine.alerting, now)));
}
