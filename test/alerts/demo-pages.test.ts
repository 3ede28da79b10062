import { readFileSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { DemoControl } from "../../src/client/types.js";
import { loadDocuments } from "../../src/config/load.js";
import { KINDS } from "../../src/kinds.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { startSeededDemoTraffic } from "../support/demo-traffic.js";

/**
 * The demo's whole loop on a manual clock: the shop's failure rate goes up, its checkout SLO burns,
 * the burn alert is routed to the shop team's receiver, a page reaches the person on call (alice in
 * the first week of the rotation) in her inbox within ten minutes, and her acknowledgement stops
 * the escalation to the next level.
 */
let t: TestApp;
let stopTraffic: () => void;
const control: DemoControl = { failureRate: 0.002, latencyMs: 40 };

function demoDocuments(file: string) {
  const text = readFileSync(new URL(`../../examples/demo/${file}`, import.meta.url), "utf8");
  const { documents, issues } = loadDocuments(text, file, { kinds: KINDS, env: false });
  expect(issues).toEqual([]);
  return documents.map((loaded) => loaded.document);
}

beforeEach(async () => {
  t = await createTestApp();
  // Tuesday of the rotation's first week (it starts Monday 2026-11-30 09:00 in Berlin): alice's turn.
  t.clock.set(Date.UTC(2026, 11, 1, 10));
  await t.nines.config.apply([...demoDocuments("slos.yaml"), ...demoDocuments("alerting.yaml")]);
  await t.nines.slos.start();
  await t.nines.leadership.tryAcquire();
  stopTraffic = startSeededDemoTraffic(t, control);
});
afterEach(async () => {
  stopTraffic();
  await t.close();
});

/** A minute of the demo: traffic, the SLO cycle, then the dispatcher, escalation and delivery. */
async function minutes(count: number) {
  for (let minute = 0; minute < count; minute++) {
    for (let step = 0; step < 6; step++) {
      await t.clock.advance(10_000);
      await t.nines.leadership.tryAcquire();
      await t.nines.slos.runCycle();
      await t.nines.alerts.tick();
      await t.nines.pages.tick();
      await t.nines.outbox.deliverDue();
    }
  }
}

const inbox = async (name: string) =>
  (await t.nines.app.inject({ url: `/api/v1/inbox?inbox=${name}` })).json().items as { subject: string }[];

it("turning the shop's failure rate up pages the person on call within ten minutes, and an ack stops the escalation", async () => {
  await minutes(30);
  expect(await inbox("alice")).toEqual([]);

  control.failureRate = 0.5;
  let pagedAfter: number | undefined;
  for (let minute = 1; minute <= 10 && pagedAfter === undefined; minute++) {
    await minutes(1);
    if ((await inbox("alice")).length > 0) pagedAfter = minute;
  }
  expect(pagedAfter, "alice paged within ten minutes").toBeDefined();
  expect((await inbox("alice"))[0]?.subject).toMatch(/ErrorBudgetBurn/);
  expect((await inbox("shop-team")).length).toBeGreaterThan(0);

  const pages = (await t.nines.app.inject({ url: "/api/v1/pages?state=triggered" })).json().items as { id: number }[];
  expect(pages).toHaveLength(1);
  const acknowledged = await t.nines.app.inject({
    method: "POST",
    url: `/api/v1/pages/${pages[0]?.id}/acknowledge`,
    headers: await t.tokenFor("responder"),
  });
  expect(acknowledged.statusCode).toBe(200);
  const notifiedBefore = (await inbox("alice")).length;
  await minutes(6);
  const page = (await t.nines.app.inject({ url: `/api/v1/pages/${pages[0]?.id}` })).json();
  expect(page.state).toBe("acknowledged");
  expect(page.events.filter((event: { event: string }) => event.event === "escalated")).toEqual([]);
  expect((await inbox("alice")).length).toBe(notifiedBefore);

  // The history of the alerts paged then tells the story, from firing to the acknowledgement.
  const alerts = (await t.nines.app.inject({ url: "/api/v1/alerts?source=slo&state=firing" })).json().items as {
    fingerprint: string;
  }[];
  const histories = await Promise.all(
    alerts.map(async (alert) =>
      ((await t.nines.app.inject({ url: `/api/v1/alerts/${alert.fingerprint}` })).json().history as { event: string }[])
        .map((entry) => entry.event)
        .reverse(),
    ),
  );
  const paged = histories.find((events) => events.includes("acknowledged"));
  expect(paged?.slice(0, 4)).toEqual(["fired", "grouped", "notified", "acknowledged"]);
});
