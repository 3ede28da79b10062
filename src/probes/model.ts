import { z } from "zod";
import { documentSchema } from "../config/document.js";
import type { KindDefinition } from "../config/kinds.js";
import type { Resolved } from "../secrets/model.js";
import { dnsMonitorSpec } from "./specs/dns.js";
import { heartbeatMonitorSpec } from "./specs/heartbeat.js";
import { type HttpMonitorSpec, httpMonitorSpec } from "./specs/http.js";
import { type TcpMonitorSpec, tcpMonitorSpec } from "./specs/tcp.js";
import { tlsMonitorSpec } from "./specs/tls.js";

export { durationField } from "./specs/common.js";
export { type DnsMonitorSpec, dnsMonitorSpec } from "./specs/dns.js";
export { type HeartbeatMonitorSpec, heartbeatMonitorSpec } from "./specs/heartbeat.js";
export { type HttpMonitorSpec, httpMonitorSpec } from "./specs/http.js";
export { type TcpMonitorSpec, tcpMonitorSpec } from "./specs/tcp.js";
export { type TlsMonitorSpec, tlsMonitorSpec } from "./specs/tls.js";

/**
 * The Monitor kind. Each check type's spec is its own file under `specs/` (the schema only, so
 * the config loader stays free of network code); `type` picks the branch.
 */
const MONITOR_SPECS = [httpMonitorSpec, tcpMonitorSpec, dnsMonitorSpec, tlsMonitorSpec, heartbeatMonitorSpec] as const;

export const monitorSpec = z.discriminatedUnion("type", MONITOR_SPECS, {
  error: (issue) =>
    issue.code === "invalid_union"
      ? `expected spec.type to be one of: ${MONITOR_SPECS.map((spec) => `"${spec.shape.type.value}"`).join(", ")}`
      : undefined,
});

export const monitorDocument = documentSchema("nines/v1", "Monitor", monitorSpec);

export type MonitorSpec = z.infer<typeof monitorSpec>;
/** A spec as a check runs it: every secret reference replaced by its value (`secrets/resolve.ts`). */
export type CheckSpec = Resolved<MonitorSpec>;
export type HttpCheckSpec = Resolved<HttpMonitorSpec>;
export type TcpCheckSpec = Resolved<TcpMonitorSpec>;
export type MonitorDocument = z.infer<typeof monitorDocument>;

import { MONITOR_EXAMPLE } from "./example.js";

export { MONITOR_EXAMPLE };

/** The Monitor kind; `probes/kinds.ts` adds its apply-time checks for the list at the top (`src/kinds.ts`). */
export const MONITOR_KIND: KindDefinition = {
  apiVersion: "nines/v1",
  kind: "Monitor",
  plural: "monitors",
  aliases: ["mon"],
  summary: "A synthetic check that Nines runs on a schedule, such as an HTTP request to a health endpoint.",
  schema: monitorDocument,
  example: MONITOR_EXAMPLE,
};

/** Where a monitor stands: what its results decided, or the pause or maintenance laid over it. */
export const monitorStateSchema = z.enum(["pending", "up", "degraded", "down", "paused", "maintenance"]);

/** What one run of a check found. */
export const checkStatusSchema = z.enum(["up", "degraded", "down"]);

/** Milliseconds spent in each phase of a check; a phase the check has not (a TCP check's TLS) is absent. */
export const phaseTimingsSchema = z.object({
  dns: z.number().optional(),
  connect: z.number().optional(),
  tls: z.number().optional(),
  firstByte: z.number().optional(),
  transfer: z.number().optional(),
});

export type MonitorState = z.infer<typeof monitorStateSchema>;
export type CheckStatus = z.infer<typeof checkStatusSchema>;
export type PhaseTimings = z.infer<typeof phaseTimingsSchema>;
