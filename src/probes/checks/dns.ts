import { Resolver } from "node:dns/promises";
import { performance } from "node:perf_hooks";
import { parseDuration } from "../../core/duration.js";
import type { Check, CheckContext } from "../check.js";
import type { DnsMonitorSpec } from "../model.js";
import { type Attempt, runAttempt, type Verdict } from "./attempt.js";
import { findMissingAnswers, formatAnswers } from "./dns-answers.js";
import { describeError, errorCode } from "./network-errors.js";
import { connectorOf } from "./outbound.js";

export const dnsCheck: Check<DnsMonitorSpec> = {
  type: "dns",
  schedule: "pulled",
  intervalMs: (spec) => parseDuration(spec.interval) as number,
  run: (spec, context) => runAttempt(spec.timeout, context, (attempt) => lookUp(spec, context, attempt)),
  describeTarget: (spec) => `${spec.name} ${spec.recordType}${spec.resolver ? ` @${spec.resolver}` : ""}`,
};

async function lookUp(spec: DnsMonitorSpec, context: CheckContext, attempt: Attempt): Promise<void> {
  // The resolver is the one thing a DNS check connects to; the answers it gives are only data.
  const screening = spec.resolver && connectorOf(context).screen("probe", resolverHost(spec.resolver));
  if (screening && screening.kind === "refused")
    return attempt.finish({ status: "down", error: `cannot ask ${spec.resolver}: ${screening.reason}` });
  // One resolver per check: `cancel()` ends every query of a resolver, not just this one's.
  const resolver = new Resolver({ timeout: attempt.timeoutMs, tries: 1 });
  if (spec.resolver) resolver.setServers([spec.resolver]);
  attempt.onEnd(() => resolver.cancel());
  const server = spec.resolver ?? resolver.getServers()[0] ?? "the system resolver";
  const question = `${spec.name} ${spec.recordType}`;
  attempt.describeTimeout = () => `timed out after ${attempt.timeoutMs} ms waiting for ${server} to answer ${question}`;
  let records: unknown[];
  try {
    records = (await resolver.resolve(spec.name, spec.recordType)) as unknown[];
  } catch (error) {
    if (errorCode(error) !== "ETIMEOUT") attempt.marks.lookup = performance.now();
    return attempt.finish({ status: "down", error: describeDnsError(error, spec, server, attempt.timeoutMs) });
  }
  attempt.marks.lookup = performance.now();
  attempt.finish(judgeAnswers(spec, formatAnswers(spec.recordType, records)));
}

/** The address of `10.0.0.2`, `10.0.0.2:5353`, `2001:db8::53` or `[2001:db8::53]:5353`. */
function resolverHost(resolver: string): string {
  return /^\[([^\]]+)\]:\d+$/.exec(resolver)?.[1] ?? /^([^:]+):\d+$/.exec(resolver)?.[1] ?? resolver;
}

function judgeAnswers(spec: DnsMonitorSpec, answers: string[]): Verdict {
  if (answers.length === 0) return { status: "down", error: `no ${spec.recordType} records for ${spec.name}` };
  const missing = findMissingAnswers(spec.recordType, spec.expectedAnswers ?? [], answers);
  if (missing.length === 0) return { status: "up" };
  return {
    status: "down",
    error: `${spec.name} ${spec.recordType} lacks ${missing.map(quote).join(", ")} (got ${answers.map(quote).join(", ")})`,
  };
}

const quote = (answer: string) => (/\s/.test(answer) || answer === "" ? JSON.stringify(answer) : answer);

function describeDnsError(error: unknown, spec: DnsMonitorSpec, server: string, timeoutMs: number): string {
  const { name, recordType } = spec;
  const question = `${name} ${recordType}`;
  switch (errorCode(error)) {
    case "ENOTFOUND":
      return `NXDOMAIN: ${name} does not exist (asked ${server})`;
    case "ENODATA":
      return `no ${recordType} records for ${name}`;
    case "ESERVFAIL":
      return `SERVFAIL: ${server} failed to answer ${question}`;
    case "EREFUSED":
      return `REFUSED: ${server} refused to answer ${question}`;
    case "ETIMEOUT":
      return `timed out after ${timeoutMs} ms waiting for ${server} to answer ${question}`;
    case "ECONNREFUSED":
      return `connection refused by ${server} (ECONNREFUSED)`;
    case "EBADRESP":
    case "EFORMERR":
      return `malformed answer from ${server} for ${question} (${errorCode(error)})`;
    default:
      return `DNS lookup of ${question} failed: ${describeError(error)}`;
  }
}
