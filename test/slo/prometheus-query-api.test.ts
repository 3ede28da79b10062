import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnector } from "../../src/net/connector.js";
import { createPrometheusApi, type PrometheusApi } from "../../src/slo/prometheus-api.js";
import { readMinuteCounts } from "../../src/slo/prometheus-minutes.js";
import { parseSliQuery, type SliQuery } from "../../src/slo/promql.js";
import { findClosedPort } from "../support/probe-targets.js";

/**
 * Debian's Prometheus on a TSDB made with known counter history over the last 30 days: the
 * per-minute counts Nines reads must sum to exactly what Prometheus says for the span (the
 * difference of the counters at both ends where nothing reset, the known truth where one did).
 */

const PROMETHEUS = "/usr/bin/prometheus";
const PROMTOOL = "/usr/bin/promtool";
const missing = !existsSync(PROMETHEUS) || !existsSync(PROMTOOL);
if (missing && process.env.NINES_REQUIRE_ALL === "1")
  throw new Error(`NINES_REQUIRE_ALL=1 but ${PROMETHEUS} or ${PROMTOOL} is missing (apt-get install prometheus)`);
const skipReason = missing ? "Debian's prometheus is not installed (apt-get install prometheus)" : undefined;

const MINUTE = 60_000;
const DAYS = 30;
const TOKEN = "s3cret-token";
/** Every sample is scraped 13 s into its minute. */
const OFFSET_MS = 13_000;

interface History {
  labels: string;
  /** [minute, counter value] as scraped, oldest first. */
  samples: Array<[number, number]>;
  /** The events after the first sample: what an exact reader must count. */
  events: number;
}

/** A counter scraped once a minute from `first` to `last`, +events(k) each minute, with an optional reset and gap. */
function makeHistory(
  labels: string,
  first: number,
  last: number,
  events: (minute: number) => number,
  options: { resetAt?: number; gap?: [number, number] } = {},
): History {
  const samples: Array<[number, number]> = [];
  let counter = 1000;
  let counted = 0;
  for (let minute = first; minute <= last; minute++) {
    const added = minute === first ? 0 : events(minute);
    counter = minute === options.resetAt ? added : counter + added;
    counted += added;
    const [gapStart, gapEnd] = options.gap ?? [0, -1];
    if (minute < gapStart || minute > gapEnd) samples.push([minute, counter]);
  }
  return { labels, samples, events: counted };
}

function writeOpenMetrics(file: string, histories: History[]): void {
  const lines = ["# HELP req Requests served.", "# TYPE req counter"];
  for (const history of histories)
    for (const [minute, value] of history.samples)
      lines.push(`req_total{${history.labels}} ${value} ${(minute * MINUTE + OFFSET_MS) / 1000}`);
  lines.push("# EOF", "");
  writeFileSync(file, lines.join("\n"));
}

