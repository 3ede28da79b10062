import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance } from "fastify";
import { demoControlSchema } from "../client/schemas.js";
import type { DemoControl } from "../client/types.js";
import { invalid } from "../core/errors.js";

/**
 * The built-in demo service that `npm start` monitors: a pretend shop whose failure rate and
 * latency can be changed while you watch (`PUT /demo/control` or the card in the UI). It only
 * exists with `--demo`; it is a probe target, not part of Nines' API.
 */
export function registerDemoService(app: FastifyInstance, random: () => number = Math.random) {
  const control: DemoControl = { failureRate: 0.05, latencyMs: 40 };

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
}
