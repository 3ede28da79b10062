import type { Kysely } from "kysely";
import type { CheckStatus } from "../../src/probes/model.js";
import { chunks } from "../../src/store/batches.js";
import type { Database } from "../../src/store/schema.js";

/**
 * Fast factories for store tests that need many monitors or results: multi-row inserts straight
 * into the tables, skipping the state machine that `recordResults` runs for every result.
 */
export interface MonitorSeed {
  name: string;
  displayName?: string;
  spec?: Record<string, unknown>;
  /** Stored in `monitor_states`; none means pending. */
  state?: "up" | "degraded" | "down" | "maintenance" | "paused";
}

export interface ResultSeed {
  monitorId: number;
  startedAt: number;
  status: CheckStatus;
  durationMs: number;
  inMaintenance?: boolean;
}

export async function insertMonitors(db: Kysely<Database>, seeds: MonitorSeed[], now: number): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunks(seeds)) {
    const rows = await db
      .insertInto("objects")
      .values(
        chunk.map((seed) => ({
          api_version: "nines/v1",
          kind: "Monitor",
          name: seed.name,
          metadata: JSON.stringify(
            seed.displayName ? { name: seed.name, displayName: seed.displayName } : { name: seed.name },
          ),
          spec: JSON.stringify(
            seed.spec ?? { type: "http", url: `https://${seed.name}.example/health`, interval: "30s", timeout: "10s" },
          ),
          generation: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning("id")
      .execute();
    const chunkIds = rows.map((row) => Number(row.id));
    ids.push(...chunkIds);
    const states = chunk.flatMap((seed, index) =>
      seed.state
        ? [
            {
              monitor_id: chunkIds[index] as number,
              state: seed.state,
              since: now,
              last_check_at: now,
              last_error: null,
            },
          ]
        : [],
    );
    if (states.length > 0) await db.insertInto("monitor_states").values(states).execute();
  }
  return ids;
}

export async function insertResults(db: Kysely<Database>, results: ResultSeed[]): Promise<void> {
  for (const chunk of chunks(results)) {
    await db
      .insertInto("monitor_results")
      .values(
        chunk.map((result) => ({
          monitor_id: result.monitorId,
          started_at: result.startedAt,
          status: result.status,
          duration_ms: result.durationMs,
          status_code: null,
          error: null,
          timings: null,
          in_maintenance: result.inMaintenance ? 1 : 0,
        })),
      )
      .execute();
  }
}

/** A reproducible stream of numbers in [0, 1), so failures can be replayed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
