import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../support/app.js";
import { backends, dropTestSchemas } from "../support/databases.js";
import { type FuzzRequest, fuzzRequests } from "../support/fuzz.js";

/**
 * Requests generated from the OpenAPI document over every route, with random credentials, wrong
 * types, huge and deep values, unicode and NUL bytes: none may answer 500 or more, the server must
 * stay alive, and its heap must come back to where it started. The seed is fixed so CI replays the
 * same requests; `NINES_FUZZ_RUNS` and `NINES_FUZZ_SEED` make a larger run by hand.
 */
const RUNS = Number(process.env.NINES_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.NINES_FUZZ_SEED ?? 20_261_201);

// HTTP itself cannot carry these in a header value; a client library refuses to send them.
const sendable = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replace(/[\0\r\n]/g, "")]));

// vitest.config.ts starts workers with --expose-gc.
const collectGarbage = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  if (!collectGarbage) throw new Error("the fuzz test needs --expose-gc (vitest.config.ts sets it)");
  for (let i = 0; i < 3; i++) collectGarbage();
  return process.memoryUsage().heapUsed;
}

afterAll(dropTestSchemas);

describe.each(backends)("fuzzing every route on $name", (backend) => {
  it(`answers ${RUNS} generated requests without a 5xx and stays alive`, { timeout: 600_000 }, async (context) => {
    if (backend.skip) context.skip(backend.skip);
    const t = await createTestApp({ store: await backend.open() });
    try {
      const app = t.nines.app;
      const seeded = ["shop", "beat", "checkout"];
      await app.inject({
        method: "POST",
        url: "/api/v1/apply",
        headers: t.auth,
        payload: {
          documents: [
            {
              apiVersion: "nines/v1",
              kind: "Monitor",
              metadata: { name: "shop" },
              spec: { type: "http", url: "http://127.0.0.1:1/" },
            },
            {
              apiVersion: "nines/v1",
              kind: "Monitor",
              metadata: { name: "beat" },
              spec: { type: "heartbeat", period: "1h" },
            },
            { apiVersion: "openslo/v1", kind: "Service", metadata: { name: "checkout" }, spec: {} },
          ],
        },
      });
      const openApi = (await app.inject({ method: "GET", url: "/api/v1/openapi.json", headers: t.auth })).json();
      const requests = fuzzRequests(
        openApi,
        { names: [...seeded, "Monitor", "monitors", "Service"], credentials: [t.auth.authorization, ""] },
        { seed: SEED, runs: RUNS },
      );

      const reached = new Set(requests.map((request) => request.operation));
      const failures: Array<{ request: FuzzRequest; status: number; body: string }> = [];
      const statuses = new Map<number, number>();
      // The first requests warm up what is built once (compiled schemas, code): measure from after them.
      const warmUp = Math.min(500, Math.floor(RUNS / 10));
      let before = 0;
      const only = process.env.NINES_FUZZ_ONLY ? new RegExp(process.env.NINES_FUZZ_ONLY) : undefined;
      for (let index = 0; index < requests.length; index++) {
        const request = requests[index] as FuzzRequest;
        // Sent strings are flattened copies: let each go once sent, so the heap measures the server alone.
        requests[index] = undefined as unknown as FuzzRequest;
        if (index === warmUp) {
          before = heapUsed();
          if (process.env.NINES_FUZZ_SNAP) (await import("node:v8")).writeHeapSnapshot("/tmp/fuzz-before.heapsnapshot");
        }
        if (only && !only.test(request.operation)) continue;

        const response = await app.inject({
          method: request.method as "GET",
          url: request.url,
          headers: sendable(request.headers),
          ...(request.payload !== undefined ? { payload: request.payload } : {}),
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode >= 500 && failures.length < 20)
          failures.push({
            request: { ...request, url: request.url.slice(0, 200), payload: request.payload?.slice(0, 200) },
            status: response.statusCode,
            body: response.body.slice(0, 300),
          });
      }
      // Objects the fuzzer created are state the engine keeps by design; remove them before comparing.
      const stored = (await app.inject({ method: "GET", url: "/api/v1/objects", headers: t.auth })).json() as {
        items: Array<{ kind: string; metadata: { name: string } }>;
      };
      const created = stored.items.filter((object) => !seeded.includes(object.metadata.name));
      for (const object of created) {
        const url = `/api/v1/objects/${object.kind}/${encodeURIComponent(object.metadata.name)}`;
        await app.inject({ method: "DELETE", url, headers: t.auth });
      }
      const after = heapUsed();
      if (process.env.NINES_FUZZ_SNAP) (await import("node:v8")).writeHeapSnapshot("/tmp/fuzz-after.heapsnapshot");

      const health = await app.inject({ method: "GET", url: "/healthz" });
      expect(health.statusCode).toBe(200);
      expect(failures, JSON.stringify(failures.slice(0, 5), null, 1)).toEqual([]);
      // Every operation in the document was reached.
      expect(reached.size).toBe(Object.values(openApi.paths as Record<string, object>).flatMap(Object.keys).length);
      // Heap back to where it started: what is left over is bounded (caches, compiled code), not per request.
      expect(after - before).toBeLessThan(16 * 1024 * 1024);
      context.annotate(
        `${RUNS} requests, seed ${SEED}: ${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, count]) => `${status}×${count}`)
          .join(
            " ",
          )}; ${created.length} objects created and removed; heap ${(before / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MiB`,
      );
    } finally {
      await t.close();
    }
  });
});
