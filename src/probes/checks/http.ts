import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { TLSSocket } from "node:tls";
import { parseDuration } from "../../core/duration.js";
import { type Connector, OutboundRefused } from "../../net/connector.js";
import type { Check, CheckContext, CheckOutcome } from "../check.js";
import type { HttpCheckSpec } from "../model.js";
import { type Attempt, runAttempt, type Verdict } from "./attempt.js";
import { findEarliestExpiry, readCertificateChain } from "./certificates.js";
import { assertsOnBody, judgeResponse } from "./http-assertions.js";
import { describeConnectionError, errorCode, type NetworkError } from "./network-errors.js";
import { connectorOf } from "./outbound.js";
import { type PhaseMarks, watchSocketPhases } from "./phases.js";

/** Enough to judge a health endpoint; a huge or endless body is cut off here, not read to the end. */
export const MAX_BODY_BYTES = 64 * 1024;

const USER_AGENT = "Nines-Probe/1";

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/** Not sent on to another origin after a redirect, as browsers do (Fetch standard). */
const ORIGIN_BOUND_HEADERS = ["authorization", "cookie", "proxy-authorization", "host"];

export const httpCheck: Check<HttpCheckSpec> = {
  type: "http",
  schedule: "pulled",
  intervalMs: (spec) => parseDuration(spec.interval) as number,
  run: runHttpCheck,
  describeTarget: (spec) => (spec.method === "GET" ? spec.url : `${spec.method} ${spec.url}`),
};

/** One request of a check: the first, or one a redirect asked for. */
interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Every URL requested so far, this one included, to tell a loop from a long chain. */
  visited: string[];
}

interface HttpRun {
  spec: HttpCheckSpec;
  attempt: Attempt;
  connector: Connector;
  /** The earliest certificate expiry over every https request of the chain. */
  certificateExpiresAt?: number;
}

