import http from "node:http";
import https from "node:https";
import { type Connector, OutboundLimit, OutboundRefused } from "./connector.js";
import type { Purpose } from "./policy.js";

/**
 * The one small HTTP client for Nines' own outbound requests (data sources, webhooks): every
 * connection is opened by the connector, so every address is checked against the purpose's
 * policy, and every answer is capped in bytes and time. No redirects are followed: a data source
 * or webhook that redirects is misconfigured, and its status says so.
 */

export interface HttpRequest {
  url: string;
  method?: string | undefined;
  headers?: Record<string, string> | undefined;
  body?: string | Buffer | undefined;
  /** The most the whole exchange may take, lookup to last byte. Default 10 s. */
  timeoutMs?: number | undefined;
  /** The most the response body may hold. Default 16 MiB. */
  maxBytes?: number | undefined;
  purpose: Purpose;
  /** Verify the server's certificate (https). Default true. */
  tlsVerify?: boolean | undefined;
  /** Aborting ends the exchange at once, as a `timeout` failure (the caller gave up waiting). */
  signal?: AbortSignal | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export type HttpFailure = "invalid-url" | "refused" | "timeout" | "too-large" | "network";

/** A request that got no complete answer; `message` names the request and what went wrong. */
export class HttpRequestError extends Error {
  override readonly name = "HttpRequestError";
  constructor(
    message: string,
    readonly failure: HttpFailure,
  ) {
    super(message);
  }
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
const USER_AGENT = "Nines/1";

export function requestHttp(connector: Connector, request: HttpRequest): Promise<HttpResponse> {
  const method = (request.method ?? "GET").toUpperCase();
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return Promise.reject(
      new HttpRequestError(`${JSON.stringify(request.url)} is not a URL such as http://host:9090/`, "invalid-url"),
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return Promise.reject(
      new HttpRequestError(`${url.protocol}// is not supported; expected an http:// or https:// URL`, "invalid-url"),
    );
  // The query string may hold a query or a token: messages name the origin and path only.
  const what = `${method} ${url.origin}${url.pathname}`;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = request.maxBytes ?? DEFAULT_MAX_BYTES;
  const secure = url.protocol === "https:";
  const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: "*/*" };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));

  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const fail = (error: HttpRequestError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", abort);
      outgoing.destroy();
      reject(error);
    };
    const abort = () => fail(new HttpRequestError(`${what}: aborted`, "timeout"));
    const outgoing = (secure ? https : http).request(url, {
      method,
      headers,
      createConnection: () =>
        connector.connect({
          purpose: request.purpose,
          host: url.hostname,
          port: Number(url.port) || (secure ? 443 : 80),
          tls: secure ? { rejectUnauthorized: request.tlsVerify ?? true } : undefined,
        }),
    });
    const timer = setTimeout(
      () => fail(new HttpRequestError(`${what}: no complete answer within ${timeoutMs} ms`, "timeout")),
      timeoutMs,
    );
    if (request.signal?.aborted) {
      abort();
      return;
    }
    request.signal?.addEventListener("abort", abort, { once: true });
    outgoing.on("error", (error) => fail(describeError(what, error)));
    outgoing.on("response", (response) => {
      const declared = Number(response.headers["content-length"]);
      if (declared > maxBytes) {
        fail(tooLarge(what, maxBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) fail(tooLarge(what, maxBytes));
        else chunks.push(chunk);
      });
      response.on("error", (error) => fail(describeError(what, error)));
      response.on("aborted", () =>
        fail(new HttpRequestError(`${what}: the connection closed before the whole answer arrived`, "network")),
      );
      response.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener("abort", abort);
        resolve({
          status: response.statusCode ?? 0,
          headers: plainHeaders(response.headers),
          body: Buffer.concat(chunks),
        });
      });
    });
    outgoing.end(request.body);
  });
}

const tooLarge = (what: string, maxBytes: number) =>
  new HttpRequestError(`${what}: the answer is larger than ${maxBytes} bytes`, "too-large");

function describeError(what: string, error: Error & { code?: string }): HttpRequestError {
  if (error instanceof OutboundRefused) return new HttpRequestError(`${what}: refused: ${error.message}`, "refused");
  if (error instanceof OutboundLimit && error.code === "ETIMEDOUT")
    return new HttpRequestError(`${what}: ${error.message}`, "timeout");
  const code = error.code ? `${error.code}: ` : "";
  return new HttpRequestError(`${what}: ${code}${error.message}`, "network");
}

function plainHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const plain: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) plain[name] = value;
  return plain;
}
