import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { pino } from "pino";
import { build } from "vite";
import { settingsSchema } from "../../src/server/settings.js";
import { openStore, redactUrl, type Store } from "../../src/store/database.js";
import { writeResultsFile } from "../results-file.js";
import { type ApiMeasurement, measureApi } from "./api.js";
import { type BrowserMeasurement, measureBrowser, tracePageLoad } from "./page-load.js";
import { seedMonitors } from "./seed.js";

/**
 * The monitor list at scale: N monitors with recent results in a fresh store, the real server and
 * the production UI on it, then the list API and the page in Chromium timed R times each. Prints
 * a table and writes the run to a new file in bench/monitor-list/results/. See BENCHMARKS.md.
 * Run from the repository root.
 */
const { values: options } = parseArgs({
  options: {
    monitors: { type: "string", default: "10000" },
    repeats: { type: "string", default: "10" },
    "database-url": { type: "string" },
    search: { type: "string", default: "shop-42" },
    trace: { type: "string" },
  },
});
const monitors = bounded("monitors", 100, 100_000);
const repeats = bounded("repeats", 1, 1000);
const databaseUrl = options["database-url"];
const PAGE = 50;

function bounded(name: "monitors" | "repeats", min: number, max: number): number {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
}

/** The server takes a URL, not a schema: the pool reads `options` from the URL's query. */
function withSearchPath(url: string, schema: string): string {
  const separator = url.includes("?") ? "&" : "?";
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

async function describeDatabase(store: Store): Promise<string> {
  if (store.dialect === "postgres") {
    const { rows } = await sql<{ server_version: string }>`show server_version`.execute(store.db);
    return `PostgreSQL ${rows[0]?.server_version.split(" ")[0]}`;
  }
  const { rows } = await sql<{ version: string }>`select sqlite_version() as version`.execute(store.db);
  return `SQLite ${rows[0]?.version}`;
}

async function buildUi(outDir: string): Promise<void> {
  const configFile = path.resolve("web/vite.config.ts");
  if (!existsSync(configFile)) throw new Error("run from the repository root: web/vite.config.ts not found");
  // React's production build, as it ships, whatever NODE_ENV the shell has.
  process.env.NODE_ENV = "production";
  await build({ configFile, logLevel: "warn", build: { outDir, emptyOutDir: true } });
}

/**
 * The server as `npm run build:server` left it in dist/: compiled into this bench's own output,
 * its paths.ts would look for package.json two folders up from there and not find it.
 */
async function loadServer(): Promise<typeof import("../../src/server/main.js")> {
  const file = path.resolve("dist/server/main.js");
  if (!existsSync(file)) throw new Error("dist/server/main.js not found: run `npm run build:server` first");
  return (await import(pathToFileURL(file).href)) as typeof import("../../src/server/main.js");
}

async function main() {
  const { startServer } = await loadServer();
  const dir = mkdtempSync(path.join(os.tmpdir(), "nines-bench-list-"));
  const schema = databaseUrl ? `nines_bench_${randomBytes(4).toString("hex")}` : undefined;
  const dataDir = path.join(dir, "data");
  let store: Store | undefined;
  let shutdown: (() => Promise<void>) | undefined;
  try {
    console.error("building the UI …");
    await buildUi(path.join(dir, "web"));
    // Opened first, so the PostgreSQL schema exists and is migrated before the server connects.
    store = await openStore({ databaseUrl, dataDir, schema });
    const server = await startServer(
      settingsSchema.parse({
        port: 0,
        dataDir,
        databaseUrl: databaseUrl && schema ? withSearchPath(databaseUrl, schema) : undefined,
        logLevel: "silent",
        // The page and the API are timed as an anonymous reader of the demo sees them.
        anonymousRead: true,
      }),
      { logger: pino({ level: "silent" }), handleSignals: false, webDir: path.join(dir, "web") },
    );
    shutdown = () => server.shutdown("benchmark done");

    // After the start, so the probe engine, which loads monitors when it starts, never checks them.
    const seeding = performance.now();
    await seedMonitors(store.db, monitors, Date.now());
    // A live PostgreSQL has statistics from autovacuum; this gives them now instead of mid-run.
    // Named tables only: a bare `analyze` would go through every schema of the shared database.
    if (store.dialect === "postgres") await sql`analyze objects, monitor_states, monitor_results`.execute(store.db);
    console.error(`seeded ${monitors} monitors in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    const api = await measureApi(
      server.url,
      [
        { label: "first page", query: `limit=${PAGE}` },
        { label: `deep page (offset ${monitors - PAGE})`, query: `limit=${PAGE}&offset=${monitors - PAGE}` },
        { label: `search "${options.search}"`, query: `limit=${PAGE}&search=${encodeURIComponent(options.search)}` },
        { label: "state filter (down)", query: `limit=${PAGE}&state=down` },
      ],
      repeats,
    );
    const searchRows = api[2]?.rows ?? 0;
    // With no match the empty table would count as narrowed before the search even ran.
    if (searchRows === 0) throw new Error(`--search ${options.search} matches no monitor; pick one that does`);
    const browser = await measureBrowser(server.url, { repeats, pageRows: PAGE, search: options.search, searchRows });

    const run = {
      date: new Date().toISOString(),
      monitors,
      repeats,
      database: await describeDatabase(store),
      ...(databaseUrl ? { databaseUrl: redactUrl(databaseUrl) } : {}),
      machine: {
        cpu: os.cpus()[0]?.model ?? "unknown",
        cores: os.cpus().length,
        node: process.version,
        loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
      },
      api,
      browser,
    };
    printTable(run.database, api, browser);
    if (options.trace) {
      const trace = await tracePageLoad(server.url, PAGE, options.trace);
      console.log(
        `\nA traced cold load (${options.trace}): main thread busy ${trace.busyMs.toFixed(0)} of ${trace.spanMs.toFixed(0)} ms; self time by event:`,
      );
      for (const { name, ms } of trace.top) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
    }
    const file = saveRun(run, store.dialect);
    console.log(`\nsaved to ${file}`);
  } finally {
    await shutdown?.();
    if (store && schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(database: string, api: ApiMeasurement[], browser: BrowserMeasurement) {
  console.log(`\n${monitors.toLocaleString("en")} monitors, ${database}, ${repeats} runs each (p95 by nearest rank)\n`);
  console.log("| Measurement | Rows shown / matching | Median | p95 |");
  console.log("|---|---:|---:|---:|");
  for (const { label, rows, total, time, bytes } of api)
    console.log(
      `| API ${label}, ${(bytes / 1000).toFixed(0)} KB | ${rows} / ${total.toLocaleString("en")} | ${time.median} ms | ${time.p95} ms |`,
    );
  const matching = `${api[0]?.rows} / ${api[0]?.total.toLocaleString("en")}`;
  console.log(`| Page: first row visible | ${matching} | ${browser.firstRow.median} ms | ${browser.firstRow.p95} ms |`);
  console.log(
    `| Page: of which, scripts loaded and run (DOMContentLoaded) | | ${browser.scriptsRun.median} ms | ${browser.scriptsRun.p95} ms |`,
  );
  console.log(
    `| Page: of which, list API answered (resource timing) | | ${browser.apiAnswered.median} ms | ${browser.apiAnswered.p95} ms |`,
  );
  console.log(
    `| Page: of which, all rows in an animation frame (page clock) | | ${browser.rowsInFrame.median} ms | ${browser.rowsInFrame.p95} ms |`,
  );
  console.log(`| Page: all rows visible | ${matching} | ${browser.allRows.median} ms | ${browser.allRows.p95} ms |`);
  console.log(
    `| Page: search typed → rows narrowed (250 ms debounce included) | ${api[2]?.rows} / ${api[2]?.total} | ${browser.search.median} ms | ${browser.search.p95} ms |`,
  );
  console.log(`| Page: JS heap after load (after GC) | | ${browser.heapMb.median} MB | ${browser.heapMb.p95} MB |`);
  console.log(`\nAPI requests the page made to show its rows: ${browser.apiRequests}`);
}

/** A new file per run, named by date, revision and database (results-file.ts). */
function saveRun(run: object, dialect: string): string {
  const file = writeResultsFile(path.resolve("bench/monitor-list/results"), run, {
    repository: process.cwd(),
    label: dialect,
  });
  return path.relative(process.cwd(), file);
}

await main();
