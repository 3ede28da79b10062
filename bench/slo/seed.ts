import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { insertObject } from "../../src/config/objects.js";
import { KINDS } from "../../src/kinds.js";
import { compileSlo } from "../../src/slo/runtime.js";
import { openStore } from "../../src/store/database.js";
import { countsAt, MINUTE_MS, SERVICE_DOCUMENT, sloDocument, sumCounts } from "./workload.js";

/**
 * A Nines database as a server that has run for a month holds it: N SLO objects, one series each,
 * the minutes of the last 25 hours (what the engine keeps) and the hours of the last 31 days,
 * every hour the exact sum of its minutes. Objects go through the store's own insert; the counts
 * straight into slo_series, slo_minutes and slo_hours, in one transaction.
 */

export interface Seed {
  slos: number;
  /** The instant the data ends at: its last whole minute is the one before. */
  now: number;
  seconds: number;
  minutes: number;
  hours: number;
  databaseBytes: number;
}

const MINUTES_KEPT = 25 * 60;
const HOURS_KEPT = 31 * 24;

export async function seedDatabase(dataDir: string, slos: number, now: number): Promise<Seed> {
  const started = performance.now();
  const manifest = path.join(dataDir, "seed.json");
  if (existsSync(manifest)) {
    const earlier = JSON.parse(readFileSync(manifest, "utf8")) as Seed;
    if (earlier.slos === slos) return earlier;
    throw new Error(`${dataDir} holds a seed of ${earlier.slos} SLOs, not ${slos}: use another directory`);
  }
  const fingerprints = await insertSlos(dataDir, slos, now);
  const sqlite = new SQLite(path.join(dataDir, "nines.db"));
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -262144");
  const insertSeries = sqlite.prepare(
    "insert into slo_series (slo, stream, labels, fingerprint, created_at) values (?, 'sli', '{}', ?, ?)",
  );
  const insertMinute = sqlite.prepare("insert into slo_minutes (series_id, minute, good, total) values (?, ?, ?, ?)");
  const insertHour = sqlite.prepare("insert into slo_hours (series_id, hour, good, total) values (?, ?, ?, ?)");
  const lastMinute = Math.floor(now / MINUTE_MS) - 1;
  const firstMinute = lastMinute - MINUTES_KEPT + 1;
  const lastHour = Math.floor(lastMinute / 60);
  let minutes = 0;
  let hours = 0;
  sqlite.transaction(() => {
    for (let index = 0; index < slos; index++) {
      const id = Number(insertSeries.run(`bench-${index}`, fingerprints[index], now - 31 * 86_400_000).lastInsertRowid);
      for (let minute = firstMinute; minute <= lastMinute; minute++) {
        const { total, bad } = countsAt(index, minute);
        insertMinute.run(id, minute, total - bad, total);
        minutes++;
      }
      for (let hour = lastHour - HOURS_KEPT + 1; hour <= lastHour; hour++) {
        const { total, bad } = sumCounts(index, hour * 60, Math.min(hour * 60 + 60, lastMinute + 1));
        insertHour.run(id, hour, total - bad, total);
        hours++;
      }
    }
  })();
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  const seed: Seed = {
    slos,
    now,
    seconds: (performance.now() - started) / 1000,
    minutes,
    hours,
    databaseBytes: fileBytes(path.join(dataDir, "nines.db")),
  };
  writeFileSync(manifest, JSON.stringify(seed));
  return seed;
}

/** Inserts the SLO objects (checked once against the SLO schema) and returns each one's series fingerprint. */
async function insertSlos(dataDir: string, slos: number, now: number): Promise<string[]> {
  const parsed = KINDS.get("SLO")?.schema.safeParse(sloDocument(0));
  if (!parsed?.success) throw new Error(`the benchmark's SLO is not valid: ${parsed?.error.message}`);
  const store = await openStore({ dataDir });
  try {
    const fingerprints: string[] = [];
    await store.db.transaction().execute(async (trx) => {
      await insertObject(trx, SERVICE_DOCUMENT, now);
      for (let index = 0; index < slos; index++) {
        const object = await insertObject(trx, sloDocument(index), now);
        const runtime = compileSlo(object, () => undefined, [], now);
        const plan = runtime.plans.ok ? runtime.plans.streams[0] : undefined;
        if (runtime.error || !plan) throw new Error(`SLO ${index} does not compile: ${runtime.error}`);
        if (runtime.windows.length !== 8) throw new Error(`expected 8 windows, got ${runtime.windows.length}`);
        fingerprints.push(plan.fingerprint);
      }
    });
    return fingerprints;
  } finally {
    await store.close();
  }
}

function fileBytes(file: string): number {
  let total = 0;
  for (const suffix of ["", "-wal", "-shm"]) {
    try {
      total += statSync(`${file}${suffix}`).size;
    } catch {
      // Not there.
    }
  }
  return total;
}