/** A reverse proxy that wants the bearer token, as a Prometheus behind an auth proxy does. */
async function startTokenProxy(target: number): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      response.statusCode = 401;
      response.end("unauthorized");
      return;
    }
    const upstream = http.request(
      { host: "127.0.0.1", port: target, path: request.url, method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function waitUntilReady(port: number, process: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`prometheus exited (${process.exitCode}): ${log()}`);
    const ready = await fetch(`http://127.0.0.1:${port}/-/ready`).then(
      (answer) => answer.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`prometheus was not ready within 60 s: ${log()}`);
}

const parse = (text: string): SliQuery => {
  const parsed = parseSliQuery(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.query;
};

describe.skipIf(skipReason)("readMinuteCounts against Debian's Prometheus", () => {
  const nowMinute = Math.floor(Date.now() / MINUTE);
  const first = nowMinute - DAYS * 1440;
  const last = nowMinute - 2;
  const histories = [
    makeHistory('code="200",instance="a"', first, last, (minute) => (minute * 7) % 13),
    makeHistory('code="200",instance="b"', first, last, (minute) => minute % 3),
    makeHistory('code="500",instance="a"', first, last, (minute) => (minute % 97 === 0 ? 5 : minute % 2), {
      resetAt: first + 12_345,
      gap: [first + 20_000, first + 20_030],
    }),
  ];
  let directory: string;
  let prometheus: ChildProcess | undefined;
  let proxy: http.Server | undefined;
  let api: PrometheusApi;
  let proxyUrl = "";
  let output = "";

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), "nines-prometheus-"));
    const input = path.join(directory, "history.om");
    const data = path.join(directory, "data");
    writeOpenMetrics(input, histories);
    execFileSync(PROMTOOL, ["tsdb", "create-blocks-from", "openmetrics", "--quiet", input, data], {
      stdio: "pipe",
      timeout: 120_000,
    });
    writeFileSync(path.join(directory, "prometheus.yml"), "global:\n  scrape_interval: 1m\n");
    const port = await findClosedPort();
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${path.join(directory, "prometheus.yml")}`,
        `--storage.tsdb.path=${data}`,
        "--storage.tsdb.retention.time=90d",
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    prometheus.stderr?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    await waitUntilReady(port, prometheus, () => output);
    proxy = await startTokenProxy(port);
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    api = createPrometheusApi({
      connector: createConnector(),
      connection: {
        url: proxyUrl,
        bearerToken: TOKEN,
        timeout: "60s",
      },
    });
  }, 180_000);

  afterAll(async () => {
    prometheus?.kill("SIGKILL");
    await new Promise((resolve) => proxy?.close(resolve) ?? resolve(undefined));
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  /** Minute m is read at the instant it ends: the baseline is the sample of minute `first`, read at first + 1. */
  const span = { fromMinute: first + 1, toMinute: last };

  it("sums each group over 30 days to exactly what Prometheus and the known history say", async () => {
    const progress: number[] = [];
    const counts = await readMinuteCounts(api, {
      query: parse("sum by (code) (rate(req_total[5m]))"),
      counter: true,
      groupBy: [],
      ...span,
      onProgress: ({ doneMinutes, totalMinutes }) => progress.push(doneMinutes / totalMinutes),
    });
    const totals = new Map<string, number>();
    for (const { labels, value } of counts) totals.set(labels.code ?? "", (totals.get(labels.code ?? "") ?? 0) + value);

    // No reset in code 200: Prometheus' own difference of the counters at both ends.
    const at = async (query: string) => (await api.query(query, 0))[0]?.value;
    const start = (span.fromMinute * MINUTE) / 1000;
    const end = ((span.toMinute + 1) * MINUTE) / 1000;
    const prometheusSays =
      ((await at(`sum(req_total{code="200"} @ ${end})`)) ?? Number.NaN) -
      ((await at(`sum(req_total{code="200"} @ ${start})`)) ?? Number.NaN);
    expect(totals.get("200")).toBe(prometheusSays);
    expect(prometheusSays).toBe((histories[0]?.events ?? 0) + (histories[1]?.events ?? 0));
    // Code 500 reset and has a gap: the known truth.
    expect(totals.get("500")).toBe(histories[2]?.events);
    expect(progress.length).toBeGreaterThanOrEqual(5); // 43,200 minutes in requests of at most 10,000
    expect(progress.at(-1)).toBe(1);
  }, 120_000);

  it("agrees with Prometheus minute by minute where nothing reset", async () => {
    const minutes = [span.fromMinute, first + 9_999, first + 10_000, first + 30_001, span.toMinute];
    const counts = await readMinuteCounts(api, {
      query: parse('req_total{code="200",instance="a"}'),
      counter: true,
      groupBy: ["instance"],
      ...span,
    });
    const byMinute = new Map(counts.map(({ minute, value }) => [minute, value]));
    for (const minute of minutes) {
      const selector = 'req_total{code="200",instance="a"}';
      const [after] = await api.query(`${selector} @ ${((minute + 1) * MINUTE) / 1000}`, 0);
      const [before] = await api.query(`${selector} @ ${(minute * MINUTE) / 1000}`, 0);
      expect(byMinute.get(minute), `minute ${minute - first}`).toBe((after?.value ?? 0) - (before?.value ?? 0));
    }
    expect(counts.every(({ labels }) => labels.instance === "a")).toBe(true);
  }, 120_000);

  it("is refused without the token", async () => {
    const anonymous = createPrometheusApi({
      connector: createConnector(),
      connection: { url: proxyUrl },
    });
    await expect(anonymous.query("up", 0)).rejects.toThrow(/answered HTTP 401 with something that is not JSON/);
  });
});
