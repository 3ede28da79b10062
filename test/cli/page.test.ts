import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageContent } from "../notify/content.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { runNines } from "../support/cli.js";

/** `nines get pages`, `nines ack` and `nines resolve` against a test server on 127.0.0.1. */
let t: TestApp;
let url: string;
let responder: string;
let viewer: string;
const ids: number[] = [];

beforeAll(async () => {
  t = await createTestApp({ anonymousRead: false });
  await t.nines.config.apply([
    {
      apiVersion: "nines/v1",
      kind: "User",
      metadata: { name: "alice" },
      spec: { contactMethods: [{ type: "inbox", name: "alice" }] },
    },
    {
      apiVersion: "nines/v1",
      kind: "EscalationPolicy",
      metadata: { name: "checkout" },
      spec: { levels: [{ targets: [{ user: "alice" }] }] },
    },
  ]);
  for (const title of ["Checkout is down", "Payments are slow"]) {
    const { page } = await t.nines.pages.openPage({
      groupKey: title,
      receiver: "checkout-oncall",
      policy: "checkout",
      title,
      labels: {},
      content: pageContent(title),
    });
    ids.push(page.id);
    await t.clock.advance(60_000);
  }
  responder = (await t.tokenFor("responder")).authorization.replace("Bearer ", "");
  viewer = (await t.tokenFor("viewer")).authorization.replace("Bearer ", "");
  await t.nines.app.listen({ port: 0, host: "127.0.0.1" });
  url = `http://127.0.0.1:${(t.nines.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await t?.close();
});

const nines = (args: string[], token = responder) => runNines(args, { NINES_SERVER: url, NINES_TOKEN: token });

describe("the page commands", () => {
  it("lists pages newest first as a table", async () => {
    const { code, stdout, stderr } = await nines(["get", "pages"], viewer);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID +STATE +TITLE +LEVEL +AGE +ACKNOWLEDGED BY$/);
    expect(lines[1]).toMatch(new RegExp(`^${ids[1]} +TRIGGERED +Payments are slow +1 +\\S+$`));
    expect(lines[2]).toMatch(new RegExp(`^${ids[0]} +TRIGGERED +Checkout is down +1 +\\S+$`));
  });

  it("acknowledges and resolves a page, and shows it with its history", async () => {
    const id = String(ids[0]);
    const acked = await nines(["ack", id]);
    expect(acked.stderr).toBe("");
    expect(acked.stdout).toBe(`page ${id} acknowledged (by test-responder-1): Checkout is down\n`);
    const listed = await nines(["get", "pages"], viewer);
    expect(listed.stdout).toMatch(
      new RegExp(`^${id} +ACKNOWLEDGED +Checkout is down +1 +\\S+ +test-responder-1$`, "m"),
    );

    const resolved = await nines(["resolve", id]);
    expect(resolved.stdout).toBe(`page ${id} resolved (by test-responder-1): Checkout is down\n`);
    const shown = await nines(["get", "page", id], viewer);
    expect(shown.stdout).toMatch(new RegExp(`^${id} +RESOLVED +Checkout is down`, "m"));
    expect(shown.stdout).toContain("event: acknowledged");
    expect(shown.stdout).toContain("event: resolved");
    const json = JSON.parse((await nines(["get", "pages", "-o", "json"], viewer)).stdout);
    expect(json.items.map((page: { id: number; state: string }) => [page.id, page.state])).toEqual([
      [ids[1], "triggered"],
      [ids[0], "resolved"],
    ]);
  });

  it("says why it cannot: a viewer's token, an unknown page, an id that is not a number", async () => {
    const refused = await nines(["ack", String(ids[1])], viewer);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Forbidden \(403\)/);
    const missing = await nines(["resolve", "424242"]);
    expect(missing.stderr).toMatch(/no page 424242/);
    const bad = await nines(["ack", "abc"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a page id/);
  });
});
