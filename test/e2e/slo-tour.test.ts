import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { type Client, createClient } from "../../src/client/index.js";
import { type BrowserSetup, haveChromium, SCREENSHOTS, startBrowserSetup } from "./browser.js";

/**
 * The README's SLO tour: the demo as `npm start` runs it, with a day of the shop's checkout
 * requests posted to the events endpoint (a calm day, a bad afternoon) and a failing shop now, so
 * the list and the page show budgets burning and a page-severity alert firing.
 */
const demo = fileURLToPath(new URL("../../examples/demo", import.meta.url));
const HOUR = 3_600_000;

let setup: BrowserSetup;
let client: Client;

beforeAll(async () => {
  if (!haveChromium) return;
  setup = await startBrowserSetup({ demo: true, anonymousRead: true, configFiles: [demo] });
  const { token } = await createToken(setup.store.db, "tour", Date.now(), { role: "responder" });
  client = createClient({ baseUrl: setup.server.url, token });
  const now = Date.now();
  const events = [];
  for (let hour = 23; hour >= 1; hour--) {
    const failing = hour === 7 || hour === 6 ? 0.02 : 0.002;
    events.push({ good: Math.round(36_000 * (1 - failing)), total: 36_000, time: now - hour * HOUR });
  }
  // The last ten minutes: the shop fails half its checkouts.
  for (let minute = 10; minute >= 0; minute--) events.push({ good: 300, total: 600, time: now - minute * 60_000 });
  const response = await fetch(`${setup.server.url}/api/v1/slis/checkout-requests/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ events }),
  });
  expect(response.status).toBe(202);
  // The monitors' first probe results make the storefront's SLO measured too.
  await vi.waitFor(
    async () => {
      await setup.server.nines.slos.runCycle();
      expect((await client.getSlo("storefront-availability")).lastDataAt).not.toBeNull();
    },
    { timeout: 60_000, interval: 1000 },
  );
}, 240_000);

afterAll(async () => {
  await setup?.close();
});

it.skipIf(!haveChromium)("shows the demo's burning checkout budget and its page, for the README", async () => {
  const checkout = await client.getSlo("checkout-availability");
  expect(checkout.objectives[0]?.burnRates["5m"]).toBeGreaterThan(50);
  expect(checkout.alerts.some((alert) => alert.severity === "page" && alert.state === "firing")).toBe(true);

  const page = await setup.openPage();
  await page.goto(`${setup.server.url}/slos`);
  const row = page.getByTestId("slo-row-checkout-availability");
  await row.waitFor();
  expect(["burning", "exhausted"]).toContain(await row.getAttribute("data-status"));
  await page.getByTestId("slo-row-storefront-availability").waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "slos.png") });

  await row.getByText("Checkout availability").click();
  await page.getByTestId("budget-chart").locator("canvas").first().waitFor();
  await page.getByTestId("sli-chart").locator("canvas").first().waitFor();
  await page.getByTestId("slo-alerts").waitFor();
  expect(await page.getByTestId("slo-alerts").textContent()).toMatch(/page-fast/);
  await page.screenshot({ path: path.join(SCREENSHOTS, "slo-demo.png"), fullPage: true });
  expect(page.errors).toEqual([]);
  await page.close();
});
