import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { ObjectEvents } from "../../src/config/events.js";
import { createManualClock } from "../../src/core/clock.js";
import { createSloEngine, type SloEngine } from "../../src/slo/engine.js";
import { openStore } from "../../src/store/database.js";
import { summarize } from "../stats.js";
import type { Seed } from "./seed.js";
import { countsAt, MINUTE_MS, sloName } from "./workload.js";

/**
 * One process (started with --expose-gc, pinned to a core by run.ts) on a seeded database: the
 * heap before and after the engine loads every SLO with a month of data, then the engine's cycles
 * as a server runs them, every 10 s on a manual clock: before each, every SLO's counts for those
 * 10 s arrive as remote_write counts do; every sixth cycle crosses a minute and advances the
 * windows. Prints one JSON line.
 */
const { values: options } = parseArgs({
  options: { data: { type: "string" }, minutes: { type: "string", default: "10" } },
});
if (!options.data) throw new Error("--data <seeded directory> is required");
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const seed = JSON.parse(readFileSync(path.join(options.data, "seed.json"), "utf8")) as Seed;
const measuredMinutes = Number(options.minutes);
const CYCLE_MS = 10_000;
const CYCLES_PER_MINUTE = MINUTE_MS / CYCLE_MS;

function settledMemory() {
  gc?.();
  gc?.();
  const { heapUsed, arrayBuffers, external, rss } = process.memoryUsage();
  return { heapUsed, arrayBuffers, external, rss };
}

/** The share `part` (0 … 5) of every SLO's counts of `minute`, as the embedded queries hand them on. */
function recordShare(engine: SloEngine, minute: number, part: number): void {
  const counts: { id: string; labels: Record<string, string>; minute: number; value: number }[] = [];
  const share = (value: number) =>
    Math.floor((value * (part + 1)) / CYCLES_PER_MINUTE) - Math.floor((value * part) / CYCLES_PER_MINUTE);
  for (let index = 0; index < seed.slos; index++) {
    const { total, bad } = countsAt(index, minute);
    counts.push({ id: `${sloName(index)}\u0000sli\u0000total`, labels: {}, minute, value: share(total) });
    counts.push({ id: `${sloName(index)}\u0000sli\u0000bad`, labels: {}, minute, value: share(bad) });
  }
  engine.recordEmbedded(counts);
}

async function main() {
  const store = await openStore({ dataDir: options.data as string });
  const clock = createManualClock(seed.now);
  const before = settledMemory();
  const engine = createSloEngine({
    store,
    events: new ObjectEvents(),
    clock,
    logger: pino({ level: "silent" }),
  });
  const startedAt = performance.now();
  await engine.start();
  const startMs = performance.now() - startedAt;

  const advance: number[] = [];
  const within: number[] = [];
  let firstCycleMs = 0;
  const totalCycles = (measuredMinutes + 1) * CYCLES_PER_MINUTE;
  for (let cycle = 0; cycle < totalCycles; cycle++) {
    const minute = Math.floor(clock.now() / MINUTE_MS);
    const part = Math.floor((clock.now() % MINUTE_MS) / CYCLE_MS);
    recordShare(engine, minute, part);
    clock.set(clock.now() + CYCLE_MS);
    const crossed = Math.floor(clock.now() / MINUTE_MS) > minute;
    const started = performance.now();
    await engine.runCycle();
    const elapsed = performance.now() - started;
    // The first minute is the warm-up: the JIT, the first alert evaluation, the hourly prune.
    if (cycle === 0) firstCycleMs = elapsed;
    if (cycle < CYCLES_PER_MINUTE) continue;
    (crossed ? advance : within).push(elapsed);
  }

  const snapshot = engine.snapshot();
  const withNumbers = snapshot.filter((slo) => slo.evaluated?.groups[0]?.objectives[0]?.sli.window != null).length;
  const firing = snapshot.reduce((sum, slo) => sum + engine.alerting.firingOf(slo.runtime.name).length, 0);
  const after = settledMemory();
  await engine.stop();
  await store.close();
  const delta = (field: keyof typeof before) => after[field] - before[field];
  console.log(
    JSON.stringify({
      slos: seed.slos,
      endNow: clock.now(),
      startMs,
      firstCycleMs,
      advanceMs: summarize(advance),
      withinMs: summarize(within),
      withNumbers,
      firing,
      memory: {
        before,
        after,
        heapUsedPerSlo: delta("heapUsed") / seed.slos,
        arrayBuffersPerSlo: delta("arrayBuffers") / seed.slos,
        externalPerSlo: delta("external") / seed.slos,
        rssPerSlo: delta("rss") / seed.slos,
      },
    }),
  );
}

await main();
