import type { ApplyContext } from "../../config/kinds.js";
import type { Issue } from "../../core/errors.js";
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

/** The apply-time checks of a monitor's type, with paths within the document. */
export async function checkMonitorOnApply(spec: unknown, context: ApplyContext): Promise<Issue[]> {
  // What apply checks (caFile) is never a secret reference.
  const monitor = spec as CheckSpec;
  const issues = (await findCheck(monitor)?.checkOnApply?.(monitor, context)) ?? [];
  return issues.map((issue) => ({ ...issue, path: `/spec${issue.path}` }));
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

/** Whether the monitored job reports in (a heartbeat), rather than Nines running the check. */
export function isPushed(spec: { type: string }): boolean {
  return findCheck(spec as MonitorSpec)?.schedule === "pushed";
}
