import { isDeepStrictEqual } from "node:util";
import { type JSONValue, search } from "@jmespath-community/jmespath";
import { parseDuration } from "../../core/duration.js";
import { formatJsonSnippet, maskSecrets } from "../../secrets/redact.js";
import type { HttpCheckSpec } from "../model.js";
import { compileRegex, isSlashedRegex } from "../specs/fields.js";
import type { Verdict } from "./attempt.js";
import { formatMs } from "./phases.js";

/** The final response of an http check, as far as it was read. */
export interface HttpResponse {
  statusCode: number;
  /** The body as read, up to the cap; empty when nothing asserts on it. */
  body: string;
  /** The cap stopped reading before the body ended. */
  truncated: boolean;
  /** From the first request's start, redirects included. */
  elapsedMs: number;
}

type JsonAssertion = NonNullable<HttpCheckSpec["json"]>[number];

/** Whether any assertion looks at the body, so the check keeps what it reads. */
export function assertsOnBody(spec: HttpCheckSpec): boolean {
  return Boolean(spec.bodyContains || spec.bodyNotContains || spec.bodyMatches || spec.json);
}

/** Status first, then the body, then speed: the first failing assertion is the reason. */
export function judgeResponse(spec: HttpCheckSpec, response: HttpResponse): Verdict {
  const { statusCode } = response;
  if (!spec.expectedStatus.some((matcher) => matchesStatus(statusCode, matcher)))
    return {
      status: "down",
      statusCode,
      error: `unexpected status ${statusCode} (expected ${spec.expectedStatus.join(", ")})`,
    };
  const problem = findTextProblem(spec, response.body) ?? findJsonProblem(spec.json, response.body);
  if (problem) {
    const note = response.truncated ? " (only the first 64 KiB of the body was read)" : "";
    return { status: "down", statusCode, error: `${problem}${note}` };
  }
  const limitMs = spec.degradedAbove === undefined ? undefined : parseDuration(spec.degradedAbove);
  if (limitMs !== undefined && response.elapsedMs > limitMs)
    return {
      status: "degraded",
      statusCode,
      error: `response took ${formatMs(response.elapsedMs)}, above ${formatMs(limitMs)}`,
    };
  return { status: "up", statusCode };
}

export function matchesStatus(statusCode: number, matcher: number | string): boolean {
  if (typeof matcher === "number") return statusCode === matcher;
  const [low, high = low] = matcher.split("-").map(Number) as [number, number?];
  return statusCode >= low && statusCode <= high;
}

function findTextProblem(spec: HttpCheckSpec, body: string): string | undefined {
  if (spec.bodyContains && !body.includes(spec.bodyContains))
    return `body does not contain ${JSON.stringify(spec.bodyContains)}`;
  if (spec.bodyNotContains && body.includes(spec.bodyNotContains))
    return `body contains ${JSON.stringify(spec.bodyNotContains)}`;
  if (spec.bodyMatches && !compileRegex(spec.bodyMatches).test(body))
    return `body does not match ${formatRegex(spec.bodyMatches)}`;
  return undefined;
}

function findJsonProblem(assertions: JsonAssertion[] | undefined, body: string): string | undefined {
  if (!assertions) return undefined;
  let data: JSONValue;
  try {
    data = JSON.parse(body) as JSONValue;
  } catch (error) {
    // JSON.parse quotes the text around the error; mask it like any other snippet.
    return `response is not JSON: ${maskSecrets((error as Error).message).slice(0, 120)}`;
  }
  for (const assertion of assertions) {
    const problem = checkJsonAssertion(assertion, data);
    if (problem) return problem;
  }
  return undefined;
}

function checkJsonAssertion(assertion: JsonAssertion, data: JSONValue): string | undefined {
  let value: JSONValue;
  try {
    value = search(data, assertion.path);
  } catch (error) {
    return `JSON ${assertion.path} failed: ${(error as Error).message}`;
  }
  const found = value ?? null;
  if (assertion.equals !== undefined) {
    return isDeepStrictEqual(found, assertion.equals)
      ? undefined
      : `JSON ${assertion.path} is ${formatJson(found)}, expected ${formatJson(assertion.equals)}`;
  }
  if (assertion.exists === true) return found === null ? `JSON ${assertion.path} does not exist` : undefined;
  if (assertion.exists === false)
    return found === null ? undefined : `JSON ${assertion.path} exists (${formatJson(found)}), expected none`;
  return isTruthy(found) ? undefined : `JSON ${assertion.path} is ${formatJson(found)}, expected a true value`;
}

/** JMESPath's truth: false, null, "" and empty lists and mappings are false. */
function isTruthy(value: JSONValue): boolean {
  if (value === null || value === false || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** What the target returned is quoted short and masked: a body may hold a whole credential. */
const formatJson = (value: unknown) => formatJsonSnippet(value);

const formatRegex = (source: string) => (isSlashedRegex(source) ? source : `/${source}/`);
