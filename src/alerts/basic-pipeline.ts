import type { Clock } from "../core/clock.js";
import type { Store } from "../store/database.js";
import { normalizeAlert } from "./ingest.js";
import { type CompiledMatcher, compileMatchers, matchesAll } from "./matchers.js";
import { DEFAULT_RESOLVE_TIMEOUT_MS, type LabelSet, type Silence, silenceState } from "./model.js";
import type { AlertPipeline } from "./pipeline.js";
import { listSilences } from "./silence-store.js";
import { upsertAlerts } from "./store.js";

export interface BasicPipelineOptions {
  store: Store;
  clock: Clock;
  /** How long an alert sent without `endsAt` fires before it resolves by itself (default 5m). */
  resolveTimeoutMs?: number;
}

/**
 * The pipeline before routing: alerts are stored (with their history) and silences mute them;
 * nothing is grouped, inhibited or sent. It stands in for the dispatcher behind the same
 * interface, so the API v2 and ingest routes do not change when that lands.
 */
export async function createBasicPipeline(options: BasicPipelineOptions): Promise<AlertPipeline> {
  const { store, clock } = options;
  const resolveTimeoutMs = options.resolveTimeoutMs ?? DEFAULT_RESOLVE_TIMEOUT_MS;
  let silences: { silence: Silence; matchers: CompiledMatcher[] }[] = [];
  const loadSilences = async () => {
    silences = (await listSilences(store.db, { endedAfter: clock.now() })).map((silence) => ({
      silence,
      matchers: compileMatchers(silence.matchers),
    }));
  };
  await loadSilences();
  const silencedBy = (labels: Readonly<LabelSet>, at: number) =>
    silences
      .filter(({ silence, matchers }) => silenceState(silence, at) === "active" && matchesAll(matchers, labels))
      .map(({ silence }) => silence.id)
      .sort();

  return {
    async ingest(alerts, source) {
      const now = clock.now();
      const normal = alerts.map((alert) => normalizeAlert(alert, now, resolveTimeoutMs));
      await upsertAlerts(store, normal, source, now);
      return { accepted: normal.length };
    },
    status(alert) {
      const ids = silencedBy(alert.labels, clock.now());
      return {
        state: ids.length ? "suppressed" : "active",
        silencedBy: ids,
        inhibitedBy: [],
        mutedBy: [],
        receivers: [],
      };
    },
    groups: () => [],
    silencesChanged: loadSilences,
  };
}
