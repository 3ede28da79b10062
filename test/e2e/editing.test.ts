import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { ApiError, type Client, createClient } from "../../src/client/index.js";
import { type BrowserSetup, haveChromium, SCREENSHOTS, startBrowserSetup } from "./browser.js";

/**
 * Writing from the UI in a real browser: signing in with an API token, then creating, editing,
 * pausing and deleting a monitor, each through the same apply and delete the CLI uses.
 */
/** Waits on what the server does after a write (the engine reacting, the page's next poll). */
const SERVER = { timeout: 10_000, interval: 100 };

describe.skipIf(!haveChromium)("editing monitors in Chromium", () => {
  let setup: BrowserSetup;
  let client: Client;
  let token: string;
  let url: string;
  const name = "e2e-shop";

  beforeAll(async () => {
    // Reads open, as in the demo: this is about the writes a token allows.
    setup = await startBrowserSetup({ anonymousRead: true });
    url = setup.server.url;
    client = createClient({ baseUrl: url });
    ({ token } = await createToken(setup.store.db, "e2e", Date.now(), { role: "editor" }));
  }, 120_000);

  afterAll(async () => {
    await setup?.close();
  });

  it("is read-only until signed in with a valid token", async () => {
    const page = await setup.openPage();
    await page.goto(`${url}/monitors`);
    const status = page.getByTestId("auth-status");
    await status.waitFor();
    expect(await status.getAttribute("data-signed-in")).toBe("false");
    expect(await status.textContent()).toContain("read-only");

    await status.click();
    expect(await page.getByTestId("sign-in-dialog").textContent()).toContain("npx nines token create --name me");
    await page.getByTestId("token-input").fill("nines_not-a-real-token");
    await page.getByTestId("sign-in-submit").click();
    await page.getByText("The server does not know this token").waitFor();
    await page.getByTestId("token-input").fill(token);
    await page.getByTestId("sign-in-submit").click();
    await expect.poll(() => status.getAttribute("data-signed-in")).toBe("true");
    expect(await page.evaluate(() => localStorage.getItem("nines-api-token"))).toBe(token);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("creates a monitor through the form, showing the server's issues beside their fields", async () => {
    const page = await setup.openPage({ token });
    await page.goto(`${url}/monitors`);
    await page.getByTestId("new-monitor").click();
    await expect.poll(() => page.url()).toMatch(/\/monitors\/new$/);

    await page.getByTestId("field-metadata.name").fill(name);
    await page.getByTestId("field-metadata.displayName").fill("Shop health (e2e)");
    await page.getByTestId("field-spec.url").fill("shop.example/health");
    await page.getByTestId("monitor-validate").click();
    await page.getByText("expected an http:// or https:// URL").waitFor();
    expect(await page.getByTestId("field-spec.url").getAttribute("aria-invalid")).toBe("true");

    await page.getByTestId("field-spec.url").fill(`${url}/healthz`);
    expect(await page.getByTestId("field-spec.url").getAttribute("aria-invalid")).not.toBe("true");
    await page.getByTestId("field-spec.interval").fill("10s");
    await page.getByTestId("field-spec.expectedStatus").fill("200");
    await page.getByTestId("field-spec.bodyContains").fill('"status":"ok"');
    await page.getByTestId("field-spec.degradedAbove").fill("500ms");
    const preview = await page.getByTestId("monitor-yaml-preview").textContent();
    expect(preview).toContain(`name: ${name}`);
    expect(preview).toContain(`url: ${url}/healthz`);
    expect(preview).toContain("interval: 10s");

    await page.getByTestId("monitor-validate").click();
    await page.getByTestId("plan-changes").waitFor();
    expect(await page.getByTestId("plan-changes").locator("[data-action]").getAttribute("data-action")).toBe("create");
    await page.screenshot({ path: path.join(SCREENSHOTS, "monitor-form.png") });

    await page.getByTestId("monitor-save").click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/monitors/${name}$`));
    const stored = await client.getObject("Monitor", name);
    expect(stored.metadata.displayName).toBe("Shop health (e2e)");
    expect(stored.spec).toMatchObject({
      type: "http",
      url: `${url}/healthz`,
      interval: "10s",
      timeout: "10s",
      expectedStatus: [200],
      bodyContains: '"status":"ok"',
      degradedAbove: "500ms",
    });

    await page.getByRole("link", { name: "Monitors" }).first().click();
    await page.getByTestId(`monitor-row-${name}`).waitFor();
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("edits the interval after showing the plan's changes", async () => {
    const page = await setup.openPage({ token });
    await page.goto(`${url}/monitors/${name}`);
    await page.getByTestId("monitor-edit").click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/monitors/${name}/edit$`));
    const nameInput = page.getByTestId("field-metadata.name");
    await nameInput.waitFor();
    expect(await nameInput.inputValue()).toBe(name);
    expect(await nameInput.isDisabled()).toBe(true);
    expect(await page.getByTestId("field-spec.interval").inputValue()).toBe("10s");

    await page.getByTestId("field-spec.interval").fill("20s");
    await page.getByTestId("monitor-save").click();
    const change = page.locator('[data-testid="plan-field"][data-path="/spec/interval"]');
    await change.waitFor();
    expect(await change.textContent()).toMatch(/"10s".*"20s"/);
    expect(await page.getByTestId("plan-field").count()).toBe(1);
    expect((await client.getObject("Monitor", name)).spec.interval).toBe("10s");

    await page.getByTestId("monitor-save").click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/monitors/${name}$`));
    expect((await client.getObject("Monitor", name)).spec.interval).toBe("20s");
    await expect.poll(() => page.getByTestId("monitor-facts").textContent(), SERVER).toContain("every 20s");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("pauses from the monitor's page and resumes from the list", async () => {
    const page = await setup.openPage({ token });
    await page.goto(`${url}/monitors/${name}`);
    await page.getByTestId("monitor-pause").click();
    await expect.poll(async () => (await client.getObject("Monitor", name)).spec.paused, SERVER).toBe(true);
    await expect.poll(() => page.getByTestId("monitor-detail-state").getAttribute("data-state"), SERVER).toBe("paused");
    expect(await page.getByTestId("monitor-pause").textContent()).toContain("Resume");

    await page.goto(`${url}/monitors`);
    expect(await page.getByTestId(`monitor-state-${name}`).getAttribute("data-state")).toBe("paused");
    await page.getByTestId(`monitor-actions-${name}`).click();
    await page.getByTestId(`monitor-pause-${name}`).click();
    await expect.poll(async () => (await client.getObject("Monitor", name)).spec.paused, SERVER).toBe(false);
    await expect
      .poll(() => page.getByTestId(`monitor-state-${name}`).getAttribute("data-state"), SERVER)
      .not.toBe("paused");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("deletes a monitor after confirming", async () => {
    const page = await setup.openPage({ token });
    await page.goto(`${url}/monitors/${name}`);
    await page.getByTestId("monitor-delete").click();
    await page.getByTestId("monitor-delete-confirm").click();
    await expect.poll(() => page.url()).toMatch(/\/monitors$/);
    await page.getByTestId("monitors-empty").waitFor();
    const error = await client.getObject("Monitor", name).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem.status).toBe(404);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
