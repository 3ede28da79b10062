import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPageLinks } from "../../src/oncall/page-links.js";
import { createKeyring } from "../../src/secrets/keyring.js";
import { pageContent } from "../notify/content.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { type Backend, backends } from "../support/databases.js";

let t: TestApp;
let opened: TestApp | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

const keyring = createKeyring([randomBytes(32)]);

const OBJECTS = [
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
    spec: { levels: [{ targets: [{ user: "alice" }], timeout: "5m" }] },
  },
];

async function setup(backend: Backend) {
  t = await createTestApp({ store: await backend.open(), keyring, anonymousRead: false });
  opened = t;
  await t.nines.config.apply(OBJECTS);
  const open = async (title: string) =>
    (
      await t.nines.pages.openPage({
        groupKey: `{}:{title="${title}"}`,
        receiver: "checkout-oncall",
        policy: "checkout",
        title,
        labels: { service: "checkout" },
        content: pageContent(`{}:{title="${title}"}`),
      })
    ).page;
  const links = createPageLinks({ keys: keyring.derive("page links"), clock: t.clock });
  return { open, links };
}

describe.each(backends)("the pages API on $name", (backend) => {
  beforeEach((context) => {
    if (backend.skip) context.skip(backend.skip);
  });

  it("lists pages newest first with a state filter and paging, and shows one with its events", async () => {
    const { open } = await setup(backend);
    const viewer = await t.tokenFor("viewer");
    const first = await open("Checkout is down");
    await t.clock.advance(60_000);
    const second = await open("Payments are slow");
    await t.clock.advance(60_000);
    const third = await open("Search is down");
    await t.nines.pages.acknowledge(second.id, "someone");

    const all = await t.nines.app.inject({ url: "/api/v1/pages?limit=2", headers: viewer });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(all.json().items.map((page: { id: number }) => page.id)).toEqual([third.id, second.id]);
    const rest = await t.nines.app.inject({ url: "/api/v1/pages?limit=2&offset=2", headers: viewer });
    expect(rest.json().items.map((page: { id: number }) => page.id)).toEqual([first.id]);
    const acknowledged = await t.nines.app.inject({ url: "/api/v1/pages?state=acknowledged", headers: viewer });
    expect(acknowledged.json()).toMatchObject({ total: 1, items: [{ id: second.id, acknowledgedBy: "someone" }] });
    expect((await t.nines.app.inject({ url: "/api/v1/pages?state=open", headers: viewer })).statusCode).toBe(400);

    const one = await t.nines.app.inject({ url: `/api/v1/pages/${first.id}`, headers: viewer });
    expect(one.json()).toMatchObject({ id: first.id, title: "Checkout is down", state: "triggered", level: 0 });
    expect(one.json().events.map((event: { event: string }) => event.event)).toEqual(["triggered", "notified"]);
    expect(one.json().events[1]).toMatchObject({ userName: "alice", detail: { channel: "inbox", level: 0 } });
    expect(one.json().content).toBeUndefined();
    expect((await t.nines.app.inject({ url: "/api/v1/pages/999", headers: viewer })).statusCode).toBe(404);
    expect((await t.nines.app.inject({ url: "/api/v1/pages/abc", headers: viewer })).statusCode).toBe(400);
  });

  it("reports on-call health: pages per person, out of hours, time to acknowledge", async () => {
    const { open } = await setup(backend);
    // Saturday 03:00 in alice's zone (UTC): outside her working hours.
    t.clock.set(Date.UTC(2026, 10, 28, 3));
    const page = await open("Checkout is down");
    await t.clock.advance(120_000);
    await t.nines.pages.acknowledge(page.id, "alice");
    await t.clock.advance(60_000);
    await t.nines.pages.resolve(page.id, "alice");
    const answer = await t.nines.app.inject({ url: "/api/v1/oncall/health", headers: await t.tokenFor("viewer") });
    expect(answer.statusCode).toBe(200);
    expect(answer.json().people).toEqual([
      expect.objectContaining({
        user: "alice",
        pages: 1,
        outsideWorkingHours: 1,
        timeToAcknowledge: { count: 1, medianMs: 120_000, meanMs: 120_000 },
        timeToResolve: { count: 1, medianMs: 180_000, meanMs: 180_000 },
      }),
    ]);
    const backwards = await t.nines.app.inject({
      url: "/api/v1/oncall/health?from=10&to=5",
      headers: await t.tokenFor("viewer"),
    });
    expect(backwards.statusCode).toBe(400);
  });

  it("lets responders, not viewers, acknowledge and resolve, recording the token's name", async () => {
    const { open } = await setup(backend);
    const page = await open("Checkout is down");
    const viewer = await t.tokenFor("viewer");
    const responder = await t.tokenFor("responder");
    const post = (action: string, headers: Record<string, string>) =>
      t.nines.app.inject({ method: "POST", url: `/api/v1/pages/${page.id}/${action}`, headers });
    expect((await post("acknowledge", viewer)).statusCode).toBe(403);
    const acknowledged = await post("acknowledge", responder);
    expect(acknowledged.statusCode).toBe(200);
    expect(acknowledged.json()).toMatchObject({ state: "acknowledged", acknowledgedBy: "test-responder-2" });
    const resolved = await post("resolve", responder);
    expect(resolved.json()).toMatchObject({ state: "resolved", resolvedBy: "test-responder-2" });
    const late = await post("acknowledge", responder);
    expect(late.statusCode).toBe(409);
    expect(late.headers["content-type"]).toContain("application/problem+json");
  });
});

