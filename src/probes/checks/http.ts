import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { parseDuration } from "../../core/duration.js";
import type { Check, CheckContext, CheckOutcome, PhaseTimings } from "../check.js";
import type { HttpMonitorSpec } from "../model.js";

/** Enough to judge a health endpoint; a huge or endless body is cut off here, not read to the end. */
export const MAX_BODY_BYTES = 64 * 1024;

const USER_AGENT = "Nines-Probe/1";

export const httpCheck: Check<HttpMonitorSpec> = {
  type: "http",
  run: runHttpCheck,
  describeTarget: (spec) => (spec.method === "GET" ? spec.url : `${spec.method} ${spec.url}`),
};

/** Instants (performance.now) at which each phase of one request ended. */
interface PhaseMarks {
  start: number;
  lookup?: number;
  connect?: number;
  secureConnect?: number;
  response?: number;
  end?: number;
}

type Verdict = Omit<CheckOutcome, "durationMs" | "timings">;

function runHttpCheck(spec: HttpMonitorSpec, context: CheckContext): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    const marks: PhaseMarks = { start: performance.now() };
    const timeoutMs = parseDuration(spec.timeout) ?? 10_000;
    let request: http.ClientRequest | undefined;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;

    const finish = (verdict: Verdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      context.signal.removeEventListener("abort", cancel);
      // Also closes the socket: with `agent: false` it is never handed back to a pool.
      request?.destroy();
      resolve({ ...verdict, durationMs: roundMs(performance.now() - marks.start), timings: measurePhases(marks) });
    };
    const cancel = () => finish({ status: "down", error: "check cancelled" });

    if (context.signal.aborted) return cancel();
    context.signal.addEventListener("abort", cancel, { once: true });
    timer = setTimeout(() => finish({ status: "down", error: `timed out after ${timeoutMs} ms` }), timeoutMs);

    let url: URL;
    try {
      url = new URL(spec.url);
      const transport = url.protocol === "https:" ? https : http;
      // A fresh socket per check (agent: false), so every result includes DNS, connect and TLS.
      request = transport.request(url, {
        method: spec.method,
        agent: false,
        headers: { "user-agent": USER_AGENT, accept: "*/*" },
      });
    } catch (error) {
      return finish({ status: "down", error: describeError(error) });
    }

    request.on("socket", (socket: Socket) => {
      socket.once("lookup", () => (marks.lookup = performance.now()));
      socket.once("connect", () => (marks.connect = performance.now()));
      socket.once("secureConnect", () => (marks.secureConnect = performance.now()));
    });
    request.on("error", (error) => finish({ status: "down", error: describeRequestError(error, url, marks) }));
    request.on("response", (response) => {
      marks.response = performance.now();
      const statusCode = response.statusCode ?? 0;
      const complete = () => {
        marks.end = performance.now();
        finish(judgeStatus(statusCode, spec.expectedStatus));
      };
      let received = 0;
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received >= MAX_BODY_BYTES) complete();
      });
      response.on("end", complete);
      response.on("error", (error) =>
        finish({
          status: "down",
          statusCode,
          error: `connection lost while reading the body (${errorCode(error) ?? error.message})`,
        }),
      );
    });
    request.end();
  });
}

function judgeStatus(statusCode: number, expected: HttpMonitorSpec["expectedStatus"]): Verdict {
  if (expected.some((matcher) => matchesStatus(statusCode, matcher))) return { status: "up", statusCode };
  return { status: "down", statusCode, error: `unexpected status ${statusCode} (expected ${expected.join(", ")})` };
}

export function matchesStatus(statusCode: number, matcher: number | string): boolean {
  if (typeof matcher === "number") return statusCode === matcher;
  const [low, high = low] = matcher.split("-").map(Number) as [number, number?];
  return statusCode >= low && statusCode <= high;
}

function measurePhases(marks: PhaseMarks): PhaseTimings {
  const timings: PhaseTimings = {};
  const connectFrom = marks.lookup ?? marks.start;
  const requestFrom = marks.secureConnect ?? marks.connect ?? marks.start;
  if (marks.lookup !== undefined) timings.dns = roundMs(marks.lookup - marks.start);
  if (marks.connect !== undefined) timings.connect = roundMs(marks.connect - connectFrom);
  if (marks.secureConnect !== undefined && marks.connect !== undefined)
    timings.tls = roundMs(marks.secureConnect - marks.connect);
  if (marks.response !== undefined) timings.firstByte = roundMs(marks.response - requestFrom);
  if (marks.end !== undefined && marks.response !== undefined) timings.transfer = roundMs(marks.end - marks.response);
  return timings;
}

const roundMs = (ms: number) => Math.round(ms * 100) / 100;

const DNS_ERRORS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "ENODATA", "ESERVFAIL"]);

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection closed",
};

interface NetworkError extends NodeJS.ErrnoException {
  address?: string;
  port?: number;
  hostname?: string;
}

function describeRequestError(error: NetworkError, url: URL, marks: PhaseMarks): string {
  const code = errorCode(error);
  if (code && DNS_ERRORS.has(code)) return `DNS lookup failed for ${error.hostname ?? url.hostname} (${code})`;
  // Between TCP connect and secureConnect only the handshake can fail, whatever the code says.
  const inHandshake = url.protocol === "https:" && marks.connect !== undefined && marks.secureConnect === undefined;
  if (inHandshake || (code && /CERT|TLS|SSL/.test(code)))
    return `TLS error: ${error.message}${code ? ` (${code})` : ""}`;
  if (code === "ECONNRESET" && marks.response === undefined) return "connection closed before a response (ECONNRESET)";
  if (code?.startsWith("HPE_")) return `invalid HTTP response: ${error.message} (${code})`;
  const known = code ? NETWORK_ERRORS[code] : undefined;
  if (known) return `${known} (${code}${error.address ? ` ${formatAddress(error.address, error.port)}` : ""})`;
  return describeError(error);
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = errorCode(error);
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function formatAddress(address: string, port: number | undefined): string {
  const host = address.includes(":") ? `[${address}]` : address;
  return port === undefined ? host : `${host}:${port}`;
}
