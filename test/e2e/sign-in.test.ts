import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { type BrowserSetup, haveChromium, startBrowserSetup } from "./browser.js";

/** A server whose reads need a token, as one is by default: the UI asks for one instead of failing. */
describe.skipIf(!haveChromium)("signing in where reads need a token, in Chromium", () => {
  let setup: BrowserSetup;
  let token: string;

  beforeAll(async () => {
    setup = await startBrowserSetup({
      yaml: "apiVersion: nines/v1\nkind: Monitor\nmetadata: {name: private-shop}\nspec: {type: http, url: http://127.0.0.1:9/, interval: 1h}\n",
    });
    ({ token } = await createToken(setup.store.db, "reader", Date.now(), { role: "viewer" }));
  }, 120_000);

  afterAll(async () => {
    await setup?.close();
  });

  it("opens the sign-in dialog, then shows the monitors with a viewer token", async () => {
    const page = await setup.openPage();
    await page.goto(`${setup.server.url}/monitors`);
    // The dialog opens by itself: the first read was refused for want of a token.
    await page.getByTestId("token-input").waitFor();
    expect(await page.getByTestId("sign-in-dialog").textContent()).toContain("needs an API token of role viewer");
    expect(await page.getByTestId("anonymous-read-notice").count()).toBe(0);
    await page.getByTestId("token-input").fill(token);
    await page.getByTestId("sign-in-submit").click();
    await page.getByTestId("monitor-row-private-shop").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("auth-status").getAttribute("data-signed-in")).toBe("true");
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
