import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import protobuf from "protobufjs/minimal.js";
import { compressSync } from "snappy";
import { createEmbeddedQueries, type EmbeddedQuery } from "../../src/slo/embedded-queries.js";
import { parseSliQuery } from "../../src/slo/promql.js";
import { decodeWriteRequest } from "../../src/slo/remote-write.js";

/**
 * Remote_write ingest on one core: `series` distinct series as Prometheus sends them (one sample
 * per series entry, `batch` entries per request, six labels each, 200 metric names), of which
 * `selected` percent are read by 10 SLI queries. Times decompressing, decoding and counting every
 * request, for `rounds` rounds of every series after a warm-up, and prints samples per second.
 *
 *   npx tsc -p bench/slo/tsconfig.json && node dist/bench-slo/bench/slo/ingest.js [--series 100000]
 */
const { values: options } = parseArgs({
  options: {
    series: { type: "string", default: "100000" },
    batch: { type: "string", default: "2000" },
    selected: { type: "string", default: "1" },
    rounds: { type: "string", default: "10" },
  },
});
const seriesCount = Number(options.series);
const batch = Number(options.batch);
const selectedPercent = Number(options.selected);
const rounds = Number(options.rounds);
const WARMUP_ROUNDS = 3;
const QUERIES = 10;
const T = Date.UTC(2026, 0, 5, 12);

const everyNth = Math.round(100 / selectedPercent);
const labelsOf = (index: number): [string, string][] => {
  const selected = index % everyNth === 0;
  const name = selected ? `sli_requests_${(index / everyNth) % QUERIES}_total` : `app_metric_${index % 200}_total`;
  return [
    ["__name__", name],
    ["code", index % 7 === 0 ? "500" : "200"],
    ["instance", `10.0.${(index >> 8) & 255}.${index & 255}:9100`],
    ["job", `service-${index % 50}`],
    ["method", index % 3 === 0 ? "POST" : "GET"],
    ["pod", `pod-${index.toString(36)}`],
  ];
};
const labelSets = Array.from({ length: seriesCount }, (_, index) => labelsOf(index));

function encodeBatch(from: number, round: number): Buffer {
  const writer = protobuf.Writer.create();
  for (let index = from; index < Math.min(from + batch, seriesCount); index++) {
    writer.uint32((1 << 3) | 2).fork();
    for (const [name, value] of labelSets[index] as [string, string][]) {
      writer.uint32((1 << 3) | 2).fork();
      writer.uint32((1 << 3) | 2).string(name);
      writer.uint32((2 << 3) | 2).string(value);
      writer.ldelim();
    }
    writer.uint32((2 << 3) | 2).fork();
    writer.uint32((1 << 3) | 1).double(round * 10 + (index % 10));
    writer.uint32((2 << 3) | 0).int64(T + round * 15_000 + (index % 1000));
    writer.ldelim();
    writer.ldelim();
  }
  return compressSync(Buffer.from(writer.finish()));
}

const bodiesOf = (round: number) =>
  Array.from({ length: Math.ceil(seriesCount / batch) }, (_, part) => encodeBatch(part * batch, round));

const queries: EmbeddedQuery[] = Array.from({ length: QUERIES }, (_, index) => {
  const parsed = parseSliQuery(`sum by (code) (rate(sli_requests_${index}_total{method=~"GET|POST"}[5m]))`);
  if (!parsed.ok) throw new Error(parsed.error);
  return { id: `q${index}`, query: parsed.query, counter: true, groupBy: ["job"] };
});

let counted = 0;
const embedded = createEmbeddedQueries({ onCounts: (counts) => (counted += counts.length) });
embedded.setQueries(queries);

const allRounds = Array.from({ length: WARMUP_ROUNDS + rounds }, (_, round) => bodiesOf(round));
const bytes = allRounds[0]?.reduce((sum, body) => sum + body.length, 0) ?? 0;
let samples = 0;
let selectedSamples = 0;
let elapsed = 0;
for (const [round, bodies] of allRounds.entries()) {
  const now = T + round * 15_000 + 30_000;
  const started = performance.now();
  for (const body of bodies) {
    const report = embedded.ingest(decodeWriteRequest(body), now);
    if (round >= WARMUP_ROUNDS) {
      samples += report.samples;
      selectedSamples += report.selectedSamples;
    }
  }
  if (round >= WARMUP_ROUNDS) elapsed += performance.now() - started;
}
const perSecond = Math.round(samples / (elapsed / 1000));
console.log(
  `${seriesCount.toLocaleString("en")} series, ${batch} per request (${Math.round(bytes / Math.ceil(seriesCount / batch) / 1024)} KiB snappy), ${selectedPercent}% selected: ${perSecond.toLocaleString("en")} samples/s on one core (${samples.toLocaleString("en")} samples in ${Math.round(elapsed)} ms; ${selectedSamples.toLocaleString("en")} selected, ${counted.toLocaleString("en")} counts handed on)`,
);