function runHttpCheck(spec: HttpCheckSpec, context: CheckContext): Promise<CheckOutcome> {
  return runAttempt(spec.timeout, context, (attempt) => {
    const url = new URL(spec.url);
    const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: "*/*" };
    if (spec.basicAuth) {
      const { username, password } = spec.basicAuth;
      headers.authorization = `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
    }
    for (const [name, value] of Object.entries(spec.headers ?? {})) headers[name.toLowerCase()] = value;
    sendRequest(
      { spec, attempt, connector: connectorOf(context) },
      { url, method: spec.method, headers, body: spec.body, visited: [url.href] },
    );
  });
}

function sendRequest(run: HttpRun, hop: Hop): void {
  const { spec, attempt } = run;
  // Timings describe the final request; a redirect starts them again.
  const marks: PhaseMarks = { start: performance.now() };
  attempt.marks = marks;
  // Once a redirect is followed, the events of this request no longer decide anything.
  let current = true;
  const secure = hop.url.protocol === "https:";
  const finish = (verdict: Verdict) => {
    if (current) attempt.finish(withCertificate(run, verdict));
  };

  // A fresh connection per check, opened by the connector (no agent), so every result includes
  // DNS, connect and TLS, and the policy sees every hop, redirects included.
  const request = (secure ? https : http).request(hop.url, {
    method: hop.method,
    headers: hop.headers,
    createConnection: () =>
      run.connector.connect({
        purpose: "probe",
        host: hop.url.hostname,
        port: Number(hop.url.port) || (secure ? 443 : 80),
        tls: secure ? { rejectUnauthorized: spec.tlsVerify } : undefined,
      }),
  });
  attempt.onEnd(() => request.destroy());
  request.on("socket", (socket: Socket) => {
    watchSocketPhases(socket, marks);
    socket.once("secureConnect", () => noteCertificateExpiry(run, socket as TLSSocket));
  });
  request.on("error", (error: NetworkError) =>
    finish({
      status: "down",
      error:
        error instanceof OutboundRefused
          ? describeRefusal(hop, error.message)
          : describeConnectionError(error, { host: hop.url.hostname, tls: secure }, marks),
    }),
  );
  request.on("response", (response) => {
    marks.response = performance.now();
    const statusCode = response.statusCode ?? 0;
    const location = response.headers.location;
    if (spec.followRedirects && REDIRECT_CODES.has(statusCode) && location) {
      current = false;
      request.destroy();
      followRedirect(run, hop, statusCode, location);
      return;
    }
    readBody(
      response,
      assertsOnBody(spec),
      (body, truncated) => {
        marks.end = performance.now();
        finish(judgeResponse(spec, { statusCode, body, truncated, elapsedMs: attempt.elapsedMs() }));
      },
      (error) =>
        finish({
          status: "down",
          statusCode,
          error: `connection lost while reading the body (${errorCode(error) ?? error.message})`,
        }),
    );
  });
  request.end(hop.body);
}

function followRedirect(run: HttpRun, hop: Hop, statusCode: number, location: string): void {
  const next = planRedirect(run.spec, hop, statusCode, location);
  if (typeof next === "string") run.attempt.finish(withCertificate(run, { status: "down", statusCode, error: next }));
  else sendRequest(run, next);
}

/** The request a redirect asks for, or why it is not followed. */
function planRedirect(spec: HttpCheckSpec, hop: Hop, statusCode: number, location: string): Hop | string {
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    return `redirect from ${hop.url.href} to an invalid location ${JSON.stringify(location)}`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `redirect from ${hop.url.href} to ${url.href}, which is not http or https`;
  const visited = [...hop.visited, url.href];
  if (hop.visited.includes(url.href)) return `redirect loop: ${visited.join(" → ")}`;
  if (hop.visited.length > spec.maxRedirects)
    return `too many redirects (more than ${spec.maxRedirects}), the last to ${url.href}`;

  // 303, and 301/302 after a POST, turn into a GET without a body, as browsers and curl -L do.
  const toGet =
    hop.method !== "HEAD" &&
    (statusCode === 303 || ((statusCode === 301 || statusCode === 302) && hop.method === "POST"));
  const headers = { ...hop.headers };
  if (url.origin !== hop.url.origin) for (const name of ORIGIN_BOUND_HEADERS) delete headers[name];
  if (toGet) for (const name of ["content-type", "content-length"]) delete headers[name];
  return { url, method: toGet ? "GET" : hop.method, headers, body: toGet ? undefined : hop.body, visited };
}

/** A refused first request is the policy's reason; a refused redirect also says where it pointed. */
function describeRefusal(hop: Hop, reason: string): string {
  return hop.visited.length > 1 ? `redirect to ${hop.url.href} refused: ${reason}` : reason;
}

/** Reads up to MAX_BODY_BYTES, keeping the text only when something asserts on it. */
function readBody(
  response: http.IncomingMessage,
  keep: boolean,
  done: (body: string, truncated: boolean) => void,
  fail: (error: Error) => void,
): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let complete = false;
  const end = (truncated: boolean) => {
    if (complete) return;
    complete = true;
    done(keep ? Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString("utf8") : "", truncated);
  };
  response.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (keep) chunks.push(chunk);
    if (received < MAX_BODY_BYTES) return;
    end(received > MAX_BODY_BYTES || Number(response.headers["content-length"]) !== MAX_BODY_BYTES);
  });
  response.on("end", () => end(false));
  response.on("error", fail);
}

function withCertificate(run: HttpRun, verdict: Verdict): Verdict {
  return run.certificateExpiresAt === undefined
    ? verdict
    : { ...verdict, certificateExpiresAt: run.certificateExpiresAt };
}

function noteCertificateExpiry(run: HttpRun, socket: TLSSocket): void {
  const expiry = findEarliestExpiry(readCertificateChain(socket));
  if (expiry && (run.certificateExpiresAt === undefined || expiry.expiresAt < run.certificateExpiresAt))
    run.certificateExpiresAt = expiry.expiresAt;
}
