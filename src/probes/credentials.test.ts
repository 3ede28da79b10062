import { afterEach, describe, expect, it } from "vitest";
import { closeTargets, startHttpTarget } from "../../test/support/probe-targets.js";
import { toDocument } from "../config/objects.js";
import { forReader as documentForReader } from "../config/routes.js";
import { KINDS } from "../kinds.js";
import { assertNoReferences } from "../secrets/references.js";
import { httpCheck } from "./checks/http.js";
import { hideMonitorCredentials } from "./credentials.js";
import { httpMonitorSpec, monitorSpec } from "./model.js";
import { forReader } from "./routes.js";

afterEach(closeTargets);

const stored = (spec: Record<string, unknown>) => ({
  id: 1,
  apiVersion: "nines/v1",
  kind: "Monitor",
  metadata: { name: "shop" },
  spec: monitorSpec.parse({ interval: "30s", ...spec }) as Record<string, unknown>,
  generation: 1,
  createdAt: 0,
  updatedAt: 0,
});

describe("credentials in monitor specs", () => {
  it("are hidden from viewers when plain, shown as references when referenced", () => {
    const spec = {
      type: "http",
      url: "https://shop.example/",
      headers: { Authorization: "Bearer plain-token", "X-Key": { secretRef: { name: "shop-api", key: "token" } } },
      body: "user=ci&password=plain",
      basicAuth: { username: "ci", password: { env: "SHOP_PASSWORD" } },
    };
    expect(hideMonitorCredentials(spec)).toEqual({
      ...spec,
      headers: { Authorization: { hidden: true }, "X-Key": { secretRef: { name: "shop-api", key: "token" } } },
      body: { hidden: true },
    });
    expect(hideMonitorCredentials({ type: "tcp", host: "db", port: 1, send: "AUTH pw" })).toMatchObject({
      send: { hidden: true },
    });
  });

  it("are shown to editors as stored, and hidden from viewers and anonymous readers", () => {
    const object = stored({ type: "http", url: "https://shop.example/", headers: { Cookie: "session=plain" } });
    const headers = (role?: "viewer" | "editor" | "admin") =>
      (
        documentForReader(toDocument(object, KINDS), { name: "x", ...(role && { role }) }, KINDS).spec as {
          headers: unknown;
        }
      ).headers;
    expect(headers("editor")).toEqual({ Cookie: "session=plain" });
    expect(headers("admin")).toEqual({ Cookie: "session=plain" });
    expect(headers("viewer")).toEqual({ Cookie: { hidden: true } });
    expect(headers()).toEqual({ Cookie: { hidden: true } });
  });

  it("cannot be applied back from what viewers see", () => {
    expect(
      monitorSpec.safeParse({ type: "http", url: "https://shop.example/", headers: { Cookie: { hidden: true } } })
        .success,
    ).toBe(false);
  });
});

describe("the heartbeat push URL", () => {
  const view = { heartbeatUrl: "/api/v1/heartbeat/abc" } as Parameters<typeof forReader>[0];

  it("is shown to editors only", () => {
    expect(forReader(view, { name: "x", role: "editor" }).heartbeatUrl).toBe("/api/v1/heartbeat/abc");
    expect(forReader(view, { name: "x", role: "responder" }).heartbeatUrl).toBeNull();
    expect(forReader(view, { name: "anonymous" }).heartbeatUrl).toBeNull();
  });
});

describe("basicAuth", () => {
  it("sends an Authorization header, and URLs with user:password@ are refused", async () => {
    let seen: string | undefined;
    const url = await startHttpTarget((request, response) => {
      seen = request.headers.authorization;
      response.end("ok");
    });
    const spec = httpMonitorSpec.parse({
      type: "http",
      url,
      interval: "10s",
      timeout: "2s",
      basicAuth: { username: "ci", password: "pa:ss" },
    });
    const outcome = await httpCheck.run(assertNoReferences(spec), {
      signal: new AbortController().signal,
      now: Date.now,
    });
    expect(outcome.status).toBe("up");
    expect(seen).toBe(`Basic ${Buffer.from("ci:pa:ss").toString("base64")}`);
    const withPassword = httpMonitorSpec.safeParse({ type: "http", url: "https://ci:pw@shop.example/" });
    expect(withPassword.error?.issues[0]?.message).toMatch(/without user:password@; give them in basicAuth/);
  });
});
