import { pino } from "pino";
import { ObjectEvents } from "../../src/config/events.js";
import type { Clock } from "../../src/core/clock.js";
import { createEmbeddedQueries, type EmbeddedQueries } from "../../src/slo/embedded-queries.js";
import { createSloEngine, type SloEngine } from "../../src/slo/engine.js";
import { decodeWriteRequest } from "../../src/slo/remote-write.js";
import { openStore, type Store } from "../../src/store/database.js";

/**
 * Nines' remote_write path as the server wires it: the engine loads the SLOs of a seeded
 * database, tells the embedded queries what to select, and takes their per-minute counts. The
 * engine's own cycle never runs here (its timers never fire): the ingest is measured alone.
 */
export interface IngestEngine {
  store: Store;
  engine: SloEngine;
  embedded: EmbeddedQueries;
  ingest(body: Buffer): ReturnType<EmbeddedQueries["ingest"]>;
  close(): Promise<void>;
}

const wallClockWithoutTimers: Clock = { now: () => Date.now(), setTimer: () => () => {} };

export async function startIngestEngine(dataDir: string): Promise<IngestEngine> {
  const store = await openStore({ dataDir });
  let engine: SloEngine | undefined;
  const embedded = createEmbeddedQueries({ onCounts: (counts) => engine?.recordEmbedded(counts) });
  engine = createSloEngine({
    store,
    events: new ObjectEvents(),
    clock: wallClockWithoutTimers,
    logger: pino({ level: "silent" }),
    onEmbeddedQueries: (queries) => embedded.setQueries(queries),
  });
  await engine.start();
  const started = engine;
  return {
    store,
    engine: started,
    embedded,
    // As the server does (src/server/app.ts): series no query names are skipped undecoded.
    ingest: (body) => embedded.ingest(decodeWriteRequest(body, { keepName: embedded.wantsName }), Date.now()),
    async close() {
      await started.stop();
      await store.close();
    },
  };
}
