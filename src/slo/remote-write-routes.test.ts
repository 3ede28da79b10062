import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { compressSync } from "snappy";
import { afterEach, describe, expect, it } from "vitest";
import { encodeWriteRequest, encodeWriteRequestProtobuf } from "../../test/support/remote-write.js";
import { allows, type Role } from "../core/access.js";
import { unauthorized } from "../core/errors.js";
import { toProblem } from "../http/problem.js";
import { registerRoutes } from "../http/route.js";
import type { IngestReport } from "./embedded-queries.js";
import { decodeWriteRequest, type WriteRequest } from "./remote-write.js";
import { installRemoteWriteParser, REMOTE_WRITE_URL, remoteWriteRoutes } from "./remote-write-routes.js";

const TOKENS: Record<string, Role> = { "viewer-token": "viewer", "responder-token": "responder" };
const T = Date.UTC(2026, 0, 5, 12);

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** The receiver as the server mounts it, with tokens checked the way the route kit asks. */
async function startReceiver() {
  const received: WriteRequest[] = [];
  const bodies: Buffer[] = [];
  app = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    const body = toProblem(error);
    reply.status(body.status).type("application/problem+json").send(body);
  });
  installRemoteWriteParser(app);
  const routes = remoteWriteRoutes({
    ingest: (body): IngestReport => {
      bodies.push(body);
      const request = decodeWriteRequest(body);
      received.push(request);
      const samples = request.series.reduce((sum, series) => sum + series.samples.length, 0);
      return {
        series: request.series.length,
        samples,
        selectedSeries: 0,
        selectedSamples: 0,
        outOfOrder: 0,
        future: 0,
      };
    },
  });
  registerRoutes(app, routes, async (request, access) => {
    const token = request.headers.authorization?.replace(/^Bearer /, "") ?? "";
    const role = TOKENS[token];
    if (!allows(role, access)) throw unauthorized("a responder token is needed");
  });
  await app.ready();
  return { app, routes, received, bodies };
}

const HEADERS = {
  authorization: "Bearer responder-token",
  "content-type": "application/x-protobuf",
  "content-encoding": "snappy",
  "x-prometheus-remote-write-version": "0.1.0",
};

const BODY = encodeWriteRequest([{ labels: { __name__: "up", job: "api" }, samples: [{ timestamp: T, value: 1 }] }]);

async function post(payload: Buffer, headers: Record<string, string | undefined> = {}) {
  const merged = Object.fromEntries(
    Object.entries({ ...HEADERS, ...headers }).filter(([, value]) => value !== undefined),
  );
  const response = await (app as FastifyInstance).inject({
    method: "POST",
    url: REMOTE_WRITE_URL,
    headers: merged as Record<string, string>,
    payload,
  });
  return { status: response.statusCode, type: response.headers["content-type"], body: response.body };
}

const detail = (body: string) => (JSON.parse(body) as { detail: string }).detail;

