import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  closeTargets,
  countOpenConnections,
  type ForbiddenTarget,
  findClosedPort,
  startForbiddenTarget,
  startHangingTarget,
  startHttpTarget,
} from "../../test/support/probe-targets.js";
import { createConnector } from "./connector.js";
import { HttpRequestError, requestHttp } from "./http-request.js";

/** Data sources may reach loopback by default; this one refuses 127.0.0.2, where the forbidden target listens. */
const connector = createConnector({ settings: { datasource: { deny: ["127.0.0.2"] } } });

let forbidden: ForbiddenTarget;
beforeAll(async () => {
  forbidden = await startForbiddenTarget();
});
afterAll(() => forbidden.close());
afterEach(closeTargets);

async function failureOf(promise: Promise<unknown>): Promise<HttpRequestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HttpRequestError);
  return error as HttpRequestError;
}

describe("requestHttp", () => {
  it("sends the method, headers and body, and returns the status, headers and whole body", async () => {
    const base = await startHttpTarget((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        response.setHeader("x-seen", `${request.method} ${request.url} ${request.headers.authorization}`);
        response.statusCode = 201;
        response.end(`echo:${Buffer.concat(chunks).toString()}`);
      });
    });
    const answer = await requestHttp(connector, {
      url: `${base}/api/v1/query?query=up`,
      method: "post",
      headers: { Authorization: "Bearer t0ken" },
      body: "a=1",
      purpose: "datasource",
    });
    expect(answer.status).toBe(201);
    expect(answer.headers["x-seen"]).toBe("POST /api/v1/query?query=up Bearer t0ken");
    expect(answer.body.toString()).toBe("echo:a=1");
  });

  it("returns error statuses as answers, not failures", async () => {
    const base = await startHttpTarget((_request, response) => {
      response.statusCode = 503;
      response.end("overloaded");
    });
    const answer = await requestHttp(connector, { url: base, purpose: "datasource" });
    expect(answer.status).toBe(503);
    expect(answer.body.toString()).toBe("overloaded");
  });

  it("refuses an address the purpose's policy refuses, without connecting", async () => {
    const error = await failureOf(
      requestHttp(connector, { url: `http://127.0.0.2:${forbidden.port}/`, purpose: "datasource" }),
    );
    expect(error.failure).toBe("refused");
    expect(error.message).toContain("127.0.0.2");
    expect(forbidden.accepted).toBe(0);
  });

  it("refuses private addresses for notifications by default", async () => {
    const base = await startHttpTarget((_request, response) => response.end("hi"));
    const error = await failureOf(requestHttp(createConnector(), { url: base, purpose: "notify" }));
    expect(error.failure).toBe("refused");
  });

  it("cuts off a body larger than maxBytes, streamed without a length", async () => {
    const base = await startHttpTarget((_request, response) => {
      response.write("x".repeat(600));
      response.write("x".repeat(600));
      response.end();
    });
    const error = await failureOf(requestHttp(connector, { url: base, maxBytes: 1000, purpose: "datasource" }));
    expect(error.failure).toBe("too-large");
    expect(error.message).toContain("larger than 1000 bytes");
    await expect.poll(countOpenConnections).toBe(0);
  });

  it("refuses a declared length larger than maxBytes before reading it", async () => {
    const base = await startHttpTarget((_request, response) => {
      response.setHeader("content-length", "5000");
      response.write("x");
    });
    const error = await failureOf(requestHttp(connector, { url: base, maxBytes: 1000, purpose: "datasource" }));
    expect(error.failure).toBe("too-large");
  });

  it("takes a body of exactly maxBytes", async () => {
    const base = await startHttpTarget((_request, response) => response.end("x".repeat(1000)));
    const answer = await requestHttp(connector, { url: base, maxBytes: 1000, purpose: "datasource" });
    expect(answer.body.length).toBe(1000);
  });

  it("gives up on a server that never answers after timeoutMs", async () => {
    const port = await startHangingTarget();
    const started = performance.now();
    const error = await failureOf(
      requestHttp(connector, { url: `http://127.0.0.1:${port}/`, timeoutMs: 150, purpose: "datasource" }),
    );
    expect(error.failure).toBe("timeout");
    expect(error.message).toContain("150 ms");
    expect(performance.now() - started).toBeLessThan(2000);
    await expect.poll(countOpenConnections).toBe(0);
  });

  it("names the request and the cause when nothing listens", async () => {
    const port = await findClosedPort();
    const error = await failureOf(
      requestHttp(connector, { url: `http://127.0.0.1:${port}/api?token=secret`, purpose: "datasource" }),
    );
    expect(error.failure).toBe("network");
    expect(error.message).toContain(`GET http://127.0.0.1:${port}/api`);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).not.toContain("secret");
  });

  it("rejects what is not an http(s) URL", async () => {
    expect((await failureOf(requestHttp(connector, { url: "not a url", purpose: "datasource" }))).failure).toBe(
      "invalid-url",
    );
    expect(
      (await failureOf(requestHttp(connector, { url: "ftp://127.0.0.1/", purpose: "datasource" }))).message,
    ).toContain("http:// or https://");
  });
});
