import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { type Client, createClient } from "../../src/client/index.js";
import { type BrowserSetup, haveChromium, SCREENSHOTS, startBrowserSetup } from "./browser.js";

/**
 * Alerts in a real browser: alerts posted through Alertmanager's API v2, as Prometheus posts them,
 * show grouped by their Route's groupBy; silencing the group from the UI suppresses its alerts,
 * the silence is listed, and expiring it from the UI ends it.
 */
const documents = [
  {
    apiVersion: "nines/v1",
    kind: "Receiver",
    metadata: { name: "ops" },
    spec: { channels: [{ type: "inbox", name: "ops" }] },
  },
  {
    apiVersion: "nines/v1",
    kind: "Route",
    metadata: { name: "by-service" },
    spec: { receiver: "ops", groupBy: ["service"], groupWait: "0s", groupInterval: "1s" },
  },
];

const alerts = [
  { labels: { alertname: "CartDown", service: "cart", severity: "page" }, annotations: { summary: "Cart is down" } },
  { labels: { alertname: "CartSlow", service: "cart", severity: "warning" }, annotations: { summary: "Cart is slow" } },
  { labels: { alertname: "SearchSlow", service: "search", severity: "warning" } },
];

describe.skipIf(!haveChromium)("alerts and silences in Chromium", () => {
  let setup: BrowserSetup;
  let client: Client;
  let token: string;
  let ingest: number;

  beforeAll(async () => {
    setup = await startBrowserSetup({ anonymousRead: true });
    token = (await createToken(setup.store.db, "e2e-responder", Date.now(), { role: "editor" })).token;
    client = createClient({ baseUrl: setup.server.url, token });
    await client.apply({ documents, prune: false });
    const response = await fetch(`${setup.server.url}/api/v2/alerts`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(alerts),
    });
    ingest = response.status;
  }, 120_000);

  afterAll(async () => {
    await setup?.close();
  });

  it("shows posted alerts grouped, silences a group from the UI and sees it suppressed", async () => {
    expect(ingest).toBe(200);
    const page = await setup.openPage({ token });
    await page.goto(`${setup.server.url}/alerts`);
    const cart = page.locator('[data-testid="alert-group"][data-group=\'{service="cart"}\']');
    await cart.waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="alert-group"][data-group=\'{service="search"}\']').waitFor();
    const rows = cart.getByTestId("alert-row");
    await vi.waitFor(async () => expect(await rows.count()).toBe(2), { timeout: 10_000, interval: 250 });
    expect(await rows.evaluateAll((each) => each.map((row) => row.getAttribute("data-state")))).toEqual([
      "firing",
      "firing",
    ]);
    expect(await cart.textContent()).toContain("alertname=CartDown");
    expect(await cart.textContent()).toContain("Cart is down");

    await cart.getByTestId("silence-group").click();
    const form = page.getByTestId("silence-form");
    await form.waitFor();
    expect(await form.getByTestId("silence-matchers").inputValue()).toBe('{service="cart"}');
    await form.getByTestId("silence-duration").fill("1h");
    await form.getByTestId("silence-author").fill("alice");
    await form.getByTestId("silence-comment").fill("deploying the cart");
    await form.getByTestId("silence-submit").click();
    await form.waitFor({ state: "hidden" });

    await vi.waitFor(
      async () =>
        expect(await rows.evaluateAll((each) => each.map((row) => row.getAttribute("data-state")))).toEqual([
          "suppressed",
          "suppressed",
        ]),
      { timeout: 15_000, interval: 250 },
    );
    expect(await cart.getByTestId("alert-suppression").first().textContent()).toMatch(/^silenced by /);
    // The other group is not silenced.
    const search = page.locator('[data-testid="alert-group"][data-group=\'{service="search"}\']');
    expect(await search.getByTestId("alert-row").first().getAttribute("data-state")).toBe("firing");

    const silences = await client.listSilences();
    expect(silences).toHaveLength(1);
    expect(silences[0]).toMatchObject({
      createdBy: "alice",
      comment: "deploying the cart",
      matchers: [{ name: "service", value: "cart", isRegex: false, isEqual: true }],
      status: { state: "active" },
    });
    // The server starts a silence asked to start in the past (the form's "now") at its own now.
    const length = Date.parse(silences[0]!.endsAt) - Date.parse(silences[0]!.startsAt);
    expect(length).toBeGreaterThan(3_590_000);
    expect(length).toBeLessThanOrEqual(3_600_000);
    await page.screenshot({ path: path.join(SCREENSHOTS, "alerts.png"), fullPage: true });

    await cart.getByRole("button", { name: "History of CartDown" }).click();
    const history = page.getByTestId("alert-history-events");
    await history.waitFor();
    expect(await history.textContent()).toContain("fired");
    await page.keyboard.press("Escape");

    await page.getByRole("tab", { name: /Silences/ }).click();
    await expect.poll(() => page.url()).toMatch(/\/alerts\/silences$/);
    const silence = page.locator('[data-testid="silence-row"][data-state="active"]');
    await silence.waitFor();
    expect(await silence.textContent()).toContain('{service="cart"}');
    await silence.getByTestId("expire-silence").click();
    await page.locator('[data-testid="silence-row"][data-state="expired"]').waitFor({ timeout: 10_000 });
    expect((await client.listSilences())[0]?.status.state).toBe("expired");
    expect(page.errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("opens the silence form prefilled from a notification's link", async () => {
    const page = await setup.openPage({ token });
    const filter = encodeURIComponent('{alertname="CartDown",service="cart"}');
    await page.goto(`${setup.server.url}/alerts/silences/new?filter=${filter}`);
    const form = page.getByTestId("silence-form");
    await form.waitFor();
    expect(await form.getByTestId("silence-matchers").inputValue()).toBe('{alertname="CartDown",service="cart"}');
    expect(await form.textContent()).toContain("amtool silence add");
    await form.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.url()).toMatch(/\/alerts\/silences$/);
    expect(page.errors).toEqual([]);
    await page.close();
  }, 60_000);
});
