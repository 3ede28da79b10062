import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Client, createClient } from "../../src/client/index.js";
import { repoRoot } from "../support/build.js";
import { type BrowserSetup, haveChromium, SCREENSHOTS, startBrowserSetup } from "./browser.js";

/**
 * The monitor list and a monitor's page in a real browser, against a real server running the demo
 * plus a few monitors of its own that check every second, so states change within seconds. Saves
 * the screenshots the README shows.
 */
const FAST_MONITORS = `
apiVersion: nines/v1
kind: Monitor
metadata: {name: cart-api, displayName: Cart API}
spec: {type: http, url: "\${NINES_URL}/demo/shop/checkout", interval: 1s, timeout: 800ms, degradedAbove: 300ms}
---
apiVersion: nines/v1
kind: Monitor
metadata: {name: session-api, displayName: Session API}
spec: {type: http, url: "\${NINES_URL}/demo/shop/health", interval: 1s, timeout: 800ms, failureThreshold: 2}
---
apiVersion: nines/v1
kind: Monitor
metadata: {name: old-billing, displayName: Billing (old host)}
spec: {type: http, url: "http://127.0.0.1:9/billing", interval: 1s, timeout: 800ms, failureThreshold: 1}
`;

describe.skipIf(!haveChromium)("the monitor list and page in Chromium", () => {
  let setup: BrowserSetup;
  let client: Client;

  beforeAll(async () => {
    setup = await startBrowserSetup({
      demo: true,
      configFiles: [path.join(repoRoot, "examples/demo")],
      yaml: FAST_MONITORS,
    });
    client = createClient({ baseUrl: setup.server.url });
    await vi.waitFor(
      async () => {
        expect((await client.getMonitor("old-billing")).state).toBe("down");
        expect((await client.getMonitor("cart-api")).recent.length).toBeGreaterThanOrEqual(3);
      },
      { timeout: 20_000, interval: 250 },
    );
  }, 120_000);

  afterAll(async () => {
    await setup?.close();
  });

  it("narrows the list by search and by state, and keeps both in the URL", async () => {
    const page = await setup.openPage();
    await page.goto(`${setup.server.url}/`);
    await expect.poll(() => page.url()).toMatch(/\/monitors$/);
    await page.getByTestId("monitor-row-cart-api").waitFor();
    expect(await page.getByTestId("monitor-row-shop-frontend").textContent()).toContain("Shop storefront");
    expect(await page.getByTestId("monitor-total").textContent()).toMatch(/^8 total/);

    await page.getByTestId("monitor-search").fill("storefront");
    await expect.poll(() => page.url()).toMatch(/[?&]search=storefront/);
    await page.getByTestId("monitor-row-cart-api").waitFor({ state: "detached" });
    expect(await rowNames(page)).toEqual(["shop-frontend"]);

    await page.getByRole("button", { name: "Clear search" }).click();
    await page.getByTestId("monitor-row-cart-api").waitFor();
    await page.getByTestId("state-filter").getByText("Down", { exact: true }).click();
    await expect.poll(() => page.url()).toMatch(/[?&]state=down/);
    await page.getByTestId("monitor-row-cart-api").waitFor({ state: "detached" });
    const states = await page
      .locator('[data-testid^="monitor-row-"]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-state")));
    expect(new Set(states)).toEqual(new Set(["down"]));
    expect(await rowNames(page)).toContain("old-billing");
    expect(await page.getByTestId("monitor-state-old-billing").textContent()).toMatch(/down/i);
    expect(await page.getByTestId("monitor-row-old-billing").textContent()).toMatch(/refused/i);

    // A shared link opens the same view.
    await page.goto(`${setup.server.url}/monitors?search=billing&state=down`);
    await page.getByTestId("monitor-row-old-billing").waitFor();
    expect(await page.getByTestId("monitor-search").inputValue()).toBe("billing");
    expect(await rowNames(page)).toEqual(["old-billing"]);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("shows a monitor's response time by phase, uptime per day, results and YAML", async () => {
    const page = await setup.openPage();
    await page.goto(`${setup.server.url}/monitors`);
    await page.getByTestId("monitor-row-cart-api").getByText("Cart API").click();
    await expect.poll(() => page.url()).toMatch(/\/monitors\/cart-api$/);
    await page.getByTestId("phase-chart").locator("canvas").first().waitFor();
    expect(await page.getByTestId("phase-legend").textContent()).toMatch(/DNS.*Connect.*First byte/);
    await page.getByTestId("uptime-bar").first().waitFor();
    expect(await page.getByTestId("uptime-bar").count()).toBe(30);
    expect(await page.getByTestId("uptime-bar").last().getAttribute("data-status")).not.toBe("none");
    await page.getByTestId("result-row").first().waitFor();
    expect(["up", "degraded", "down"]).toContain(
      await page.getByTestId("result-row").first().getAttribute("data-status"),
    );
    await page.getByTestId("state-history").waitFor();

    await page.getByRole("tab", { name: /yaml/i }).click();
    const yaml = await page.getByTestId("object-yaml").textContent();
    expect(yaml).toContain("kind: Monitor");
    expect(yaml).toContain("degradedAbove: 300ms");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("saves the screenshots of the list, light and dark, and of a monitor's page", async () => {
    // The demo's own monitors check every 10 to 30 s: wait for a latency line in the storefront's
    // row, and for a chart worth looking at on the page of a monitor that checks every second.
    await vi.waitFor(
      async () => {
        expect((await client.getMonitor("shop-frontend")).recent.length).toBeGreaterThanOrEqual(2);
        expect((await client.listResults("cart-api", { limit: 20 })).items.length).toBeGreaterThanOrEqual(20);
      },
      { timeout: 30_000, interval: 500 },
    );
    for (const colorScheme of ["light", "dark"] as const) {
      const page = await setup.openPage({ colorScheme });
      await page.goto(`${setup.server.url}/monitors`);
      await page.getByTestId("monitor-row-shop-frontend").waitFor();
      await page.getByTestId("demo-card").waitFor();
      expect(await page.locator("html").getAttribute("data-mantine-color-scheme")).toBe(colorScheme);
      for (const area of ["SLOs", "Alerts", "On-call", "Incidents", "Status pages"]) {
        expect(await page.getByRole("navigation").getByText(area, { exact: true }).count()).toBeGreaterThan(0);
      }
      await page.mouse.move(0, 0);
      await page.screenshot({
        path: path.join(SCREENSHOTS, colorScheme === "light" ? "monitors.png" : "monitors-dark.png"),
      });
      expect(page.errors).toEqual([]);
      await page.close();
    }
    const page = await setup.openPage();
    await page.goto(`${setup.server.url}/monitors/cart-api`);
    await page.getByTestId("phase-chart").locator("canvas").first().waitFor();
    await page.getByTestId("uptime-bar").first().waitFor();
    await page.getByTestId("state-history").locator("table, [data-testid=state-history-empty]").first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "monitor.png") });
    expect(page.errors).toEqual([]);
    await page.close();
  }, 45_000);

  it("lists the state change when the demo service starts failing", async () => {
    const brokenAt = Date.now();
    await client.setDemo({ failureRate: 1 });
    try {
      await vi.waitFor(async () => expect((await client.getMonitor("session-api")).state).toBe("down"), {
        timeout: 15_000,
        interval: 250,
      });
      const page = await setup.openPage();
      await page.goto(`${setup.server.url}/monitors/session-api`);
      expect(await page.getByTestId("monitor-detail-state").getAttribute("data-state")).toBe("down");
      const change = page.locator('[data-testid="state-change"][data-to="down"]').first();
      await change.waitFor();
      expect(Number(await change.getAttribute("data-at"))).toBeGreaterThanOrEqual(brokenAt - 1000);
      expect(await change.textContent()).toMatch(/up.*down/i);
      expect(page.errors).toEqual([]);
      await page.close();
    } finally {
      await client.setDemo({ failureRate: 0.05 });
    }
  });
});

async function rowNames(page: import("playwright-core").Page): Promise<string[]> {
  return page
    .locator('[data-testid^="monitor-row-"]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-testid")!.replace("monitor-row-", "")));
}
