import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { type Client, createClient } from "../../src/client/index.js";
import type { NotificationContent } from "../../src/notify/model.js";
import { type BrowserSetup, haveChromium, SCREENSHOTS, startBrowserSetup } from "./browser.js";

/**
 * On-call in a real browser: a Schedule with two people shows who is on call now and next; an
 * override added through the UI's form lands in the Schedule and shows in the calendar; a page is
 * acknowledged from the Pages page.
 */
const HOUR = 3_600_000;
// Alice's day started 6 hours ago; Bob's begins 18 hours from now.
const layerStart = Math.floor(Date.now() / HOUR) * HOUR - 6 * HOUR;

const documents = [
  {
    apiVersion: "nines/v1",
    kind: "User",
    metadata: { name: "alice" },
    spec: { fullName: "Alice", contactMethods: [{ type: "inbox" }] },
  },
  {
    apiVersion: "nines/v1",
    kind: "User",
    metadata: { name: "bob" },
    spec: { fullName: "Bob", contactMethods: [{ type: "inbox" }] },
  },
  {
    apiVersion: "nines/v1",
    kind: "Schedule",
    metadata: { name: "primary" },
    spec: {
      timeZone: "UTC",
      layers: [
        { name: "daily", participants: ["alice", "bob"], rotation: "daily", start: new Date(layerStart).toISOString() },
      ],
    },
  },
  {
    apiVersion: "nines/v1",
    kind: "EscalationPolicy",
    metadata: { name: "checkout" },
    spec: { levels: [{ targets: [{ schedule: "primary" }], timeout: "10m" }, { targets: [{ user: "bob" }] }] },
  },
];

const groupKey = '{}:{service="checkout"}';
const content: NotificationContent = {
  kind: "alert-group",
  status: "firing",
  receiver: "checkout-oncall",
  groupKey,
  groupLabels: { service: "checkout" },
  commonLabels: { service: "checkout" },
  commonAnnotations: {},
  alerts: [],
  truncatedAlerts: 0,
  reason: "first notification",
  externalUrl: "http://127.0.0.1",
  links: { view: "http://127.0.0.1/alerts" },
};

