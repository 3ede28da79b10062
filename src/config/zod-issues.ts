import type { z } from "zod";
import { describeValue, isRecord, listChoices } from "./describe-value.js";
import { formatSuggestion } from "./suggest.js";

export type PathSegment = string | number;

/** A schema problem located by path; `at: "key"` points at a mapping key rather than its value. */
export interface FoundIssue {
  path: PathSegment[];
  message: string;
  at: "key" | "value";
}

const MISSING = "missing required field";

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a mapping",
  array: "a list",
  record: "a mapping",
};

const FORMAT_WORDS: Record<string, string> = {
  url: "a URL",
  email: "an email address",
  uuid: "a UUID",
  datetime: "a date and time (ISO 8601)",
};

function countLabel(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function describeSize(input: unknown): string {
  if (typeof input === "string") return countLabel(input.length, "character");
  if (Array.isArray(input)) return countLabel(input.length, "item");
  return describeValue(input);
}

function explainBound(
  issue: z.core.$ZodRawIssue,
  word: "least" | "most",
  bound: unknown,
  inclusive: boolean,
  exact: boolean,
): string {
  const origin = "origin" in issue ? String(issue.origin) : "";
  const got = describeSize(issue.input);
  if (origin === "number" || origin === "bigint" || origin === "date") {
    const sign = word === "least" ? (inclusive ? ">=" : ">") : inclusive ? "<=" : "<";
    return `expected a number ${sign} ${String(bound)}, got ${got}`;
  }
  const noun = origin === "string" ? "character" : "item";
  if (origin === "string" && word === "least" && bound === 1) return "expected a non-empty string";
  return `expected ${exact ? "exactly" : `at ${word}`} ${countLabel(Number(bound), noun)}, got ${got}`;
}

/**
 * Messages for issues whose schema gave none, passed as the `error` option of `safeParse`
 * (schema-level messages take precedence). A missing value gets a placeholder that
 * `explainZodIssues` completes with the field's name, which is unknown here.
 */
export function describeRawIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return MISSING;
      return `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case "invalid_value": {
      const choices =
        issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${listChoices(issue.values)}`;
      const strings = issue.values.filter((value): value is string => typeof value === "string");
      const suggestion = typeof issue.input === "string" ? formatSuggestion(issue.input, strings) : "";
      return `expected ${choices}, got ${describeValue(issue.input)}${suggestion}`;
    }
    case "too_small":
      return explainBound(issue, "least", issue.minimum, issue.inclusive ?? true, issue.exact ?? false);
    case "too_big":
      return explainBound(issue, "most", issue.maximum, issue.inclusive ?? true, issue.exact ?? false);
    case "invalid_format":
      if (issue.format === "regex" && issue.pattern)
        return `expected text matching ${issue.pattern}, got ${describeValue(issue.input)}`;
      return `expected ${FORMAT_WORDS[issue.format] ?? `a valid ${issue.format}`}, got ${describeValue(issue.input)}`;
    case "not_multiple_of":
      return `expected a multiple of ${String(issue.divisor)}, got ${describeValue(issue.input)}`;
    case "invalid_union":
      return `expected one of the allowed forms, got ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
}

type Issue = z.core.$ZodIssue;

const weigh = (issues: readonly Issue[]) =>
  issues.reduce((total, issue) => total + (issue.code === "unrecognized_keys" ? issue.keys.length : 1), 0);

/**
 * A union that failed reports every branch's issues; the branch with the fewest is the one the
 * author most likely meant (`{alertPolicyRef: 5}` is a bad reference, not a bad inline policy).
 * When even that branch fails at the union's own level only, the union's message says it better.
 */
function flattenUnions(issues: readonly Issue[], prefix: readonly PathSegment[]): Issue[] {
  const flat: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PathSegment[])];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const best = issue.errors.reduce((chosen, branch) => (weigh(branch) < weigh(chosen) ? branch : chosen));
      if (best.some((inner) => inner.path.length > 0 || inner.code === "unrecognized_keys")) {
        flat.push(...flattenUnions(best, path));
        continue;
      }
    }
    flat.push({ ...issue, path } as Issue);
  }
  return flat;
}

function valueAt(input: unknown, path: readonly PathSegment[]): unknown {
  let value = input;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === "number") value = value[segment];
    else if (isRecord(value) && typeof segment === "string") value = value[segment];
    else return undefined;
  }
  return value;
}

const isMissing = (input: unknown, path: readonly PathSegment[]) => valueAt(input, path) === undefined;

/** Schema messages written without the found value (`expected a URL`) get it appended. */
function addFoundValue(message: string, code: string, value: unknown): string {
  const isScalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
  if (code === "custom" || !isScalar || !message.startsWith("expected") || message.includes(", got ")) return message;
  return `${message}, got ${describeValue(value)}`;
}

interface LooseDef {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  element?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  options?: readonly z.core.$ZodType[];
  valueType?: z.core.$ZodType;
  getter?: () => z.core.$ZodType;
}

/** Field names the schema accepts at `path`; through a union, those of every branch. */
export function listKnownKeys(schema: z.core.$ZodType, path: readonly PathSegment[]): string[] {
  const def = schema._zod.def as LooseDef;
  const [head, ...rest] = path;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return def.innerType ? listKnownKeys(def.innerType, path) : [];
    case "pipe":
      return def.in ? listKnownKeys(def.in, path) : [];
    case "lazy":
      return def.getter ? listKnownKeys(def.getter(), path) : [];
    case "union":
      return [...new Set((def.options ?? []).flatMap((option) => listKnownKeys(option, path)))];
    case "object": {
      const shape = def.shape ?? {};
      if (head === undefined) return Object.keys(shape);
      const field = typeof head === "string" ? shape[head] : undefined;
      return field ? listKnownKeys(field, rest) : [];
    }
    case "array":
      return typeof head === "number" && def.element ? listKnownKeys(def.element, rest) : [];
    case "record":
      return head !== undefined && def.valueType ? listKnownKeys(def.valueType, rest) : [];
    default:
      return [];
  }
}

/** Turns zod's issues into one located, explained issue per mistake. */
export function explainZodIssues(issues: readonly Issue[], input: unknown, schema: z.core.$ZodType): FoundIssue[] {
  const found: FoundIssue[] = [];
  for (const issue of flattenUnions(issues, [])) {
    const path = issue.path as PathSegment[];
    if (issue.code === "unrecognized_keys") {
      const known = listKnownKeys(schema, path);
      for (const key of issue.keys) {
        found.push({
          path: [...path, key],
          at: "key",
          message: `unknown field "${key}"${formatSuggestion(key, known)}`,
        });
      }
      continue;
    }
    if (issue.code === "invalid_key") {
      const inner = issue.issues[0]?.message ?? "invalid key";
      found.push({ path, at: "key", message: `${inner}, got ${describeValue(path.at(-1))}` });
      continue;
    }
    const key = path.at(-1);
    let message = issue.message;
    if (typeof key === "string" && isMissing(input, path) && !message.startsWith("missing")) {
      message = `${MISSING} "${key}": ${message}`;
    } else if (message === MISSING) {
      message = typeof key === "string" ? `${MISSING} "${key}"` : "missing required value";
    }
    found.push({ path, at: "value", message: addFoundValue(message, issue.code, valueAt(input, path)) });
  }
  return found;
}
