import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { type Client, createClient } from "../../src/client/index.js";
import { type BrowserSetup, haveChromium, SCREENSHOTS, startBrowserSetup } from "./browser.js";

/**
 * The SLO list and an SLO's page in a real browser: an SLO on a monitor's checks, applied through
 * the API like `nines apply`, shows up in the list with its budget and burn, and its page draws the
 * burn-rate table and both charts.
 */
const SLO = "cart-availability";

/**
 * A monitor checking the demo shop every second, and an SLO counting its checks: good (not down)
 * of all. The Monitor source names the monitor in `spec.monitor`, the same in good and total.
 */
function documents(url: string) {
  return [
    {
      apiVersion: "nines/v1",
      kind: "Monitor",
      metadata: { name: "cart-api", displayName: "Cart API" },
      spec: { type: "http", url: `${url}/demo/shop/health`, interval: "1s", timeout: "800ms" },
    },
    {
      apiVersion: "openslo/v1",
      kind: "Service",
      metadata: { name: "cart", displayName: "Cart" },
      spec: { description: "The shop's cart." },
    },
    {
      apiVersion: "openslo/v1",
      kind: "SLO",
      metadata: { name: SLO, displayName: "Cart availability" },
      spec: {
        service: "cart",
        description: "99% of the cart's health checks pass over a day.",
        budgetingMethod: "Occurrences",
        timeWindow: [{ duration: "1d", isRolling: true }],
        indicator: {
          metadata: { name: "cart-checks" },
          spec: {
            ratioMetric: {
              good: { metricSource: { type: "Monitor", spec: { monitor: "cart-api" } } },
              total: { metricSource: { type: "Monitor", spec: { monitor: "cart-api" } } },
            },
          },
        },
        objectives: [{ displayName: "Cart checks pass", target: 0.99 }],
      },
    },
  ];
}

describe.skipIf(!haveChromium)("the SLO list and page in Chromium", () => {
  let setup: BrowserSetup;
  let client: Client;

  beforeAll(async () => {
    setup = await startBrowserSetup({ demo: true, anonymousRead: true });
    const { token } = await createToken(setup.store.db, "e2e", Date.now(), { role: "editor" });
    client = createClient({ baseUrl: setup.server.url, token });
    await client.apply({ documents: documents(setup.server.url), prune: false });
    // The engine counts per minute: wait for the first minute with checks in it.
    await vi.waitFor(
      async () => {
        const slo = await client.getSlo(SLO);
        expect(slo.lastDataAt).not.toBeNull();
        expect(slo.objectives[0]?.total).toBeGreaterThan(0);
      },
      { timeout: 150_000, interval: 1000 },
    );
  }, 240_000);

  afterAll(async () => {
    await setup?.close();
  });

  it("lists the SLO with its target, SLI, budget left and fastest burn", async () => {
    const listed = (await client.listSlos()).items.find((slo) => slo.name === SLO);
    expect(listed?.source).toBe("Monitor");
    const page = await setup.openPage();
    await page.goto(`${setup.server.url}/slos`);
    const row = page.getByTestId(`slo-row-${SLO}`);
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain("Cart availability");
    expect(text).toContain("cart");
    expect(text).toContain("99%");
    // The SLI is a percentage once the first minute is counted, never NaN.
    expect(text).toMatch(/\d+\.\d+%/);
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(["ok", "warning", "burning", "exhausted"]).toContain(await row.getAttribute("data-status"));
    expect(await page.getByTestId(`slo-status-${SLO}`).textContent()).toMatch(/OK|Warning|Burning|Exhausted/);
    const budget = row.getByTestId("budget-bar");
    expect(await budget.textContent()).toMatch(/-?\d+\.\d%/);
    expect(await row.getByTestId("burn-badge").textContent()).toMatch(/^\d+(\.\d+)?x (5m|30m|1h|2h|6h|1d|3d)$/);
    // The area is live: no "soon" beside it, no coming-soon page.
    expect(await page.getByRole("navigation").getByRole("link", { name: "SLOs" }).textContent()).not.toContain("soon");
    expect(await page.getByTestId("coming-soon").count()).toBe(0);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("opens the SLO's page with its burn-rate table, both charts, alerts and YAML", async () => {
    const page = await setup.openPage();
    await page.goto(`${setup.server.url}/slos`);
    await page.getByTestId(`slo-row-${SLO}`).getByText("Cart availability").click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/slos/${SLO}$`));
    await page.getByTestId("slo-detail-status").waitFor();

    const burn = page.getByTestId("burn-table");
    await burn.waitFor();
    const headers = await burn.locator("th").allTextContents();
    expect(headers.slice(1)).toEqual(["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
    expect(await burn.locator("td[data-window]").allTextContents()).toHaveLength(7);
    expect(await page.getByTestId("objective-budget-minutes").textContent()).toMatch(/of 14\.4m$/);
    expect(await page.getByTestId("objective-budget-events").textContent()).toMatch(/spent$/);

    await page.getByTestId("budget-chart").locator("canvas").first().waitFor();
    await page.getByTestId("sli-chart").locator("canvas").first().waitFor();
    expect(await page.getByTestId("sli-chart").textContent()).toContain("Target 99%");

    await page.locator('[data-testid="slo-alerts"], [data-testid="slo-alerts-empty"]').first().waitFor();
    await page.getByRole("tab", { name: /yaml/i }).click();
    const yaml = await page.getByTestId("object-yaml").textContent();
    expect(yaml).toContain("kind: SLO");
    expect(yaml).toContain("target: 0.99");
    await page.screenshot({ path: path.join(SCREENSHOTS, "slo.png"), fullPage: true });
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("says so when an SLO does not exist", async () => {
    const page = await setup.openPage();
    await page.goto(`${setup.server.url}/slos/no-such-slo`);
    const problem = page.getByTestId("problem");
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/404/);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
