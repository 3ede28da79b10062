import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createClient } from "../../src/client/index.js";
import { type RunningServer, startServer } from "../../src/server/main.js";
import { settingsSchema } from "../../src/server/settings.js";
import { repoRoot } from "../support/build.js";

/**
 * The UI in a real browser: Debian's chromium driven by playwright-core against a real server
 * running the demo. Saves the screenshots the README shows.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.NINES_REQUIRE_ALL === "1") {
  throw new Error(`NINES_REQUIRE_ALL=1 but there is no browser at ${CHROMIUM} (apt-get install chromium)`);
}

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

describe.skipIf(!haveChromium)("the UI in Chromium", () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "nines-e2e-"));
    // Build the UI being tested, not whatever an earlier build left in dist/web.
    const webDir = path.join(dir, "web");
    await build({
      configFile: path.join(repoRoot, "web/vite.config.ts"),
      logLevel: "warn",
      build: { outDir: webDir, emptyOutDir: true },
    });
    server = await startServer(
      settingsSchema.parse({
        port: 0,
        dataDir: path.join(dir, "data"),
        demo: true,
        configFiles: [path.join(repoRoot, "examples/demo")],
      }),
      { logger: pino({ level: "silent" }), handleSignals: false, webDir },
    );
    // The demo's first checks are spread over their intervals (10 s for the storefront); wait for
    // a second storefront result so the screenshot has a latency line.
    const client = createClient({ baseUrl: server.url });
    await vi.waitFor(
      async () => {
        const { items } = await client.listMonitors();
        expect(items.find((monitor) => monitor.name === "shop-frontend")?.recent.length).toBeGreaterThanOrEqual(2);
        expect(items.find((monitor) => monitor.name === "legacy-reports")?.state).toBe("down");
      },
      { timeout: 60_000, interval: 500 },
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.shutdown("test done");
    rmSync(dir, { recursive: true, force: true });
  });

  const openPage = async (colorScheme: "light" | "dark"): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme });
    await page.goto(`${server.url}/`);
    return page;
  };

  it("shows the demo monitors and their states, and saves the README's screenshot", async () => {
    const page = await openPage("light");
    await expect.poll(() => page.url()).toMatch(/\/monitors$/);
    const frontend = page.getByTestId("monitor-row-shop-frontend");
    await frontend.waitFor();
    expect(await frontend.textContent()).toContain("Shop storefront");
    expect(await page.getByTestId("monitor-state-legacy-reports").getAttribute("data-state")).toBe("down");
    expect(await page.getByTestId("monitor-state-legacy-reports").textContent()).toMatch(/down/i);
    expect(await page.getByTestId("monitor-row-legacy-reports").textContent()).toMatch(/connection refused/);
    expect(["up", "down"]).toContain(await page.getByTestId("monitor-state-shop-frontend").getAttribute("data-state"));
    await page.getByTestId("demo-card").waitFor();
    for (const area of ["SLOs", "Alerts", "On-call", "Incidents", "Status pages"]) {
      expect(await page.getByRole("navigation").getByText(area, { exact: true }).count()).toBeGreaterThan(0);
    }
    mkdirSync(path.join(repoRoot, "docs/screenshots"), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, "docs/screenshots/monitors.png") });
    await page.close();
  });

  it("opens a monitor with its results and YAML", async () => {
    const page = await openPage("light");
    await page.getByTestId("monitor-row-legacy-reports").getByText("Legacy reports (decommissioned)").click();
    await expect.poll(() => page.url()).toMatch(/\/monitors\/legacy-reports$/);
    expect(await page.getByTestId("monitor-detail-state").textContent()).toMatch(/down/i);
    await page.getByTestId("results-table").waitFor();
    expect(await page.getByTestId("result-row").first().getAttribute("data-status")).toBe("down");
    await page.getByRole("tab", { name: /yaml/i }).click();
    const yaml = await page.getByTestId("object-yaml").textContent();
    expect(yaml).toContain("kind: Monitor");
    expect(yaml).toContain("url: http://127.0.0.1:9/reports");
    await page.close();
  });

  it("renders in dark mode", async () => {
    const page = await openPage("dark");
    await page.getByTestId("monitor-row-shop-frontend").waitFor();
    expect(await page.locator("html").getAttribute("data-mantine-color-scheme")).toBe("dark");
    await page.screenshot({ path: path.join(repoRoot, "docs/screenshots/monitors-dark.png") });
    await page.close();
  });
});
