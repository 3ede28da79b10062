import type { DemoControl } from "../../src/client/types.js";
import { DEMO_TRAFFIC_SLI } from "../../src/server/app.js";
import { startDemoTraffic } from "../../src/server/demo.js";
import type { TestApp } from "./app.js";

/**
 * The demo shop's pretend customers on the test's clock, from a seeded generator: the demo's
 * numbers are random, the tests' are not. Returns the function that stops them.
 */
export function startSeededDemoTraffic(t: TestApp, control: DemoControl, seed = 20261201): () => void {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return startDemoTraffic({
    clock: t.clock,
    control,
    random,
    record: (good, total) => t.nines.slos.recordEvents(DEMO_TRAFFIC_SLI, [{ good, total }]),
  });
}