describe.skipIf(!haveChromium)("on-call in Chromium", () => {
  let setup: BrowserSetup;
  let client: Client;
  let token: string;

  beforeAll(async () => {
    setup = await startBrowserSetup({ anonymousRead: true });
    token = (await createToken(setup.store.db, "e2e-responder", Date.now(), { role: "editor" })).token;
    client = createClient({ baseUrl: setup.server.url, token });
    await client.apply({ documents, prune: false });
  }, 120_000);

  afterAll(async () => {
    await setup?.close();
  });

  it("shows who is on call now and next, the calendar, the feeds and the Schedule's YAML", async () => {
    const page = await setup.openPage();
    await page.goto(`${setup.server.url}/oncall`);
    const row = page.getByTestId("oncall-row-primary");
    await row.waitFor();
    expect(await row.getByTestId("oncall-current").textContent()).toContain("alice");
    expect(await row.getByTestId("oncall-next").textContent()).toContain("bob");

    const calendar = page.getByTestId("schedule-calendar");
    await calendar.waitFor();
    expect(await page.getByTestId("calendar-day").count()).toBe(28);
    // Both people are on the calendar, by name and not by colour only.
    const users = await calendar
      .getByTestId("calendar-shift")
      .evaluateAll((bars) => bars.map((bar) => [bar.getAttribute("data-user"), bar.textContent]));
    expect(new Set(users.map(([user]) => user))).toEqual(new Set(["alice", "bob"]));
    for (const [user, text] of users) expect(text).toBe(user);

    const feeds = page.getByTestId("calendar-feeds");
    expect(await feeds.getByRole("link", { name: "primary.ics" }).getAttribute("href")).toBe(
      "/api/v1/schedules/primary/calendar.ics",
    );
    const feed = await fetch(`${setup.server.url}/api/v1/schedules/primary/calendar.ics`);
    expect(await feed.text()).toContain("BEGIN:VCALENDAR");

    await page.getByRole("tab", { name: "YAML" }).click();
    const yaml = await page.getByTestId("object-yaml").textContent();
    expect(yaml).toContain("kind: Schedule");
    expect(yaml).toContain("participants:");
    expect(page.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("adds an override from the form and shows it in the calendar", async () => {
    const page = await setup.openPage({ token });
    await page.goto(`${setup.server.url}/oncall?schedule=primary`);
    const form = page.getByTestId("override-form");
    await form.waitFor();
    expect(await page.locator('[data-testid="calendar-shift"][data-override="true"]').count()).toBe(0);
    await form.getByTestId("override-user").click();
    await page.getByRole("option", { name: "bob" }).click();
    // The form starts at the next whole hour for 8 hours: inside alice's turn, so bob takes over.
    await form.getByTestId("override-submit").click();

    const override = page.locator('[data-testid="calendar-shift"][data-override="true"]');
    await override.first().waitFor({ timeout: 10_000 });
    expect(await override.first().getAttribute("data-user")).toBe("bob");
    const schedule = await client.getObject("Schedule", "primary");
    const overrides = (schedule.spec as { overrides: { user: string; start: string; end: string }[] }).overrides;
    expect(overrides).toHaveLength(1);
    expect(overrides[0]?.user).toBe("bob");
    expect(Date.parse(overrides[0]!.end) - Date.parse(overrides[0]!.start)).toBe(8 * HOUR);
    await page.screenshot({ path: path.join(SCREENSHOTS, "oncall.png"), fullPage: true });
    expect(page.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("lists the escalation policy with its levels and YAML", async () => {
    const page = await setup.openPage();
    await page.goto(`${setup.server.url}/escalation-policies`);
    await page.getByTestId("policy-row-checkout").getByRole("link", { name: "checkout" }).click();
    const levels = page.getByTestId("policy-level");
    await levels.first().waitFor();
    expect(await levels.count()).toBe(2);
    expect(await levels.first().textContent()).toContain("whoever is on call in primary");
    expect(await levels.first().textContent()).toContain("next level after 10m");
    await page.getByRole("tab", { name: "YAML" }).click();
    expect(await page.getByTestId("object-yaml").textContent()).toContain("kind: EscalationPolicy");
    expect(page.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("acknowledges a page from the Pages page", async () => {
    // Pages open when an alert group reaches a Receiver with an escalationPolicy; the engine's own
    // call stands in for the alert pipeline here, which the alerts test drives end to end.
    const { page: opened } = await setup.server.nines.pages.openPage({
      groupKey,
      receiver: "checkout-oncall",
      policy: "checkout",
      title: "Checkout is down",
      labels: { service: "checkout" },
      content,
    });
    await vi.waitFor(async () => expect(await client.getPage(opened.id)).toMatchObject({ level: 0 }), {
      timeout: 15_000,
      interval: 250,
    });

    const page = await setup.openPage({ token });
    await page.goto(`${setup.server.url}/pages`);
    const card = page.locator(`[data-testid="page-card"][data-page="${opened.id}"]`);
    await card.waitFor();
    expect(await card.getAttribute("data-state")).toBe("triggered");
    expect(await card.getByTestId("page-notified").textContent()).toContain("alice");
    expect(await card.getByTestId("page-timeline").textContent()).toContain("triggered");

    await card.getByTestId("acknowledge-page").click();
    await vi.waitFor(async () => expect(await card.getAttribute("data-state")).toBe("acknowledged"), {
      timeout: 10_000,
      interval: 200,
    });
    const stored = await client.getPage(opened.id);
    expect(stored.state).toBe("acknowledged");
    expect(stored.acknowledgedBy).toBe("e2e-responder");
    expect(await card.getByTestId("acknowledge-page").count()).toBe(0);
    expect(await card.getByTestId("page-timeline").textContent()).toContain("acknowledged");
    await page.screenshot({ path: path.join(SCREENSHOTS, "pages.png"), fullPage: true });
    expect(page.errors).toEqual([]);
    await page.close();
  }, 60_000);
});
