import { z } from "zod";
import { documentSchema } from "../config/document.js";
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

export { MONITOR_EXAMPLE } from "./example.js";
