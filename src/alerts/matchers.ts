import { RE2JS } from "re2js";
import { compareBytewise } from "./fingerprint.js";

/**
 * Alertmanager's label matchers: `name="value"`, `name!="value"`, `name=~"regex"`, `name!~"regex"`,
 * and lists of them in braces, `{severity="page", service=~"checkout|cart"}`. Regular expressions
 * are anchored at both ends, as Alertmanager's are, and run on re2js (linear time), since matchers
 * come from config, the API and amtool.
 */
export type MatchType = "=" | "!=" | "=~" | "!~";

export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
}

/** A matcher ready to test label sets. */
export interface CompiledMatcher extends Matcher {
  matches(labels: Readonly<Record<string, string>>): boolean;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const isLabelName = (name: string) => LABEL_NAME.test(name);

const ONE = /^\s*([^\s=!~]+)\s*(=~|!~|!=|=)\s*(.*?)\s*$/s;

/**
 * A value as Alertmanager's classic parser reads it (the one its config and amtool fall back to):
 * optionally in double quotes, with OpenMetrics' escapes `\"`, `\\` and `\n`; any other backslash
 * is itself, so `=~"db\.prod"` is the regular expression `db\.prod`, as in Alertmanager.
 */
function unquote(text: string): ParseResult<string> {
  const quoted = text.startsWith('"');
  const body = quoted ? text.slice(1) : text;
  let value = "";
  let closed = !quoted;
  for (let index = 0; index < body.length; index++) {
    const char = body[index] as string;
    if (char === "\\" && index < body.length - 1) {
      const next = body[++index] as string;
      value += next === "n" ? "\n" : next === '"' || next === "\\" ? next : `\\${next}`;
    } else if (char === '"') {
      if (!quoted || index < body.length - 1) return { ok: false, error: `unescaped double quote in ${text}` };
      closed = true;
    } else value += char;
  }
  if (!closed) return { ok: false, error: `unterminated quoted value ${text}` };
  return { ok: true, value };
}

/** OpenMetrics' escaping, the inverse of `unquote`: what Alertmanager prints in route keys. */
const escapeValue = (value: string) => value.replace(/[\\"\n]/g, (char) => (char === "\n" ? "\\n" : `\\${char}`));

/** Why a regular expression is refused, or undefined when RE2 compiles it. */
export function describeRegexProblem(pattern: string): string | undefined {
  try {
    // On its own first: `a)|(b` compiles once wrapped, as `^(?:a)|(b)$`, which is no longer anchored.
    RE2JS.compile(pattern);
    RE2JS.compile(`^(?:${pattern})$`);
    return undefined;
  } catch (error) {
    return `invalid regular expression "${pattern}": ${(error as Error).message}`;
  }
}

/** One matcher such as `severity=~"page|critical"`. */
export function parseMatcher(text: string): ParseResult<Matcher> {
  const found = ONE.exec(text);
  if (!found) return { ok: false, error: `expected a matcher such as severity="page", got ${JSON.stringify(text)}` };
  const [, rawName = "", type = "=", rawValue = ""] = found;
  const name = rawName.startsWith('"') ? unquote(rawName) : { ok: true as const, value: rawName };
  if (!name.ok) return name;
  if (!isLabelName(name.value) && name.value !== "__name__")
    return {
      ok: false,
      error: `"${name.value}" is not a label name (letters, digits and _, not starting with a digit)`,
    };
  const value = unquote(rawValue);
  if (!value.ok) return value;
  if (type === "=~" || type === "!~") {
    const problem = describeRegexProblem(value.value);
    if (problem) return { ok: false, error: problem };
  }
  return { ok: true, value: { name: name.value, type: type as MatchType, value: value.value } };
}

/** Splits `a="x,y", b=~"z"` at the commas outside quotes; `\"` is no quote, as in Alertmanager. */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  let escaped = false;
  for (const char of text) {
    if (char === "," && !quoted) {
      parts.push(current);
      current = "";
      continue;
    }
    if (char === '"' && !escaped) quoted = !quoted;
    escaped = char === "\\" && !escaped;
    current += char;
  }
  if (current.trim() !== "") parts.push(current);
  return parts;
}

/** A list of matchers, with or without braces: `{a="b", c!="d"}` or `a="b",c!="d"`. */
export function parseMatchers(text: string): ParseResult<Matcher[]> {
  let body = text.trim();
  if (body.startsWith("{")) {
    if (!body.endsWith("}")) return { ok: false, error: `expected a closing } in ${text}` };
    body = body.slice(1, -1);
  }
  const matchers: Matcher[] = [];
  for (const part of splitList(body)) {
    const parsed = parseMatcher(part);
    if (!parsed.ok) return parsed;
    matchers.push(parsed.value);
  }
  return { ok: true, value: matchers };
}

/** Alertmanager's form of a matcher, `severity=~"page|critical"`, which `parseMatcher` reads back. */
export function formatMatcher(matcher: Matcher): string {
  return `${matcher.name}${matcher.type}"${escapeValue(matcher.value)}"`;
}

const TYPE_ORDER: Record<MatchType, number> = { "=": 0, "!=": 1, "=~": 2, "!~": 3 };

/** Alertmanager's order of matchers in a route key: by name, then value, then type. */
export function compareMatchers(left: Matcher, right: Matcher): number {
  if (left.name !== right.name) return compareBytewise(left.name, right.name);
  if (left.value !== right.value) return compareBytewise(left.value, right.value);
  return TYPE_ORDER[left.type] - TYPE_ORDER[right.type];
}

/** Alertmanager's `Matchers.String()`: `{env="production",job=~"api|web"}`, sorted. */
export function formatMatchers(matchers: readonly Matcher[]): string {
  return `{${[...matchers].sort(compareMatchers).map(formatMatcher).join(",")}}`;
}

/**
 * A label's value, "" when missing, as in Alertmanager. Own properties only: an alert labelled
 * without `constructor` must not read Object.prototype's.
 */
export const labelValue = (labels: Readonly<Record<string, string>>, name: string): string =>
  Object.hasOwn(labels, name) ? String(labels[name]) : "";

/** A missing label reads as "": `team!="ops"` matches an alert without `team`. */
export function compileMatcher(matcher: Matcher): CompiledMatcher {
  const negative = matcher.type === "!=" || matcher.type === "!~";
  if (matcher.type === "=" || matcher.type === "!=")
    return { ...matcher, matches: (labels) => (labelValue(labels, matcher.name) === matcher.value) !== negative };
  const pattern = RE2JS.compile(`^(?:${matcher.value})$`);
  return { ...matcher, matches: (labels) => pattern.matches(labelValue(labels, matcher.name)) !== negative };
}

export const compileMatchers = (matchers: readonly Matcher[]) => matchers.map(compileMatcher);

export const matchesAll = (matchers: readonly CompiledMatcher[], labels: Readonly<Record<string, string>>) =>
  matchers.every((matcher) => matcher.matches(labels));
