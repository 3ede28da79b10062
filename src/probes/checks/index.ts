import type { Check } from "../check.js";
import type { CheckSpec, MonitorSpec } from "../model.js";
import { dnsCheck } from "./dns.js";
import { heartbeatCheck } from "./heartbeat.js";
import { httpCheck } from "./http.js";
import { tcpCheck } from "./tcp.js";
import { tlsCheck } from "./tls.js";

type CheckRegistry = { [Type in MonitorSpec["type"]]: Check<Extract<CheckSpec, { type: Type }>> };

/** One entry per check type; adding a type means a spec in `model.ts`, a file here and a line below. */
export const CHECKS: CheckRegistry = {
  http: httpCheck,
  tcp: tcpCheck,
  dns: dnsCheck,
  tls: tlsCheck,
  heartbeat: heartbeatCheck,
};

export function findCheck<Spec extends CheckSpec>(spec: { type: Spec["type"] }): Check<Spec> | undefined {
  const check = (CHECKS as Record<string, Check<never> | undefined>)[spec.type];
  return check as Check<Spec> | undefined;
}

/** The human-readable target of a monitor, e.g. its URL; the type name for a type not known here. */
export function describeTarget(spec: { type: string }): string {
  const check = findCheck(spec as CheckSpec);
  try {
    // Targets are host, port, URL: never a field that may hold a reference.
    return check ? check.describeTarget(spec as CheckSpec) : spec.type;
  } catch {
    return spec.type;
  }
}
