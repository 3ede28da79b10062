import { parseDuration } from "../../core/duration.js";
import type { Check } from "../check.js";
import type { HeartbeatMonitorSpec } from "../specs/heartbeat.js";

/**
 * Heartbeats are pushed, not pulled: the engine records each ping and each missed deadline itself
 * (`heartbeat-watch.ts`), so there is nothing to run on a schedule. `run` answers a one-off check plainly.
 */
export const heartbeatCheck: Check<HeartbeatMonitorSpec> = {
  type: "heartbeat",
  schedule: "pushed",
  timing: (spec) => spec,
  async run() {
    return { status: "down", durationMs: 0, error: "a heartbeat is pinged by its job; it cannot be checked on demand" };
  },
  describeTarget(spec) {
    const when =
      parseDuration(spec.period) === undefined
        ? `at "${spec.period}" ${spec.timeZone ?? "UTC"}`
        : `every ${spec.period}`;
    return `pinged ${when}, grace ${spec.grace}`;
  },
};
