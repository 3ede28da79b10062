import { METRIC, serviceName } from "./workload.js";
import { encodeWriteRequest, type LabelPairs, type SeriesSamples } from "./write-request.js";

/**
 * The remote_write stream of the ingest measurement, as a Prometheus scraping many targets sends
 * it: `series` distinct series, one sample each per round (a scrape every 15 s), `batch` series a
 * request (queue_config.max_samples_per_send). `selectedPercent` of them are the benchmark SLOs'
 * `http_requests_total{service, code}` (two per service, so the stream feeds `series × selected /
 * 200` SLOs); the rest are 200 other metric names no SLO reads. Deterministic for a given `start`,
 * so the in-process run and the sender build the same bytes.
 */

export interface StreamOptions {
  series: number;
  batch: number;
  selectedPercent: number;
  rounds: number;
  /** Timestamp of the first round, epoch ms. */
  start: number;
}

export const ROUND_MS = 15_000;

export interface Stream {
  /** Per round, the bodies in sending order. */
  rounds: Buffer[][];
  samplesPerRound: number;
  selectedPerRound: number;
  bytesPerRound: number;
}

function labelsOf(index: number, everyNth: number): LabelPairs {
  const instance = `10.0.${(index >> 8) & 255}.${index & 255}:9100`;
  if (index % everyNth === 0) {
    const selected = index / everyNth;
    return [
      ["__name__", METRIC],
      ["code", selected % 2 === 0 ? "200" : "500"],
      ["instance", instance],
      ["job", "app"],
      ["service", serviceName(Math.floor(selected / 2))],
    ];
  }
  return [
    ["__name__", `app_metric_${index % 200}_total`],
    ["code", index % 7 === 0 ? "500" : "200"],
    ["instance", instance],
    ["job", `service-${index % 50}`],
    ["method", index % 3 === 0 ? "POST" : "GET"],
    ["pod", `pod-${index.toString(36)}`],
  ];
}

export function buildStream(options: StreamOptions): Stream {
  const everyNth = Math.round(100 / options.selectedPercent);
  const labels = Array.from({ length: options.series }, (_, index) => labelsOf(index, everyNth));
  const rounds: Buffer[][] = [];
  for (let round = 0; round < options.rounds; round++) {
    const timestamp = options.start + round * ROUND_MS;
    const bodies: Buffer[] = [];
    for (let from = 0; from < options.series; from += options.batch) {
      const series: SeriesSamples[] = [];
      for (let index = from; index < Math.min(from + options.batch, options.series); index++)
        series.push({
          labels: labels[index] as LabelPairs,
          samples: [{ value: round * 600 + (index % 10), timestamp: timestamp + (index % 1000) }],
        });
      bodies.push(encodeWriteRequest(series));
    }
    rounds.push(bodies);
  }
  return {
    rounds,
    samplesPerRound: options.series,
    selectedPerRound: Math.ceil(options.series / everyNth),
    bytesPerRound: rounds[0]?.reduce((sum, body) => sum + body.length, 0) ?? 0,
  };
}
