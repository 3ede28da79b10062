import type { FastifyInstance, FastifyRequest } from "fastify";
import { invalid, NinesError } from "../core/errors.js";
import { defineRoute, type RouteDefinition } from "../http/route.js";
import type { IngestReport } from "./embedded-queries.js";

/**
 * Prometheus' remote_write 1.0 receiver: `remote_write: [{url: .../api/v1/write, authorization:
 * {credentials: <a responder token>}}]`. 204 when the batch is taken; 400 for a body that will
 * never decode, which Prometheus drops instead of retrying forever.
 */

export const REMOTE_WRITE_URL = "/api/v1/write";
/** Compressed bytes; Prometheus' batches are tens of KiB, and decoding caps the uncompressed size. */
export const REMOTE_WRITE_BODY_LIMIT = 8 * 1024 * 1024;

const MEDIA_TYPE = "application/x-protobuf";
const V1_MESSAGE = "prometheus.WriteRequest";
const ONLY_V1 = `Nines receives remote_write 1.0 only (Content-Type: ${MEDIA_TYPE}, X-Prometheus-Remote-Write-Version: 0.1.0); leave protobuf_message at ${V1_MESSAGE} in Prometheus' remote_write config`;

/** 415 has no domain code: only this edge refuses a media type. */
class UnsupportedMediaTypeError extends Error {
  readonly statusCode = 415;
  readonly code = "NINES_UNSUPPORTED_MEDIA_TYPE";
}

/**
 * The raw body, kept where the route kit's walk over request bodies (looking for NUL characters
 * in JSON) doesn't enumerate it byte by byte, as it would a Buffer.
 */
class RemoteWriteBody {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  get bytes() {
    return this.#bytes;
  }
}

/**
 * Takes `application/x-protobuf` bodies as bytes, up to their own limit, and refuses any other
 * media type on the receiver with 415 before it is parsed. Call it on the scope the routes of
 * `remoteWriteRoutes` are registered in.
 */
export function installRemoteWriteParser(app: FastifyInstance, bodyLimit = REMOTE_WRITE_BODY_LIMIT) {
  app.addContentTypeParser(MEDIA_TYPE, { parseAs: "buffer", bodyLimit }, (_request, body, done) =>
    done(null, new RemoteWriteBody(body as Buffer)),
  );
  // preParsing runs after the route's authentication (onRequest), so a stranger learns nothing here.
  app.addHook("preParsing", async (request, _reply, payload) => {
    if (request.method !== "POST" || request.routeOptions.url !== REMOTE_WRITE_URL) return payload;
    checkMediaType(request.headers["content-type"]);
    const length = Number(request.headers["content-length"]);
    if (length > bodyLimit)
      throw new NinesError(
        "TooLarge",
        `the body is ${length} bytes, more than the limit of ${bodyLimit} for remote_write; send smaller batches (queue_config.max_samples_per_send)`,
      );
    return payload;
  });
}

function checkMediaType(header: string | undefined) {
  const [type = "", ...parameters] = (header ?? "").split(";").map((part) => part.trim());
  if (type.toLowerCase() !== MEDIA_TYPE)
    throw new UnsupportedMediaTypeError(
      `expected Content-Type: ${MEDIA_TYPE} (a snappy-compressed prometheus.WriteRequest), got ${header ? JSON.stringify(header) : "none"}`,
    );
  const proto = parameters.find((parameter) => parameter.toLowerCase().startsWith("proto="));
  const message = proto?.slice("proto=".length).replace(/^"|"$/g, "");
  if (message !== undefined && message !== V1_MESSAGE)
    throw new UnsupportedMediaTypeError(`the body is a ${message}, not a ${V1_MESSAGE}: ${ONLY_V1}`);
}

function checkHeaders(request: FastifyRequest) {
  const encoding = request.headers["content-encoding"];
  if (encoding?.trim().toLowerCase() !== "snappy")
    throw invalid(
      `expected Content-Encoding: snappy (remote_write bodies are snappy-compressed), got ${encoding ? JSON.stringify(encoding) : "none"}`,
    );
  const version = request.headers["x-prometheus-remote-write-version"];
  if (typeof version !== "string" || version.trim() === "") return;
  if (/^0\.1(\.\d+)?$/.test(version.trim())) return;
  throw invalid(
    /^2(\.|$)/.test(version.trim())
      ? `remote_write ${version} is not supported: ${ONLY_V1}`
      : `unknown X-Prometheus-Remote-Write-Version ${JSON.stringify(version)}: ${ONLY_V1}`,
  );
}

export function remoteWriteRoutes(deps: { ingest: (body: Buffer) => IngestReport }): RouteDefinition[] {
  return [
    defineRoute({
      method: "POST",
      access: "responder",
      url: REMOTE_WRITE_URL,
      tag: "slos",
      summary:
        "Prometheus remote_write 1.0 receiver (a snappy-compressed prometheus.WriteRequest): keeps the series SLOs' queries read",
      status: 204,
      handler: ({ request, body }) => {
        if (!(body instanceof RemoteWriteBody))
          throw new UnsupportedMediaTypeError(`expected Content-Type: ${MEDIA_TYPE}`);
        checkHeaders(request);
        deps.ingest(body.bytes);
        return null;
      },
    }),
  ];
}