describe("POST /api/v1/write", () => {
  it("takes a remote_write body from a responder token and answers 204", async () => {
    const { received, bodies, routes } = await startReceiver();
    const response = await post(BODY);
    expect(response).toMatchObject({ status: 204, body: "" });
    expect(Buffer.isBuffer(bodies[0])).toBe(true);
    expect(bodies[0]?.equals(BODY)).toBe(true);
    expect(received[0]?.series).toEqual([
      { labels: { __name__: "up", job: "api" }, samples: [{ timestamp: T, value: 1 }] },
    ]);
    expect(routes.map((route) => [route.method, route.url, route.access])).toEqual([
      ["POST", REMOTE_WRITE_URL, "responder"],
    ]);
  });

  it("takes a body without a version header, as older senders send it", async () => {
    await startReceiver();
    expect((await post(BODY, { "x-prometheus-remote-write-version": undefined })).status).toBe(204);
  });

  it("refuses a viewer token and no token before looking at the body", async () => {
    const { received } = await startReceiver();
    expect((await post(BODY, { authorization: "Bearer viewer-token" })).status).toBe(401);
    expect((await post(randomBytes(100), { authorization: undefined, "content-type": "text/plain" })).status).toBe(401);
    expect(received).toEqual([]);
  });

  it.each([
    // Fixed noise whose length header is small: random bytes could claim gigabytes and get that message instead.
    [
      "noise",
      Buffer.from(Array.from({ length: 2000 }, (_, index) => (index === 0 ? 0x40 : (index * 7919 + 13) % 256))),
      /^the body is not snappy-compressed/,
    ],
    [
      "a gzip body",
      gzipSync(encodeWriteRequestProtobuf([{ labels: { __name__: "up" } }])),
      /^the body is gzip-compressed/,
    ],
    [
      "truncated protobuf",
      compressSync(encodeWriteRequestProtobuf([{ labels: { __name__: "up", job: "api" } }]).subarray(0, 12)),
      /^the body is not a remote_write protobuf/,
    ],
    [
      "a snappy header claiming 4 GiB",
      Buffer.from([0x80, 0x80, 0x80, 0x80, 0x10, 0x00]),
      /^the body would decompress to 4 GiB, more than the limit of 32 MiB/,
    ],
  ])("answers 400 problem+json to %s", async (_name, payload, message) => {
    const { received } = await startReceiver();
    const response = await post(payload);
    expect(response.status).toBe(400);
    expect(response.type).toMatch(/^application\/problem\+json/);
    expect(detail(response.body)).toMatch(message);
    expect(received).toEqual([]);
  });

  it("answers 415 to another content type, JSON included, before parsing it", async () => {
    await startReceiver();
    for (const type of ["text/plain", "application/json", "application/octet-stream"]) {
      const response = await post(type === "application/json" ? Buffer.from("{") : BODY, { "content-type": type });
      expect(response.status).toBe(415);
      expect(detail(response.body)).toBe(
        `expected Content-Type: application/x-protobuf (a snappy-compressed prometheus.WriteRequest), got "${type}"`,
      );
    }
    expect((await post(BODY, { "content-type": undefined })).status).toBe(415);
  });

  it("refuses remote_write 2.0 saying only 1.0 is supported", async () => {
    await startReceiver();
    const v2 = await post(BODY, {
      "content-type": "application/x-protobuf;proto=io.prometheus.write.v2.Request",
      "x-prometheus-remote-write-version": "2.0.0",
    });
    expect(v2.status).toBe(415);
    expect(detail(v2.body)).toMatch(
      /^the body is a io\.prometheus\.write\.v2\.Request, not a prometheus\.WriteRequest: Nines receives remote_write 1\.0 only/,
    );
    const versionOnly = await post(BODY, { "x-prometheus-remote-write-version": "2.0.0" });
    expect(versionOnly.status).toBe(400);
    expect(detail(versionOnly.body)).toMatch(
      /^remote_write 2\.0\.0 is not supported: Nines receives remote_write 1\.0 only/,
    );
    const v1Proto = await post(BODY, { "content-type": "application/x-protobuf; proto=prometheus.WriteRequest" });
    expect(v1Proto.status).toBe(204);
  });

  it("refuses a body that is not snappy-encoded by its header", async () => {
    await startReceiver();
    for (const encoding of [undefined, "gzip"]) {
      const response = await post(BODY, { "content-encoding": encoding });
      expect(response.status).toBe(400);
      expect(detail(response.body)).toBe(
        `expected Content-Encoding: snappy (remote_write bodies are snappy-compressed), got ${encoding ? `"${encoding}"` : "none"}`,
      );
    }
  });

  it("refuses a body over 8 MiB with 413, naming its own limit", async () => {
    await startReceiver();
    const response = await post(Buffer.alloc(8 * 1024 * 1024 + 1));
    expect(response.status).toBe(413);
    expect(detail(response.body)).toBe(
      "the body is 8388609 bytes, more than the limit of 8388608 for remote_write; send smaller batches (queue_config.max_samples_per_send)",
    );
  });
});
