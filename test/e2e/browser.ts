import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { type RunningServer, startServer } from "../../src/server/main.js";
import { settingsSchema } from "../../src/server/settings.js";
import { openStore, type Store } from "../../src/store/database.js";
import { repoRoot } from "../support/build.js";
import { CHROMIUM, CHROMIUM_ARGS } from "../support/chromium.js";

/**
 * What every browser test needs: the UI built from the working tree, a real server on a fresh
 * data directory, Debian's chromium driven by playwright-core, and a second handle on the server's
 * database for setting up what the UI cannot (tokens, thousands of rows).
 */
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.NINES_REQUIRE_ALL === "1") {
  throw new Error(`NINES_REQUIRE_ALL=1 but there is no browser at ${CHROMIUM} (apt-get install chromium)`);
}

/**
 * Where the browser tests save their screenshots: an ignored folder, unless `npm run
 * docs:screenshots` asks for the ones the docs show (NINES_SCREENSHOTS=docs).
 */
export const SCREENSHOTS = path.join(
  repoRoot,
  process.env.NINES_SCREENSHOTS === "docs" ? "docs/screenshots" : "test-results/screenshots",
);

export interface BrowserSetup {
  server: RunningServer;
  browser: Browser;
  /** The server's database, opened a second time (SQLite in WAL mode takes both). */
  store: Store;
  dir: string;
  /** A page at 1440×900 whose uncaught errors are collected in `errors`. */
  openPage(options?: { colorScheme?: "light" | "dark"; token?: string }): Promise<Page & { errors: Error[] }>;
  close(): Promise<void>;
}

export async function startBrowserSetup(options: {
  demo?: boolean;
  anonymousRead?: boolean;
  /** YAML applied at start besides `configFiles`, written to a file in the data directory. */
  yaml?: string;
  configFiles?: string[];
}): Promise<BrowserSetup> {
  const dir = mkdtempSync(path.join(tmpdir(), "nines-e2e-"));
  // Build the UI being tested, not whatever an earlier build left in dist/web.
  const webDir = path.join(dir, "web");
  // Vitest sets NODE_ENV=test, which would give React's development build: slower, and not what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: path.join(repoRoot, "web/vite.config.ts"),
      logLevel: "warn",
      build: { outDir: webDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const configFiles = [...(options.configFiles ?? [])];
  if (options.yaml) {
    const file = path.join(dir, "e2e-monitors.yaml");
    writeFileSync(file, options.yaml);
    configFiles.push(file);
  }
  const dataDir = path.join(dir, "data");
  const server = await startServer(
    settingsSchema.parse({
      port: 0,
      dataDir,
      demo: options.demo ?? false,
      anonymousRead: options.anonymousRead ?? false,
      configFiles,
    }),
    { logger: pino({ level: "silent" }), handleSignals: false, webDir },
  );
  const store = await openStore({ dataDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOTS, { recursive: true });

  return {
    server,
    browser,
    store,
    dir,
    async openPage({ colorScheme = "light", token } = {}) {
      const page = Object.assign(
        await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme, locale: "en-US" }),
        {
          errors: [] as Error[],
        },
      );
      page.on("pageerror", (error) => page.errors.push(error));
      if (token) await page.addInitScript((value) => localStorage.setItem("nines-api-token", value), token);
      return page;
    },
    async close() {
      await browser.close();
      await store.close();
      await server.shutdown("test done");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
