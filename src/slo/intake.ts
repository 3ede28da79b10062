import { invalid, notFound } from "../core/errors.js";
import { compareBurn } from "./burn-alerts.js";
import type { EmbeddedCount } from "./embedded-queries.js";
import type { SloRuntime } from "./runtime.js";
import { MINUTE_MS } from "./windows.js";

/**
 * What the pushed sources hand the engine, as counts of a stream's minute: probe results, posted
 * events and the remote_write queries' increases. Pure: the engine adds the counts to its series.
 */

export interface StreamCount {
  slo: string;
  stream: string;
  /** The source's labels; the engine keeps those of the SLO's groupBy. */
  labels: Record<string, string> | undefined;
  minute: number;
  good: number;
  total: number;
}

export interface ProbeResultInput {
  startedAt: number;
  status: string;
  durationMs: number;
  inMaintenance?: boolean;
}

export interface EventInput {
  good: number;
  total: number;
  /** epoch ms; default now. */
  time?: number;
  labels?: Record<string, string>;
}

/** A probe result is one event: good when not down (and, for latency, fast enough). Maintenance doesn't count. */
export function probeResultCounts(
  slos: Iterable<SloRuntime>,
  monitor: string,
  result: ProbeResultInput,
): StreamCount[] {
  if (result.inMaintenance) return [];
  const counts: StreamCount[] = [];
  for (const slo of slos) {
    if (!slo.plans.ok) continue;
    for (const plan of slo.plans.streams) {
      const source = plan.source;
      if (source.type !== "Monitor" || source.monitor !== monitor) continue;
      const up = result.status !== "down";
      const good =
        source.measure === "availability" ? up : up && compareBurn(source.op, result.durationMs, source.value);
      counts.push({
        slo: slo.name,
        stream: plan.stream,
        labels: undefined,
        minute: Math.floor(result.startedAt / MINUTE_MS),
        good: good ? 1 : 0,
        total: 1,
      });
    }
  }
  return counts;
}

/** Events posted for an SLI, for every SLO reading that SLI's events; a clear error when none does or an event is wrong. */
export function eventCounts(
  slos: Iterable<SloRuntime>,
  sli: string,
  events: readonly EventInput[],
  now: number,
): StreamCount[] {
  const targets = [...slos].flatMap((slo) =>
    slo.plans.ok
      ? slo.plans.streams
          .filter((plan) => plan.source.type === "Events" && plan.sliName === sli)
          .map((plan) => ({ slo, plan }))
      : [],
  );
  if (targets.length === 0)
    throw notFound(
      `no SLO reads events of SLI "${sli}": declare an SLO whose indicator "${sli}" has metricSource type Events`,
    );
  const issues = events.flatMap((event, index) => {
    const problems: { path: string; message: string }[] = [];
    const at = event.time ?? now;
    if (event.good > event.total)
      problems.push({
        path: `/events/${index}/good`,
        message: `good (${event.good}) can't exceed total (${event.total})`,
      });
    if (at > now + 5 * MINUTE_MS)
      problems.push({ path: `/events/${index}/time`, message: "the time is more than 5 minutes in the future" });
    if (at < now - 24 * 3_600_000)
      problems.push({
        path: `/events/${index}/time`,
        message: "the time is more than 24 hours in the past; older counts can't be corrected",
      });
    return problems;
  });
  if (issues.length) throw invalid("invalid events", issues);
  return events.flatMap((event) =>
    targets.map(({ slo, plan }) => ({
      slo: slo.name,
      stream: plan.stream,
      labels: event.labels,
      minute: Math.floor((event.time ?? now) / MINUTE_MS),
      good: event.good,
      total: event.total,
    })),
  );
}

/**
 * The remote_write queries' per-minute values (ids `<slo>\0<stream>\0<good|bad|total>`): a total
 * adds to the total (and, with a `bad` query, to the good, which the bad then takes from).
 */
export function embeddedCounts(slos: ReadonlyMap<string, SloRuntime>, counts: readonly EmbeddedCount[]): StreamCount[] {
  return counts.flatMap((count) => {
    const [name, stream, role] = count.id.split("\u0000") as [string, string, "good" | "bad" | "total"];
    const slo = slos.get(name);
    const plan = slo?.plans.ok ? slo.plans.streams.find((item) => item.stream === stream) : undefined;
    if (!slo || plan?.source.type !== "RemoteWrite") return [];
    const base = { slo: name, stream, labels: count.labels, minute: count.minute };
    if (role === "total") return [{ ...base, good: plan.source.bad !== null ? count.value : 0, total: count.value }];
    return [{ ...base, good: role === "good" ? count.value : -count.value, total: 0 }];
  });
}
