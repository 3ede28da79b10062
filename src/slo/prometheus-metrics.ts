import { Counter, Gauge, type Registry } from "prom-client";
import type { IngestReport } from "./embedded-queries.js";
import { BURN_WINDOWS, type SloView } from "./views.js";

/**
 * The SLO engine in Prometheus terms, for dashboards and for alerting from an existing
 * Prometheus: each SLO objective's SLI, target, remaining budget and burn rates (of a grouped SLO,
 * its group most at risk), read from the engine's last cycle when `/metrics` is scraped; and what
 * the remote_write receiver took and dropped. No data is no sample, never NaN.
 */
export function createSloMetrics(registry: Registry, views: () => SloView[]) {
  const labelNames = ["slo", "service", "objective"] as const;
  const each = (
    gauge: Gauge<string>,
    value: (view: SloView, objective: SloView["objectives"][number]) => number | null,
  ) => {
    gauge.reset();
    for (const view of views()) {
      for (const objective of view.objectives) {
        const number = value(view, objective);
        if (number !== null && Number.isFinite(number))
          gauge.set({ slo: view.name, service: view.service, objective: objective.name }, number);
      }
    }
  };
  new Gauge({
    name: "nines_slo_sli_ratio",
    help: "The SLI over the SLO window (good / total), 0..1.",
    labelNames,
    registers: [registry],
    collect() {
      each(this, (_view, objective) => objective.sli.window);
    },
  });
  new Gauge({
    name: "nines_slo_target_ratio",
    help: "The objective's target, 0..1.",
    labelNames,
    registers: [registry],
    collect() {
      each(this, (_view, objective) => objective.target);
    },
  });
  new Gauge({
    name: "nines_slo_error_budget_remaining_ratio",
    help: "The error budget left over the SLO window: 1 untouched, 0 exhausted, below 0 overspent.",
    labelNames,
    registers: [registry],
    collect() {
      each(this, (_view, objective) => objective.budget.remainingRatio);
    },
  });
  new Gauge({
    name: "nines_slo_burn_rate",
    help: "How fast the error budget burns over a window: the error ratio over the allowed one (1 - target).",
    labelNames: [...labelNames, "window"],
    registers: [registry],
    collect() {
      this.reset();
      for (const view of views()) {
        for (const objective of view.objectives) {
          for (const window of BURN_WINDOWS) {
            const rate = objective.burnRates[window];
            if (rate !== null)
              this.set({ slo: view.name, service: view.service, objective: objective.name, window }, rate);
          }
        }
      }
    },
  });
  const samples = new Counter({
    name: "nines_remote_write_samples_total",
    help: "Samples received over remote_write, by what became of them: kept (an SLO's query selects the series), unselected, out_of_order, future.",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  return {
    observeIngest(report: IngestReport): void {
      samples.inc({ result: "kept" }, Math.max(0, report.selectedSamples - report.outOfOrder - report.future));
      samples.inc({ result: "unselected" }, report.samples - report.selectedSamples);
      samples.inc({ result: "out_of_order" }, report.outOfOrder);
      samples.inc({ result: "future" }, report.future);
    },
  };
}
