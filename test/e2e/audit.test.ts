import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { createClient } from "../../src/client/index.js";
import { type BrowserSetup, haveChromium, startBrowserSetup } from "./browser.js";

/** The audit log page in a real browser: closed without a token, the records and a check of the chain with one. */
const MONITOR = `
apiVersion: nines/v1
kind: Monitor
metadata: {name: audited}
spec: {type: http, url: "http://127.0.0.1:9/x", interval: 1h}
`;

describe.skipIf(!haveChromium)("the audit log page in Chromium", () => {
  let setup: BrowserSetup;
  let token: string;

  beforeAll(async () => {
    setup = await startBrowserSetup({ yaml: MONITOR });
    ({ token } = await createToken(setup.store.db, "auditor", Date.now(), { role: "admin" }));
    const client = createClient({ baseUrl: setup.server.url, token });
    await client.apply({
      documents: [
        {
          apiVersion: "nines/v1",
          kind: "Monitor",
          metadata: { name: "audited" },
          spec: { type: "http", url: "http://127.0.0.1:9/y", interval: "1h" },
        },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await setup?.close();
  });

  it("asks for a token, then lists records newest first and verifies the chain", async () => {
    const signedOut = await setup.openPage();
    await signedOut.goto(`${setup.server.url}/audit`);
    await signedOut.getByTestId("audit-signed-out").waitFor();
    expect(await signedOut.getByRole("navigation").getByText("Audit log", { exact: true }).count()).toBe(1);
    await signedOut.close();

    const page = await setup.openPage({ token });
    await page.goto(`${setup.server.url}/audit`);
    await page.getByTestId("audit-row").first().waitFor();
    const rows = await page.getByTestId("audit-row").allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^2.*auditor.*apply\.change.*Monitor\/audited.*1 → 2/);
    expect(rows[1]).toMatch(/^1.*system.*apply\.create.*Monitor\/audited.*new → 1/);
    expect(await page.getByTestId("audit-total").textContent()).toContain("2 records");

    await page.getByTestId("audit-verify").click();
    const verification = page.getByTestId("audit-verification");
    await verification.waitFor();
    expect(await verification.getAttribute("data-ok")).toBe("true");
    expect(await verification.textContent()).toContain("Chain intact: 2 records");

    await sql`update audit_log set actor_name = 'mallory' where seq = 1`.execute(setup.store.db);
    await page.getByTestId("audit-verify").click();
    await expect.poll(() => verification.getAttribute("data-ok")).toBe("false");
    expect(await verification.textContent()).toContain("Chain broken at record 1: edited");
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
