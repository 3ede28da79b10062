import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { ObjectEvents } from "../../src/config/events.js";
import { createManualClock } from "../../src/core/clock.js";
import { createSloEngine } from "../../src/slo/engine.js";
import { openStore } from "../../src/store/database.js";
import type { Seed } from "./seed.js";

/**
 * A restart: a new process opens the same SQLite file and starts the engine, timed until its first
 * snapshot has numbers for every SLO (the running sums rebuilt from the stored minutes and hours).
 * Prints one JSON line; `sinceProcessStartMs` adds Node's own start and the loading of the code.
 * `--now` is where the last run left the clock (default: where the seed ends).
 */
const { values: options } = parseArgs({ options: { data: { type: "string" }, now: { type: "string" } } });
if (!options.data) throw new Error("--data <seeded directory> is required");
const seed = JSON.parse(readFileSync(path.join(options.data, "seed.json"), "utf8")) as Seed;

const started = performance.now();
const store = await openStore({ dataDir: options.data });
const opened = performance.now();
const engine = createSloEngine({
  store,
  events: new ObjectEvents(),
  clock: createManualClock(Number(options.now ?? seed.now)),
  logger: pino({ level: "silent" }),
});
await engine.start();
const snapshot = engine.snapshot();
const withNumbers = snapshot.filter((slo) => slo.evaluated?.groups[0]?.objectives[0]?.sli.window != null).length;
const done = performance.now();
await engine.stop();
await store.close();
console.log(
  JSON.stringify({
    slos: seed.slos,
    restartMs: done - started,
    openStoreMs: opened - started,
    sinceProcessStartMs: done,
    withNumbers,
  }),
);
