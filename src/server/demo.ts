import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance } from "fastify";
import { demoControlSchema } from "../client/schemas.js";
import type { DemoControl } from "../client/types.js";
import type { Clock } from "../core/clock.js";
import { invalid } from "../core/errors.js";

/**
 * The built-in demo service that `npm start` monitors: a pretend shop whose failure rate and
 * latency can be changed while you watch (`PUT /demo/control` or the card in the UI). It only
 * exists with `--demo`; it is a probe target, not part of Nines' API.
 */
export function registerDemoService(app: FastifyInstance, random: () => number = Math.random): DemoControl {
  const control: DemoControl = { failureRate: 0.002, latencyMs: 40 };

  const endpoint = (path: string, baseLatencyMs: number, failureWeight: number) => {
    app.get(path, async (_request, reply) => {
      await sleep(baseLatencyMs + control.latencyMs * (0.5 + random()));
      if (random() < control.failureRate * failureWeight) {
        return reply.status(503).send({ status: "unavailable", reason: "demo failure (see /demo/control)" });
      }
      return { status: "ok" };
    });
  };
  endpoint("/demo/shop/health", 5, 1);
  endpoint("/demo/shop/checkout", 60, 1.5);
  endpoint("/demo/payments/health", 20, 0.5);

  app.get("/demo/control", async () => control);
  app.put("/demo/control", async (request) => {
    const parsed = demoControlSchema.partial().strict().safeParse(request.body);
    if (!parsed.success) {
      throw invalid(
        "invalid demo control",
        parsed.error.issues.map((issue) => ({ path: `/${issue.path.join("/")}`, message: issue.message })),
      );
    }
    Object.assign(control, parsed.data);
    return control;
  });
  return control;
}

/** Customers of the demo shop: how many checkout requests arrive each 10 seconds. */
export const DEMO_REQUESTS_PER_TICK = 100;
const TICK_MS = 10_000;

/**
 * Pretend customer traffic for the demo's SLOs: every 10 seconds, 100 checkout requests of which
 * the control's failure rate (x1.5, as the checkout endpoint) fail, reported as good and total
 * counts through the events source, as an application would post them to
 * `/api/v1/slis/checkout-requests/events`. Returns a function that stops it.
 */
export function startDemoTraffic(options: {
  clock: Clock;
  control: DemoControl;
  record: (good: number, total: number) => void;
  random?: () => number;
}): () => void {
  const random = options.random ?? Math.random;
  let cancel: (() => void) | undefined;
  const tick = () => {
    let good = 0;
    const failure = Math.min(1, options.control.failureRate * 1.5);
    for (let request = 0; request < DEMO_REQUESTS_PER_TICK; request++) if (random() >= failure) good++;
    options.record(good, DEMO_REQUESTS_PER_TICK);
    cancel = options.clock.setTimer(tick, TICK_MS);
  };
  cancel = options.clock.setTimer(tick, TICK_MS);
  return () => cancel?.();
}
