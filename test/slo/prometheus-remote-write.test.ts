import http from "node:http";
import type { AddressInfo } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { unauthorized } from "../../src/core/errors.js";
import { toProblem } from "../../src/http/problem.js";
import { registerRoutes } from "../../src/http/route.js";
import { createEmbeddedQueries, type EmbeddedCount } from "../../src/slo/embedded-queries.js";
import { parseSliQuery } from "../../src/slo/promql.js";
import { decodeWriteRequest, type Sample } from "../../src/slo/remote-write.js";
import { installRemoteWriteParser, remoteWriteRoutes } from "../../src/slo/remote-write-routes.js";
import { prometheusMissing, startPrometheus } from "../support/prometheus.js";

/**
 * Debian's Prometheus scrapes a tiny exporter every second and remote-writes to the receiver;
 * the increases Nines counts must be the counters' real ones, and Prometheus' own arithmetic on
 * what it stored must agree.
 */

const TOKEN = "remote-write-test-token";
const SAMPLES_WANTED = 8;
/** The flappy counter restarts (as a process would) when the exporter serves this scrape. */
const RESET_AT_SCRAPE = 4;
const DEADLINE_MS = 25_000;

interface Served {
  steady: number;
  flappy: number;
  /** What each counter really went up by since the first scrape, resets included. */
  steadyReal: number;
  flappyReal: number;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Serves two counters and advances them on each scrape by known steps; the flappy one resets once. */
async function startExporter() {
  const served: Served[] = [];
  const server = http.createServer((request, response) => {
    if (request.url !== "/metrics") {
      response.writeHead(404).end();
      return;
    }
    const previous = served.at(-1);
    const scrape = served.length;
    const steadyStep = scrape + 1;
    const next: Served = previous
      ? {
          steady: previous.steady + steadyStep,
          steadyReal: previous.steadyReal + steadyStep,
          // After a restart the counter starts from 0 and has counted 2 since.
          flappy: scrape === RESET_AT_SCRAPE ? 2 : previous.flappy + 3,
          flappyReal: previous.flappyReal + (scrape === RESET_AT_SCRAPE ? 2 : 3),
        }
      : { steady: 1000, steadyReal: 0, flappy: 40, flappyReal: 0 };
    served.push(next);
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    response.end(
      [
        "# TYPE nines_test_steady_total counter",
        `nines_test_steady_total ${next.steady}`,
        "# TYPE nines_test_flappy_total counter",
        `nines_test_flappy_total ${next.flappy}`,
        "",
      ].join("\n"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, served };
}

/** The receiver as the server mounts it, counting with the embedded queries. */
async function startNines() {
  const counts: EmbeddedCount[] = [];
  const samples: Record<string, Sample[]> = {};
  const authorizations = new Set<string | undefined>();
  const statuses: number[] = [];
  const embedded = createEmbeddedQueries({ onCounts: (batch) => counts.push(...batch) });
  embedded.setQueries(
    [
      ["steady", "sum(rate(nines_test_steady_total[1m]))"],
      ["flappy", 'sum(increase(nines_test_flappy_total{job="exporter"}[5m]))'],
    ].map(([id, text]) => {
      const parsed = parseSliQuery(text as string);
      if (!parsed.ok) throw new Error(parsed.error);
      return { id: id as string, query: parsed.query, counter: true, groupBy: [] };
    }),
  );
  const app: FastifyInstance = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    const body = toProblem(error);
    reply.status(body.status).type("application/problem+json").send(body);
  });
  app.addHook("onResponse", async (_request, reply) => {
    statuses.push(reply.statusCode);
  });
  installRemoteWriteParser(app);
  const routes = remoteWriteRoutes({
    ingest: (body) => {
      const request = decodeWriteRequest(body);
      for (const series of request.series) {
        const name = series.labels.__name__ ?? "";
        if (name.startsWith("nines_test_")) samples[name] = [...(samples[name] ?? []), ...series.samples];
      }
      return embedded.ingest(request, Date.now());
    },
  });
  registerRoutes(app, routes, async (request) => {
    authorizations.add(request.headers.authorization);
    if (request.headers.authorization !== `Bearer ${TOKEN}`) throw unauthorized("expected the test's token");
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  cleanups.push(() => app.close());
  return { port: (app.server.address() as AddressInfo).port, counts, samples, authorizations, statuses };
}

async function startPrometheusWriting(exporterPort: number, ninesPort: number) {
  const prometheus = await startPrometheus(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: exporter
    static_configs:
      - targets: ["127.0.0.1:${exporterPort}"]
remote_write:
  - url: http://127.0.0.1:${ninesPort}/api/v1/write
    authorization:
      credentials: ${TOKEN}
    queue_config:
      batch_send_deadline: 500ms
      min_backoff: 100ms
      max_backoff: 1s
`);
  cleanups.push(() => prometheus.stop());
  return prometheus;
}

/** An instant query's single value, as Prometheus computes it. */
async function queryValue(prometheusUrl: string, expression: string): Promise<number> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expression)}`);
  const body = (await response.json()) as { status: string; data?: { result: { value: [number, string] }[] } };
  expect(body.status, JSON.stringify(body)).toBe("success");
  expect(body.data?.result, `${expression}: ${JSON.stringify(body)}`).toHaveLength(1);
  return Number(body.data?.result[0]?.value[1]);
}

const at = (sample: Sample) => (sample.timestamp / 1000).toFixed(3);
const sumOf = (counts: EmbeddedCount[], id: string) =>
  counts.filter((count) => count.id === id).reduce((sum, count) => sum + count.value, 0);

describe("Prometheus remote_write into Nines", () => {
  it("counts exactly the counters' real increase, as Prometheus' own arithmetic does", {
    timeout: 40_000,
  }, async (context) => {
    if (prometheusMissing) context.skip(prometheusMissing);
    const exporter = await startExporter();
    const nines = await startNines();
    const prometheus = await startPrometheusWriting(exporter.port, nines.port);

    const started = Date.now();
    const received = () =>
      Math.min(nines.samples.nines_test_steady_total?.length ?? 0, nines.samples.nines_test_flappy_total?.length ?? 0);
    while (received() < SAMPLES_WANTED) {
      if (prometheus.child.exitCode !== null || Date.now() - started > DEADLINE_MS)
        throw new Error(
          `Nines received ${received()} of ${SAMPLES_WANTED} samples per counter in ${Date.now() - started} ms; Prometheus said:\n${prometheus.log()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // One synchronous snapshot: the samples and the counts they gave, from the same requests.
    const steady = [...(nines.samples.nines_test_steady_total ?? [])];
    const flappy = [...(nines.samples.nines_test_flappy_total ?? [])];
    const counts = [...nines.counts];

    // Every scrape arrived once, in order: the values are the ones served, from the first on.
    expect(steady.map((sample) => sample.value)).toEqual(
      exporter.served.slice(0, steady.length).map((item) => item.steady),
    );
    expect(flappy.map((sample) => sample.value)).toEqual(
      exporter.served.slice(0, flappy.length).map((item) => item.flappy),
    );
    expect(flappy.length).toBeGreaterThan(RESET_AT_SCRAPE);

    const realSteady = (exporter.served[steady.length - 1] as Served).steadyReal;
    const realFlappy = (exporter.served[flappy.length - 1] as Served).flappyReal;
    expect(realSteady).toBeGreaterThan(0);
    expect(sumOf(counts, "steady")).toBe(realSteady);
    expect(sumOf(counts, "flappy")).toBe(realFlappy);

    const [firstSteady, lastSteady] = [steady[0] as Sample, steady.at(-1) as Sample];
    expect(
      await queryValue(
        prometheus.url,
        `nines_test_steady_total @ ${at(lastSteady)} - nines_test_steady_total @ ${at(firstSteady)}`,
      ),
    ).toBe(realSteady);
    // Across the reset, Prometheus counts the value after it as the increase, as Nines does.
    const [firstFlappy, beforeReset, lastFlappy] = [
      flappy[0] as Sample,
      flappy[RESET_AT_SCRAPE - 1] as Sample,
      flappy.at(-1) as Sample,
    ];
    const flappyName = 'nines_test_flappy_total{job="exporter"}';
    expect(
      await queryValue(
        prometheus.url,
        `(${flappyName} @ ${at(beforeReset)} - ${flappyName} @ ${at(firstFlappy)}) + ${flappyName} @ ${at(lastFlappy)}`,
      ),
    ).toBe(realFlappy);

    expect([...nines.authorizations]).toEqual([`Bearer ${TOKEN}`]);
    expect(nines.statuses.length).toBeGreaterThan(0);
    expect(new Set(nines.statuses)).toEqual(new Set([204]));
  });
});
