import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConfigService, createConfigService } from "../../src/config/apply.js";
import { ObjectEvents } from "../../src/config/events.js";
import { createManualClock } from "../../src/core/clock.js";
import type { NinesError } from "../../src/core/errors.js";
import { KINDS } from "../../src/kinds.js";
import type { Store } from "../../src/store/database.js";
import { backends, dropTestSchemas } from "../support/databases.js";

const openslo = (kind: string, name: string, spec: Record<string, unknown>) => ({
  apiVersion: "openslo/v1",
  kind,
  metadata: { name },
  spec,
});

const service = (name: string) => openslo("Service", name, {});
const sli = (name: string, metric = "ratioMetric") =>
  openslo(
    "SLI",
    name,
    metric === "ratioMetric"
      ? {
          ratioMetric: {
            good: { metricSource: { type: "Prometheus", spec: { query: "good" } } },
            total: { metricSource: { type: "Prometheus", spec: { query: "total" } } },
          },
        }
      : { thresholdMetric: { metricSource: { type: "Prometheus", spec: { query: "p99" } } } },
  );
const slo = (name: string, indicatorRef: string, objectives: unknown[] = [{ target: 0.99 }]) =>
  openslo("SLO", name, {
    service: "shop",
    indicatorRef,
    objectives,
    timeWindow: [{ duration: "28d", isRolling: true }],
  });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as NinesError,
  );

afterAll(dropTestSchemas);

describe.each(backends)("references across objects on $name", (backend) => {
  let store: Store;
  let config: ConfigService;
  const clock = createManualClock(Date.UTC(2026, 11, 1, 12));

  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    store = await backend.open();
    config = createConfigService({ store, kinds: KINDS, events: new ObjectEvents(), clock });
  });
  afterEach(async () => {
    await store?.close();
  });

  it("refuses a document naming an object that is neither applied nor stored, and plans likewise", async () => {
    await config.apply([service("shop"), sli("checkout-requests")]);
    for (const dryRun of [true, false]) {
      const error = await failure(config.apply([slo("checkout", "checkout-request")], { dryRun }));
      expect(error).toMatchObject({ code: "Invalid" });
      expect(error?.issues).toEqual([
        {
          message: 'SLI "checkout-request" does not exist; did you mean "checkout-requests"?',
          path: "/spec/indicatorRef",
          document: 0,
        },
      ]);
    }
    expect(await config.list("SLO")).toEqual([]);
  });

  it("accepts references to stored objects and to objects applied together", async () => {
    await config.apply([service("shop")]);
    const plan = await config.apply([slo("checkout", "checkout-requests"), sli("checkout-requests")]);
    expect(plan.summary).toMatchObject({ create: 2 });
  });

  it("holds an SLO to the rules of the thresholdMetric SLI it names, stored or applied with it", async () => {
    await config.apply([service("shop"), sli("latency", "thresholdMetric")]);
    const error = await failure(config.apply([slo("fast", "latency")]));
    expect(error).toMatchObject({ code: "Invalid" });
    expect(error?.issues.map((issue) => issue.path)).toEqual(["/spec/objectives/0/op", "/spec/objectives/0/value"]);
    // Changing the SLI to a ratio in the same apply lifts the rule.
    await config.apply([slo("fast", "latency"), sli("latency")]);
    await config.apply([
      slo("fast", "latency", [{ target: 0.99, op: "lt", value: 0.3 }]),
      sli("latency", "thresholdMetric"),
    ]);
  });

  it("refuses to delete an object that another still names, naming the referrers", async () => {
    await config.apply([service("shop"), sli("checkout-requests"), slo("checkout", "checkout-requests")]);
    const error = await failure(config.remove("SLI", "checkout-requests"));
    expect(error).toMatchObject({
      code: "Conflict",
      message:
        'refusing to delete: SLI "checkout-requests" is still named by SLO "checkout" (/spec/indicatorRef); change or delete it first',
      issues: [{ message: 'SLO "checkout" names SLI "checkout-requests"', path: "/spec/indicatorRef" }],
    });
    expect(await config.list("SLI")).toHaveLength(1);
    await config.remove("SLO", "checkout");
    await config.remove("SLI", "checkout-requests");
    expect(await config.list("SLI")).toEqual([]);
  });

  it("refuses a prune that would delete a referenced object, unless the referrer goes or changes too", async () => {
    await config.apply([service("shop"), sli("a"), sli("b"), slo("checkout", "a")]);
    const refused = await failure(config.apply([sli("b")], { prune: true }));
    expect(refused).toMatchObject({ code: "Conflict" });
    expect(refused?.message).toContain('SLI "a" is still named by SLO "checkout" (/spec/indicatorRef)');
    const planned = await failure(config.apply([sli("b")], { prune: true, dryRun: true }));
    expect(planned).toMatchObject({ code: "Conflict" });
    expect((await config.list("SLI")).map((object) => object.metadata.name)).toEqual(["a", "b"]);

    // The SLO moves to "b" in the same apply: "a" may go.
    const plan = await config.apply([slo("checkout", "b"), sli("b")], { prune: true });
    expect(plan.changes.filter((change) => change.action === "delete").map((change) => change.name)).toEqual(["a"]);
  });

  it("refuses a prune of an object that a document of the same apply names", async () => {
    await config.apply([service("shop"), service("other"), sli("a")]);
    const refused = await failure(config.apply([service("other"), slo("checkout", "a")], { prune: true }));
    expect(refused).toMatchObject({ code: "Conflict" });
    expect(refused?.message).toContain('Service "shop" is still named by SLO "checkout" (/spec/service)');
    expect(await config.list("SLO")).toEqual([]);
  });
});
