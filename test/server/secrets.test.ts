import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getMonitorView } from "../../src/probes/store.js";
import { createTestApp, type TestApp } from "../support/app.js";
import { closeTargets, startHttpTarget, startTcpTarget } from "../support/probe-targets.js";

/** Values planted in every place a credential may come from; none may leave the server. */
const PLANTED = {
  secret: "Zq8vW2kX9-planted-in-a-secret",
  env: "Hy4nB7cT1-planted-in-the-env",
  file: "Lp3mR6sD2-planted-in-a-file",
  plain: "Vc5xK8wQ4-planted-as-a-plain-header",
  aws: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};

let t: TestApp;
let filesDir: string;
let log: string[];
const seen: { authorization?: string; env?: string; body?: string; payload?: string } = {};

beforeEach(async () => {
  filesDir = mkdtempSync(path.join(tmpdir(), "nines-secrets-"));
  writeFileSync(path.join(filesDir, "body.txt"), `${PLANTED.file}\n`);
  log = [];
  const logger = pino({ level: "trace" }, { write: (line: string) => void log.push(line) });
  t = await createTestApp({ logger, env: { SHOP_ENV_TOKEN: PLANTED.env }, filesDir });
});
afterEach(async () => {
  await t.close();
  await closeTargets();
  rmSync(filesDir, { recursive: true, force: true });
});

async function startTargets() {
  const http = await startHttpTarget((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      if (request.url === "/echo") {
        // The known leak: a JSON assertion quoting a body that holds a credential.
        response.setHeader("content-type", "application/json");
        response.end(
          JSON.stringify({ Credentials: { SecretAccessKey: PLANTED.aws }, auth: request.headers.authorization }),
        );
        return;
      }
      Object.assign(seen, { authorization: request.headers.authorization, env: request.headers["x-env"], body });
      const authorized = request.headers.authorization === `Bearer ${PLANTED.secret}`;
      response.statusCode = authorized ? 200 : 401;
      response.end(authorized ? "ok" : "no");
    });
  });
  const tcp = await startTcpTarget((socket) => {
    socket.on("data", (chunk) => {
      seen.payload = chunk.toString();
      socket.end(seen.payload === `AUTH ${PLANTED.secret}\r\n` ? "+OK\r\n" : "-ERR\r\n");
    });
  });
  return { http, tcp };
}

const apiGet = (url: string, headers: Record<string, string> = {}) =>
  t.nines.app.inject({ method: "GET", url, headers });

function documents(targets: { http: string; tcp: number }) {
  const shopToken = { secretRef: { name: "shop-api", key: "token" } };
  const monitor = (name: string, spec: Record<string, unknown>) => ({
    apiVersion: "nines/v1",
    kind: "Monitor",
    metadata: { name },
    spec: { interval: "30s", timeout: "5s", failureThreshold: 1, ...spec },
  });
  return [
    {
      apiVersion: "nines/v1",
      kind: "Secret",
      metadata: { name: "shop-api" },
      spec: { data: { token: `Bearer ${PLANTED.secret}`, redis: `AUTH ${PLANTED.secret}\r\n` } },
    },
    monitor("shop", {
      type: "http",
      url: `${targets.http}/health`,
      method: "POST",
      headers: { Authorization: shopToken, "X-Env": { env: "SHOP_ENV_TOKEN" }, "X-Plain": PLANTED.plain },
      body: { file: "body.txt" },
      expectedStatus: [200],
    }),
    monitor("echo", {
      type: "http",
      url: `${targets.http}/echo`,
      headers: { Authorization: shopToken },
      json: [{ path: "Credentials", equals: null }],
    }),
    monitor("cache", {
      type: "tcp",
      host: "127.0.0.1",
      port: targets.tcp,
      send: { secretRef: { name: "shop-api", key: "redis" } },
      expect: "+OK",
    }),
    monitor("unset", {
      type: "http",
      url: `${targets.http}/health`,
      headers: { Authorization: { env: "NOT_SET_ANYWHERE" } },
    }),
    {
      apiVersion: "nines/v1",
      kind: "Monitor",
      metadata: { name: "backup" },
      spec: { type: "heartbeat", period: "5m", grace: "1m" },
    },
  ];
}

/** Every GET route of the OpenAPI document, with each monitor's or object's name put in. */
async function everyGetResponse(names: { monitors: string[]; objects: Array<[string, string]> }) {
  const openApi = (await apiGet("/api/v1/openapi.json")).json() as { paths: Record<string, Record<string, unknown>> };
  const urls = ["/api/v1/openapi.json", "/metrics", "/healthz", "/readyz", "/api/v1/export?kind=secrets"];
  for (const [template, methods] of Object.entries(openApi.paths)) {
    if (!methods.get || template.includes("{token}")) continue;
    if (template.includes("{kind}"))
      urls.push(...names.objects.map(([kind, name]) => template.replace("{kind}", kind).replace("{name}", name)));
    else if (template.includes("{name}")) urls.push(...names.monitors.map((name) => template.replace("{name}", name)));
    else urls.push(template);
  }
  const responses = [];
  const viewer = await t.tokenFor("viewer");
  const responder = await t.tokenFor("responder");
  for (const url of urls)
    for (const [who, headers] of [
      ["anonymous", {}],
      ["viewer", viewer],
      ["responder", responder],
      ["admin", t.auth],
    ] as const)
      responses.push({ url, who, response: await apiGet(url, headers) });
  return responses;
}

