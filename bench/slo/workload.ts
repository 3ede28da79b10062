/**
 * The one workload both tools are measured on: N services, each with an SLO over its
 * `http_requests_total{service, code}` counters (code 200 and 500), 99.9% over a rolling 30 days,
 * the workbook's four burn tiers (seven burn windows). Every minute's requests are a pure function
 * of the SLO and the minute, so the SQLite seed, the Prometheus backfill and the live samples of
 * both tools are the same series. One SLO in a hundred has an incident (3% errors) for the first
 * two hours of every sixth hour, so some burn alerts fire.
 */

export const MINUTE_MS = 60_000;
export const TARGET = 0.999;
export const METRIC = "http_requests_total";

export const sloName = (index: number) => `bench-${index}`;
export const serviceName = (index: number) => `svc-${index}`;

export const badQuery = (index: number, range = "5m") =>
  `sum(rate(${METRIC}{service="${serviceName(index)}",code=~"5.."}[${range}]))`;
export const totalQuery = (index: number, range = "5m") =>
  `sum(rate(${METRIC}{service="${serviceName(index)}"}[${range}]))`;

/** The SLO as an operator would apply it: remote_write into Nines (a Prometheus source without a url). */
export function sloDocument(index: number) {
  const source = (query: string) => ({ metricSource: { type: "Prometheus", spec: { query } } });
  return {
    apiVersion: "openslo/v1",
    kind: "SLO",
    metadata: { name: sloName(index) },
    spec: {
      service: "bench",
      timeWindow: [{ duration: "30d", isRolling: true }],
      budgetingMethod: "Occurrences",
      indicator: {
        metadata: { name: `${sloName(index)}-requests` },
        spec: { ratioMetric: { counter: true, bad: source(badQuery(index)), total: source(totalQuery(index)) } },
      },
      objectives: [{ displayName: "Requests succeed", target: TARGET }],
    },
  };
}

export const SERVICE_DOCUMENT = { apiVersion: "openslo/v1", kind: "Service", metadata: { name: "bench" }, spec: {} };

export interface MinuteCounts {
  total: number;
  bad: number;
}

const hasIncident = (index: number, minute: number) => index % 100 === 7 && Math.floor(minute / 60) % 6 < 2;

/** Requests of an SLO in one epoch minute: 600 to 1,010 a minute, about 0.05% failing outside incidents. */
export function countsAt(index: number, minute: number): MinuteCounts {
  const total = 600 + ((index * 37) % 400) + ((minute * 7 + index) % 11);
  if (hasIncident(index, minute)) return { total, bad: Math.floor(total * 0.03) };
  const bad = (minute + index * 13) % 97 === 0 ? 20 : (minute + index) % 5 === 0 ? 1 : 0;
  return { total, bad };
}

/** The sums over the minutes [from, to). */
export function sumCounts(index: number, from: number, to: number): MinuteCounts {
  let total = 0;
  let bad = 0;
  for (let minute = from; minute < to; minute++) {
    const counts = countsAt(index, minute);
    total += counts.total;
    bad += counts.bad;
  }
  return { total, bad };
}
