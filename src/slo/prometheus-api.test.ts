import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { closeTargets, findClosedPort, startHangingTarget, startHttpTarget } from "../../test/support/probe-targets.js";
import { createConnector } from "../net/connector.js";
import { createPrometheusApi } from "./prometheus-api.js";

const connector = createConnector();
afterEach(closeTargets);

interface Seen {
  path: string;
  parameters: URLSearchParams;
  authorization: string | undefined;
  tenant: string | undefined;
}

/** A stand-in Prometheus that records each request and answers with `reply`. */
async function startPrometheus(reply: (seen: Seen, response: http.ServerResponse) => void) {
  const requests: Seen[] = [];
  const url = await startHttpTarget((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const seen = {
        path: request.url ?? "",
        parameters: new URLSearchParams(Buffer.concat(chunks).toString()),
        authorization: request.headers.authorization,
        tenant: request.headers["x-scope-orgid"] as string | undefined,
      };
      requests.push(seen);
      reply(seen, response);
    });
  });
  return { url, requests };
}

const json = (response: http.ServerResponse, status: number, body: unknown) => {
  response.statusCode = status;
  response.setHeader("content-type", "application/json");
  response.end(JSON.stringify(body));
};

const success = (data: unknown) => ({ status: "success", data });

async function messageOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "resolved",
    (error: Error) => error.message,
  );
}

