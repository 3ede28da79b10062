import type { Connector } from "../net/connector.js";
import { HttpRequestError, requestHttp } from "../net/http-request.js";
import { connectionHeaders, connectionTimeoutMs, type ResolvedPrometheusConnection } from "./prometheus-connection.js";

/**
 * A client for the Prometheus HTTP API v1 (`/api/v1/query`, `/api/v1/query_range`), also spoken
 * by Thanos, Mimir, Cortex and VictoriaMetrics. Every request goes through the connector with the
 * data-source policy. Each way an answer can fail becomes an Error whose message says what went
 * wrong with which server, for the SLO's `error`.
 */

export type Labels = Record<string, string>;

/** One series of a range query; samples are `[epoch ms, value]`, oldest first. */
export interface RangeSeries {
  labels: Labels;
  samples: Array<[number, number]>;
}

/** One series of an instant query. */
export interface InstantSample {
  labels: Labels;
  timeMs: number;
  value: number;
}

export interface PrometheusApi {
  /** The base URL, for messages. */
  readonly url: string;
  queryRange(query: string, startMs: number, endMs: number, stepMs: number): Promise<RangeSeries[]>;
  query(query: string, timeMs: number): Promise<InstantSample[]>;
}

export interface PrometheusApiOptions {
  connector: Connector;
  /** With every reference resolved to its value. */
  connection: Omit<ResolvedPrometheusConnection, "timeout"> & { timeout?: string | undefined };
  /** The most one answer may hold. Default 64 MiB: 10,000 points of a few hundred series. */
  maxBytes?: number | undefined;
}

export const DEFAULT_API_MAX_BYTES = 64 * 1024 * 1024;

export function createPrometheusApi(options: PrometheusApiOptions): PrometheusApi {
  const { connector, connection } = options;
  const base = connection.url.endsWith("/") ? connection.url : `${connection.url}/`;
  const headers = {
    ...connectionHeaders(connection as ResolvedPrometheusConnection),
    accept: "application/json",
    "content-type": "application/x-www-form-urlencoded",
  };
  const timeoutMs = connectionTimeoutMs(connection);
  const server = `Prometheus at ${connection.url}`;

  /** POST, so long queries and many parameters never hit a URL length limit. */
  async function call(path: string, parameters: Record<string, string>): Promise<unknown> {
    let answer: Awaited<ReturnType<typeof requestHttp>>;
    try {
      answer = await requestHttp(connector, {
        url: new URL(path, base).href,
        method: "POST",
        headers,
        body: new URLSearchParams(parameters).toString(),
        timeoutMs,
        maxBytes: options.maxBytes ?? DEFAULT_API_MAX_BYTES,
        purpose: "datasource",
      });
    } catch (error) {
      throw describeRequestFailure(server, timeoutMs, error);
    }
    return readEnvelope(server, answer.status, answer.body);
  }

  return {
    url: connection.url,
    async queryRange(query, startMs, endMs, stepMs) {
      const data = await call("api/v1/query_range", {
        query,
        start: toSeconds(startMs),
        end: toSeconds(endMs),
        step: toSeconds(stepMs),
      });
      return readMatrix(server, query, data);
    },
    async query(query, timeMs) {
      const data = await call("api/v1/query", { query, time: toSeconds(timeMs) });
      return readVector(server, query, data);
    },
  };
}

const toSeconds = (ms: number) => String(ms / 1000);

function describeRequestFailure(server: string, timeoutMs: number, error: unknown): Error {
  if (!(error instanceof HttpRequestError)) return error as Error;
  if (error.failure === "timeout") return new Error(`${server} did not answer within ${timeoutMs / 1000}s`);
  if (error.failure === "too-large") return new Error(`${server}: ${error.message}; narrow the query`);
  return new Error(`${server} is unreachable: ${error.message}`);
}

/** The `{status, data}` envelope; a failed query is an Error with Prometheus' own words. */
function readEnvelope(server: string, status: number, body: Buffer): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new Error(`${server} answered HTTP ${status} with something that is not JSON: ${snippet(body)}`);
  }
  if (!isRecord(parsed) || (parsed.status !== "success" && parsed.status !== "error"))
    throw new Error(
      `${server} answered HTTP ${status} with JSON that is not a Prometheus API answer: ${snippet(body)}`,
    );
  if (parsed.status === "error") {
    const kind = typeof parsed.errorType === "string" ? ` (${parsed.errorType})` : "";
    const message = typeof parsed.error === "string" ? parsed.error : "no message";
    throw new Error(`${server} refused the query${kind}: ${message}`);
  }
  if (status < 200 || status > 299) throw new Error(`${server} answered HTTP ${status}: ${snippet(body)}`);
  return parsed.data;
}

function readMatrix(server: string, query: string, data: unknown): RangeSeries[] {
  const result = readResult(server, query, data, "matrix");
  return result.map((item) => {
    if (!isRecord(item) || !Array.isArray(item.values)) throw malformed(server, "a matrix series without values");
    return { labels: readLabels(server, item.metric), samples: item.values.map((pair) => readSample(server, pair)) };
  });
}

function readVector(server: string, query: string, data: unknown): InstantSample[] {
  const result = readResult(server, query, data, "vector");
  return result.map((item) => {
    if (!isRecord(item)) throw malformed(server, "a vector element that is not an object");
    const [timeMs, value] = readSample(server, item.value);
    return { labels: readLabels(server, item.metric), timeMs, value };
  });
}

function readResult(server: string, query: string, data: unknown, expected: "matrix" | "vector"): unknown[] {
  if (!isRecord(data)) throw malformed(server, "no data");
  if (data.resultType !== expected)
    throw new Error(
      `${server} answered ${JSON.stringify(query)} with a ${String(data.resultType)}, expected a ${expected}: the query must return series (an instant vector)`,
    );
  if (!Array.isArray(data.result)) throw malformed(server, "a result that is not a list");
  return data.result;
}

function readLabels(server: string, metric: unknown): Labels {
  if (metric === undefined) return {};
  if (!isRecord(metric) || Object.values(metric).some((value) => typeof value !== "string"))
    throw malformed(server, "labels that are not strings");
  return metric as Labels;
}

/** `[1712345678.123, "42"]`; Prometheus writes values as strings, with NaN and ±Inf spelled out. */
function readSample(server: string, pair: unknown): [number, number] {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "number" || typeof pair[1] !== "string")
    throw malformed(server, "a sample that is not [time, value]");
  const text = pair[1];
  const value = text === "+Inf" ? Infinity : text === "-Inf" ? -Infinity : Number(text);
  if (Number.isNaN(value) && text !== "NaN") throw malformed(server, `the value ${JSON.stringify(text)}`);
  return [Math.round(pair[0] * 1000), value];
}

const malformed = (server: string, what: string) =>
  new Error(`${server} answered with a malformed Prometheus API result: ${what}`);

function snippet(body: Buffer): string {
  const text = body.subarray(0, 200).toString("utf8").replace(/\s+/g, " ").trim();
  return text === "" ? "(empty)" : JSON.stringify(body.length > 200 ? `${text}...` : text);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