describe("a planted secret", () => {
  it("is sent to the target, and appears in no response of any GET route, no plan and no log line", async () => {
    const targets = await startTargets();
    const writes: Array<{ statusCode: number; body: string; json: () => { changes: unknown[] } }> = [];
    const apply = (payload: Record<string, unknown>, url = "/api/v1/apply") =>
      t.nines.app.inject({ method: "POST", url, headers: t.auth, payload });
    writes.push(await apply({ documents: documents(targets) }));
    expect(writes[0]?.statusCode, writes[0]?.body).toBe(200);
    await t.nines.start();
    await t.clock.advance(30_000);
    await vi.waitFor(
      async () => {
        await t.nines.engine.flush();
        for (const name of ["shop", "echo", "cache", "unset"])
          expect((await getMonitorView(t.store.db, name, t.clock.now()))?.lastCheckAt).not.toBeNull();
      },
      { timeout: 10_000 },
    );

    // The probe really used the values: the targets saw them.
    expect(seen).toEqual({
      authorization: `Bearer ${PLANTED.secret}`,
      env: PLANTED.env,
      body: PLANTED.file,
      payload: `AUTH ${PLANTED.secret}\r\n`,
    });
    const state = async (name: string) => (await apiGet(`/api/v1/monitors/${name}`)).json();
    expect(await state("shop")).toMatchObject({ state: "up" });
    expect(await state("cache")).toMatchObject({ state: "up" });
    expect(await state("unset")).toMatchObject({
      state: "down",
      lastError: "environment variable NOT_SET_ANYWHERE is not set",
    });
    expect((await state("echo")).lastError).toMatch(
      /^JSON Credentials is \{"SecretAccessKey":"\*\*\*"\}, expected null$/,
    );

    // Editors' writes answer with plans: a changed value is "changed", by revision only.
    const changed = documents(targets);
    ((changed[0] as { spec: unknown }).spec as { data: Record<string, string> }).data.token =
      `Bearer ${PLANTED.secret}-next`;
    writes.push(await apply({ documents: changed }, "/api/v1/plan"));
    expect(writes[1]?.json().changes).toContainEqual({
      apiVersion: "nines/v1",
      name: "shop-api",
      action: "change",
      kind: "Secret",
      fields: [{ path: "/spec/data/token/revision", before: 1, after: 2 }],
    });
    const heartbeatToken = (await getMonitorView(t.store.db, "backup", t.clock.now()))?.heartbeatUrl?.split("/").pop();
    expect(heartbeatToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const objects = (
      (await apiGet("/api/v1/objects")).json().items as Array<{ kind: string; metadata: { name: string } }>
    ).map((object): [string, string] => [object.kind, object.metadata.name]);
    const reads = await everyGetResponse({ monitors: ["shop", "echo", "cache", "unset", "backup"], objects });
    expect(reads.length).toBeGreaterThan(40);
    for (const { url, response } of reads) expect(response.statusCode, url).toBeLessThan(500);

    // Editors and admins see the document they edit: plain values they wrote themselves, and the
    // push URL; never what a reference points to. Everyone else sees neither.
    const editorMay = new Set(["plain", "heartbeatToken"]);
    const texts: Array<readonly [string, string, boolean]> = [
      ...reads.map(({ url, who, response }) => [`${url} as ${who}`, response.body, who === "admin"] as const),
      ...writes.map((response, index) => [`write ${index}`, response.body, false] as const),
      ["log", log.join(""), false] as const,
    ];
    for (const [where, text, byEditor] of texts) {
      for (const [name, value] of Object.entries({ ...PLANTED, heartbeatToken: heartbeatToken as string }))
        if (!(byEditor && editorMay.has(name))) expect(text.includes(value), `${name} appears in ${where}`).toBe(false);
    }
    // What viewers see instead: references as written, plain credentials hidden.
    const shop = (await apiGet("/api/v1/objects/monitors/shop")).json();
    expect(shop.spec.headers).toEqual({
      Authorization: { secretRef: { name: "shop-api", key: "token" } },
      "X-Env": { env: "SHOP_ENV_TOKEN" },
      "X-Plain": { hidden: true },
    });
    expect((await state("backup")).heartbeatUrl).toBeNull();
  });
});
