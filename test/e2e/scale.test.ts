import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunks } from "../../src/store/batches.js";
import { toJson } from "../../src/store/json.js";
import { type BrowserSetup, haveChromium, startBrowserSetup } from "./browser.js";

/**
 * The monitor list with 10,000 monitors: it shows the first page of 50 and the total, because the
 * server pages, filters and counts. The rows go straight into the store, after the server started,
 * so the engine does not check them: this measures the list, not the probes.
 */
const MONITORS = 10_000;

describe.skipIf(!haveChromium)("the monitor list with 10,000 monitors", () => {
  let setup: BrowserSetup;

  beforeAll(async () => {
    setup = await startBrowserSetup({ anonymousRead: true });
    const now = Date.now();
    const rows = Array.from({ length: MONITORS }, (_, index) => {
      const name = `scale-${String(index).padStart(5, "0")}`;
      return {
        api_version: "nines/v1",
        kind: "Monitor",
        name,
        metadata: toJson({ name, displayName: `Scale monitor ${index}` }),
        spec: toJson({
          type: "http",
          interval: "24h",
          timeout: "10s",
          failureThreshold: 2,
          recoveryThreshold: 1,
          paused: false,
          url: `http://127.0.0.1:9/scale/${index}`,
          method: "GET",
          expectedStatus: ["200-399"],
        }),
        generation: 1,
        created_at: now,
        updated_at: now,
      };
    });
    await setup.store.db.transaction().execute(async (trx) => {
      for (const chunk of chunks(rows)) await trx.insertInto("objects").values(chunk).execute();
    });
  }, 120_000);

  afterAll(async () => {
    await setup?.close();
  });

  it("opens on the first page of 50 with the total count", async () => {
    const page = await setup.openPage();
    const started = performance.now();
    await page.goto(`${setup.server.url}/monitors`);
    await page.getByTestId("monitor-row-scale-00000").waitFor();
    const elapsed = performance.now() - started;
    console.log(`monitor list with ${MONITORS} monitors: rows visible ${Math.round(elapsed)} ms after navigation`);

    expect(await page.locator('[data-testid^="monitor-row-"]').count()).toBe(50);
    expect(await page.getByTestId("monitor-total").textContent()).toBe(`${MONITORS.toLocaleString("en-US")} total`);
    expect(await page.getByTestId("monitor-range").textContent()).toBe(`1–50 of ${MONITORS.toLocaleString("en-US")}`);

    // The last page is one server query away, not a scroll through everything.
    await page.getByRole("button", { name: "Page 200" }).click();
    await page.getByTestId("monitor-row-scale-09999").waitFor();
    expect(page.url()).toMatch(/[?&]page=200$/);
    expect(await page.locator('[data-testid^="monitor-row-"]').count()).toBe(50);

    await page.getByTestId("monitor-search").fill("scale-0424");
    await page.getByTestId("monitor-row-scale-04249").waitFor();
    expect(await page.locator('[data-testid^="monitor-row-"]').count()).toBe(10);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
