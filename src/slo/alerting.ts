import type { Logger } from "pino";
import type { Clock } from "../core/clock.js";
import type { Store } from "../store/database.js";
import { insertAlert, listFiringAlerts, resolveAlert, resolveAlertsOf, type StoredAlert } from "./alert-store.js";
import { computeBurnRate } from "./budget.js";
import { type AlertState, evaluateTier, QUIET_ALERT, stepAlert } from "./burn-alerts.js";
import { type Evaluated, sumsByWindow } from "./evaluate.js";
import { evaluatedStream, type SloRuntime } from "./runtime.js";
import type { SeriesState } from "./series-state.js";

/**
 * Burn alerts: every cycle each tier of each objective and group is evaluated on the running sums;
 * a tier that fires or resolves becomes a stored alert with the labels the alerting pipeline routes
 * on (slo, service, objective, severity, windows, burn rates), and is handed to the sink, which
 * delivers it to the notification targets.
 */

export interface AlertNotice {
  alert: StoredAlert;
  status: "firing" | "resolved" | "no-data";
  targets: string[];
}

export type AlertSink = (notice: AlertNotice) => void;

interface Evaluation {
  runtime: SloRuntime;
  evaluated: Evaluated | null;
  entries: Map<string, { stream: string; key: string; state: SeriesState }>;
}

const format = (value: number | null) => (value === null ? "no data" : `${value.toFixed(2)}x`);

export function createAlerting(options: { store: Store; clock: Clock; logger: Logger; sink?: AlertSink | undefined }) {
  const { store, clock } = options;
  // Per SLO, the tiers that are not quiet; a quiet tier has no entry, so the common case (nothing
  // burning) costs no key and no map write.
  const states = new Map<string, Map<string, AlertState>>();
  const stateOf = (slo: string, key: string) => states.get(slo)?.get(key) ?? QUIET_ALERT;
  const setState = (slo: string, key: string, state: AlertState) => {
    const quiet = state.pendingSince === null && state.firingSince === null && !state.noData;
    let held = states.get(slo);
    if (quiet) {
      held?.delete(key);
      return;
    }
    if (!held) {
      held = new Map();
      states.set(slo, held);
    }
    held.set(key, state);
  };
  const firing = new Map<string, StoredAlert>();
  let loaded = false;

  async function ensureLoaded(): Promise<void> {
    if (loaded) return;
    loaded = true;
    for (const alert of await listFiringAlerts(store)) {
      const key = `${alert.slo}\u0000${alert.objective}\u0000${alert.groupKey}\u0000${alert.name}`;
      firing.set(key, alert);
      setState(alert.slo, key, { pendingSince: alert.startsAt, firingSince: alert.startsAt, noData: false });
    }
  }

  async function evaluate(evaluations: readonly Evaluation[]): Promise<void> {
    await ensureLoaded();
    const now = clock.now();
    for (const { runtime, evaluated, entries } of evaluations) {
      if (!evaluated) continue;
      for (const group of evaluated.groups) {
        for (const objective of runtime.objectives) {
          const state = entries.get(`${evaluatedStream(objective)}\u0000${group.key}`)?.state;
          const sums = sumsByWindow(runtime, state);
          const burnOf = (window: string) => computeBurnRate(sums(window), objective.target);
          for (const route of runtime.routes) {
            const tier = route.tier;
            const breaching = evaluateTier(tier, burnOf);
            if (breaching === false && !states.get(runtime.name)?.size) continue;
            const key = `${runtime.name}\u0000${objective.name}\u0000${group.key}\u0000${tier.name}`;
            const step = stepAlert(stateOf(runtime.name, key), breaching, now, tier);
            setState(runtime.name, key, step.state);
            if (step.transition === "fired") {
              const windows = [tier.longWindow, ...(tier.shortWindow ? [tier.shortWindow] : [])];
              const long = burnOf(tier.longWindow);
              const short = tier.shortWindow ? burnOf(tier.shortWindow) : null;
              const alert = await insertAlert(store, {
                slo: runtime.name,
                objective: objective.name,
                groupKey: group.key,
                name: tier.name,
                severity: tier.severity,
                startsAt: now,
                labels: {
                  alertname: "ErrorBudgetBurn",
                  slo: runtime.name,
                  service: runtime.spec.service,
                  objective: objective.name,
                  severity: tier.severity,
                  tier: tier.name,
                  windows: windows.join(","),
                  ...group.labels,
                },
                annotations: {
                  summary: `${runtime.displayName ?? runtime.name}: ${format(long)} burn over ${tier.longWindow}${tier.shortWindow ? ` and ${format(short)} over ${tier.shortWindow}` : ""} (threshold ${tier.threshold.toFixed(2)}x)`,
                  burn_rate_long: String(long ?? ""),
                  burn_rate_short: String(short ?? ""),
                  threshold: String(tier.threshold),
                },
              });
              firing.set(key, alert);
              if (route.whenBreaching) options.sink?.({ alert, status: "firing", targets: route.targets });
            } else if (step.transition === "resolved") {
              const alert = firing.get(key);
              firing.delete(key);
              if (alert) {
                await resolveAlert(store, alert.id, now);
                const resolved = { ...alert, state: "resolved" as const, endsAt: now };
                if (route.whenResolved) options.sink?.({ alert: resolved, status: "resolved", targets: route.targets });
              }
            } else if (step.transition === "no-data" && route.whenNoData) {
              const alert = firing.get(key);
              if (alert) options.sink?.({ alert, status: "no-data", targets: route.targets });
            }
          }
        }
      }
    }
  }

  return {
    evaluate,
    /** Firing alerts of an SLO, from memory. */
    firingOf(slo: string): StoredAlert[] {
      return [...firing.values()].filter((alert) => alert.slo === slo);
    },
    isFiring(slo: string, objective: string, groupKey: string, tier: string): boolean {
      return firing.has(`${slo}\u0000${objective}\u0000${groupKey}\u0000${tier}`);
    },
    /** Deleted SLOs' alerts end; their states are dropped. */
    async forgetExcept(keep: ReadonlySet<string>): Promise<void> {
      for (const slo of [...states.keys()]) if (!keep.has(slo)) states.delete(slo);
      await ensureLoaded();
      for (const [key, alert] of [...firing.entries()]) {
        if (keep.has(alert.slo)) continue;
        firing.delete(key);
        states.delete(alert.slo);
        await resolveAlertsOf(store, alert.slo, clock.now());
      }
    },
  };
}

export type Alerting = ReturnType<typeof createAlerting>;
