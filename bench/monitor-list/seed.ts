import type { Kysely } from "kysely";
import type { CheckStatus } from "../../src/probes/model.js";
import type { Database } from "../../src/store/schema.js";
import {
  createRandom,
  insertMonitors,
  insertResults,
  type MonitorSeed,
  type ResultSeed,
} from "../../test/support/probe-data.js";

/** Names cycle through these, so `shop-42` matches a handful of monitors (shop-42, shop-420 … shop-429). */
const SERVICES = ["shop", "api", "auth", "search", "billing"];
export const RESULTS_PER_MONITOR = 20;
export const INTERVAL_MS = 30_000;

/**
 * N HTTP monitors every 30 s, each with its last 20 results (10 minutes) and a stored state:
 * 1% down, 3% degraded, the rest up, so the list has sparklines, uptimes and failing rows to sort
 * first. Written straight into the tables: the list is measured, not the probe engine.
 */
export async function seedMonitors(db: Kysely<Database>, count: number, now: number): Promise<void> {
  const random = createRandom(42);
  const seeds: MonitorSeed[] = [];
  for (let index = 0; index < count; index++) {
    const name = `${SERVICES[index % SERVICES.length]}-${Math.floor(index / SERVICES.length)}`;
    const roll = random();
    seeds.push({
      name,
      spec: { type: "http", url: `https://${name}.example/health`, interval: "30s", timeout: "10s" },
      state: roll < 0.01 ? "down" : roll < 0.04 ? "degraded" : "up",
    });
  }
  const ids = await insertMonitors(db, seeds, now);

  const results: ResultSeed[] = [];
  ids.forEach((monitorId, index) => {
    const state = seeds[index]?.state;
    const offset = Math.floor(random() * INTERVAL_MS);
    for (let age = 0; age < RESULTS_PER_MONITOR; age++) {
      const status: CheckStatus =
        state === "down" && age < 3
          ? "down"
          : state === "degraded" && age < 2
            ? "degraded"
            : random() < 0.01
              ? "degraded"
              : "up";
      results.push({
        monitorId,
        startedAt: now - offset - age * INTERVAL_MS,
        status,
        durationMs: status === "down" ? 10_000 : Math.round((20 + 80 * random() ** 3) * 100) / 100,
      });
    }
  });
  await insertResults(db, results);
}
