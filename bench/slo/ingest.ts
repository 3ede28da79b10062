import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { startIngestEngine } from "./ingest-engine.js";
import { buildStream } from "./ingest-stream.js";

/**
 * Nines' remote_write ingest in-process on one core (run.ts pins it): every body of the stream
 * decompressed, decoded and counted by the embedded queries of the seeded SLOs, the counts handed
 * to the engine, with no HTTP in between. `warmup` rounds first (the selection of each new series
 * is decided once and cached), then `rounds` measured. Prints one JSON line.
 *
 *   node dist/bench-slo/bench/slo/ingest.js --data DIR [--series 200000 --batch 2000 --selected 1]
 */
const { values: options } = parseArgs({
  options: {
    data: { type: "string" },
    series: { type: "string", default: "200000" },
    batch: { type: "string", default: "2000" },
    selected: { type: "string", default: "1" },
    warmup: { type: "string", default: "2" },
    rounds: { type: "string", default: "10" },
    start: { type: "string" },
  },
});
if (!options.data) throw new Error("--data <seeded directory> is required");
const warmup = Number(options.warmup);
const rounds = Number(options.rounds);

const nines = await startIngestEngine(options.data);
const stream = buildStream({
  series: Number(options.series),
  batch: Number(options.batch),
  selectedPercent: Number(options.selected),
  rounds: warmup + rounds,
  start: Number(options.start ?? Date.now() - (warmup + rounds) * 15_000),
});
let samples = 0;
let selectedSamples = 0;
let elapsed = 0;
let counts = 0;
for (const [round, bodies] of stream.rounds.entries()) {
  const started = performance.now();
  for (const body of bodies) {
    const report = nines.ingest(body);
    if (round >= warmup) {
      samples += report.samples;
      selectedSamples += report.selectedSamples;
      counts += report.selectedSeries;
    }
  }
  if (round >= warmup) elapsed += performance.now() - started;
}
await nines.close();
console.log(
  JSON.stringify({
    samples,
    selectedSamples,
    selectedSeriesSeen: counts,
    seconds: elapsed / 1000,
    samplesPerSecond: samples / (elapsed / 1000),
    bytesPerRound: stream.bytesPerRound,
    bodiesPerRound: stream.rounds[0]?.length ?? 0,
  }),
);