describe("createPrometheusApi", () => {
  it("posts query_range with seconds and reads a matrix, NaN and infinities included", async () => {
    const prometheus = await startPrometheus((_seen, response) =>
      json(
        response,
        200,
        success({
          resultType: "matrix",
          result: [
            {
              metric: { __name__: "x_total", job: "a" },
              values: [
                [1700000000, "1"],
                [1700000060.5, "NaN"],
                [1700000120, "+Inf"],
              ],
            },
          ],
        }),
      ),
    );
    const api = createPrometheusApi({ connector, connection: { url: `${prometheus.url}/prefix/`, bearerToken: "t" } });
    const series = await api.queryRange("x_total", 1_700_000_000_000, 1_700_000_120_000, 60_000);
    expect(series).toEqual([
      {
        labels: { __name__: "x_total", job: "a" },
        samples: [
          [1_700_000_000_000, 1],
          [1_700_000_060_500, Number.NaN],
          [1_700_000_120_000, Infinity],
        ],
      },
    ]);
    const [seen] = prometheus.requests;
    expect(seen?.path).toBe("/prefix/api/v1/query_range");
    expect(Object.fromEntries(seen?.parameters ?? [])).toEqual({
      query: "x_total",
      start: "1700000000",
      end: "1700000120",
      step: "60",
    });
    expect(seen?.authorization).toBe("Bearer t");
  });

  it("posts an instant query and reads a vector, with basic auth and extra headers", async () => {
    const prometheus = await startPrometheus((_seen, response) =>
      json(
        response,
        200,
        success({ resultType: "vector", result: [{ metric: { job: "b" }, value: [1700000000, "7"] }] }),
      ),
    );
    const api = createPrometheusApi({
      connector,
      connection: {
        url: prometheus.url,
        basicAuth: { username: "u", password: "p" },
        headers: { "X-Scope-OrgID": "t1" },
      },
    });
    expect(await api.query("sum(x)", 1_700_000_000_000)).toEqual([
      { labels: { job: "b" }, timeMs: 1_700_000_000_000, value: 7 },
    ]);
    const [seen] = prometheus.requests;
    expect(seen?.path).toBe("/api/v1/query");
    expect(seen?.parameters.get("time")).toBe("1700000000");
    expect(seen?.authorization).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
    expect(seen?.tenant).toBe("t1");
  });

  it("says the server is down when nothing listens", async () => {
    const url = `http://127.0.0.1:${await findClosedPort()}`;
    const api = createPrometheusApi({ connector, connection: { url } });
    expect(await messageOf(api.query("up", 0))).toMatch(
      new RegExp(`^Prometheus at ${url} is unreachable: .*ECONNREFUSED`),
    );
  });

  it("says the server is slow when it doesn't answer within the timeout", async () => {
    const url = `http://127.0.0.1:${await startHangingTarget()}`;
    const api = createPrometheusApi({ connector, connection: { url, timeout: "1s" } });
    expect(await messageOf(api.query("up", 0))).toBe(`Prometheus at ${url} did not answer within 1s`);
  });

  it("says so when the answer is not JSON, or not the API's JSON", async () => {
    const garbage = await startPrometheus((_seen, response) => response.end("<html>502 Bad Gateway</html>"));
    expect(await messageOf(createPrometheusApi({ connector, connection: { url: garbage.url } }).query("up", 0))).toBe(
      `Prometheus at ${garbage.url} answered HTTP 200 with something that is not JSON: "<html>502 Bad Gateway</html>"`,
    );
    const other = await startPrometheus((_seen, response) => json(response, 200, { hello: "world" }));
    expect(await messageOf(createPrometheusApi({ connector, connection: { url: other.url } }).query("up", 0))).toMatch(
      /JSON that is not a Prometheus API answer/,
    );
  });

  it("passes Prometheus' own error on", async () => {
    const prometheus = await startPrometheus((_seen, response) =>
      json(response, 400, { status: "error", errorType: "bad_data", error: 'parse error: unexpected "}"' }),
    );
    const api = createPrometheusApi({ connector, connection: { url: prometheus.url } });
    expect(await messageOf(api.queryRange("x}", 0, 60_000, 60_000))).toBe(
      `Prometheus at ${prometheus.url} refused the query (bad_data): parse error: unexpected "}"`,
    );
  });

  it("refuses an answer of the wrong type", async () => {
    const prometheus = await startPrometheus((_seen, response) =>
      json(response, 200, success({ resultType: "scalar", result: [1700000000, "1"] })),
    );
    const api = createPrometheusApi({ connector, connection: { url: prometheus.url } });
    expect(await messageOf(api.query("1", 0))).toMatch(/answered "1" with a scalar, expected a vector/);
    expect(await messageOf(api.queryRange("1", 0, 0, 60_000))).toMatch(/with a scalar, expected a matrix/);
  });

  it("refuses malformed samples", async () => {
    const prometheus = await startPrometheus((_seen, response) =>
      json(response, 200, success({ resultType: "vector", result: [{ metric: {}, value: [1, 2] }] })),
    );
    const api = createPrometheusApi({ connector, connection: { url: prometheus.url } });
    expect(await messageOf(api.query("up", 0))).toMatch(/malformed Prometheus API result: a sample/);
  });

  it("refuses an HTTP error without an API error", async () => {
    const prometheus = await startPrometheus((_seen, response) => json(response, 503, success({})));
    const api = createPrometheusApi({ connector, connection: { url: prometheus.url } });
    expect(await messageOf(api.query("up", 0))).toMatch(/answered HTTP 503/);
  });

  it("refuses an answer larger than maxBytes", async () => {
    const prometheus = await startPrometheus((_seen, response) =>
      json(response, 200, success({ resultType: "vector", result: [], padding: "x".repeat(5000) })),
    );
    const api = createPrometheusApi({ connector, connection: { url: prometheus.url }, maxBytes: 1000 });
    expect(await messageOf(api.query("up", 0))).toMatch(/larger than 1000 bytes; narrow the query/);
  });

  it("refuses an address the data-source policy refuses", async () => {
    const strict = createConnector({ settings: { datasource: { deny: ["127.0.0.0/8"] } } });
    const api = createPrometheusApi({ connector: strict, connection: { url: "http://127.0.0.1:9/" } });
    expect(await messageOf(api.query("up", 0))).toMatch(/is unreachable: .*refused/);
  });
});
