import { notFound } from "../core/errors.js";
import type { SloGateView, SloView } from "./views.js";

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/**
 * The error budget policy as a release gate: closed when an SLO of the service has spent its
 * budget, or (with `maxBurn`) burns faster than that over the last hour. An SLO without data or
 * one that can't be evaluated doesn't close it, but is named, so a pipeline never waits on a
 * broken query; its log says why.
 */
export function checkGate(views: readonly SloView[], service: string, maxBurn?: number): SloGateView {
  const mine = views.filter((view) => view.service === service);
  if (mine.length === 0) throw notFound(`no SLO belongs to service "${service}"`);
  const reasons: SloGateView["reasons"] = [];
  for (const view of mine) {
    for (const objective of view.objectives) {
      const remaining = objective.budget.remainingRatio;
      if (remaining !== null && remaining <= 0) {
        reasons.push({
          slo: view.name,
          objective: objective.name,
          reason: `error budget exhausted: ${percent(remaining)} left of ${objective.budget.totalMinutes.toFixed(1)} minutes`,
        });
        continue;
      }
      const burn = objective.burnRates["1h"];
      if (maxBurn !== undefined && burn !== null && burn > maxBurn) {
        reasons.push({
          slo: view.name,
          objective: objective.name,
          reason: `burning ${burn.toFixed(2)}x over 1h, above the allowed ${maxBurn}x (${percent(remaining ?? 0)} of the budget left)`,
        });
      }
    }
  }
  return { service, pass: reasons.length === 0, checked: mine.map((view) => view.name), reasons };
}