describe.each(backends)("signed page links on $name", (backend) => {
  beforeEach((context) => {
    if (backend.skip) context.skip(backend.skip);
  });

  it("shows a confirm button on GET, with the title escaped, without acting", async () => {
    const { open, links } = await setup(backend);
    const page = await open("Checkout <is> down");
    const url = new URL(links.linksFor("http://127.0.0.1", page.id, "alice").acknowledge);
    const shown = await t.nines.app.inject({ url: `${url.pathname}${url.search}` });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers["content-type"]).toContain("text/html");
    expect(shown.headers["cache-control"]).toBe("no-store");
    expect(shown.body).toContain('<form method="post"');
    expect(shown.body).toContain("Checkout &#60;is&#62; down");
    expect(shown.body).not.toContain("<is>");
    const after = await t.nines.app.inject({ url: `/api/v1/pages/${page.id}`, headers: t.auth });
    expect(after.json()).toMatchObject({ state: "triggered", acknowledgedBy: null });
  });

  it("acknowledges as link:<user> through the form post, and refuses a changed or expired link with 403", async () => {
    const { open, links } = await setup(backend);
    const page = await open("Checkout is down");
    const url = new URL(links.linksFor("http://127.0.0.1", page.id, "alice").acknowledge);
    const path = `${url.pathname}${url.search}`;

    const changed = path.replace("u=alice", "u=mallory");
    const refused = await t.nines.app.inject({ method: "POST", url: changed });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    expect(refused.json().detail).toMatch(/not valid/);
    const resolveWithAckLink = path.replace("/acknowledge?", "/resolve?");
    expect((await t.nines.app.inject({ method: "POST", url: resolveWithAckLink })).statusCode).toBe(403);

    const posted = await t.nines.app.inject({
      method: "POST",
      url: path,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "text/html",
        host: "127.0.0.1:9999",
        origin: "http://127.0.0.1:9999",
      },
      payload: "",
    });
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.body).toContain("acknowledged by link:alice");
    const after = await t.nines.app.inject({ url: `/api/v1/pages/${page.id}`, headers: t.auth });
    expect(after.json()).toMatchObject({ state: "acknowledged", acknowledgedBy: "link:alice" });

    const resolveLink = new URL(links.linksFor("http://127.0.0.1", page.id).resolve);
    await t.clock.advance(24 * 3_600_000);
    const expired = await t.nines.app.inject({ method: "POST", url: `${resolveLink.pathname}${resolveLink.search}` });
    expect(expired.statusCode).toBe(403);
    expect(expired.json().detail).toMatch(/expired/);
    expect((await t.nines.app.inject({ url: "/p/abc/acknowledge?e=1&s=x" })).statusCode).toBe(400);
    expect((await t.nines.app.inject({ url: `/p/${page.id}/delete?e=1&s=x` })).statusCode).toBe(400);
  });
});
