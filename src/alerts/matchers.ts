import { RE2JS } from "re2js";

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

/** Unquotes a double-quoted value with Go's escapes (`\"`, `\\`, `\n`), or takes a bare one as written. */
function unquote(text: string): ParseResult<string> {
  if (!text.startsWith('"')) {
    if (/["\s,{}]/.test(text)) return { ok: false, error: `expected a value in double quotes, got ${text}` };
    return { ok: true, value: text };
  }
  if (text.length < 2 || !text.endsWith('"') || (text.endsWith('\\"') && !text.endsWith('\\\\"')))
    return { ok: false, error: `unterminated quoted value ${text}` };
  try {
    return { ok: true, value: JSON.parse(text) as string };
  } catch {
    return { ok: false, error: `invalid escape in ${text}` };
  }
}

/** Why a regular expression is refused, or undefined when RE2 compiles it. */
export function describeRegexProblem(pattern: string): string | undefined {
  try {
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

/** Splits `a="x,y", b=~"z"` at the commas outside quotes. */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (char === "\\" && quoted) {
      current += char + (text[index + 1] ?? "");
      index++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += char;
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

export function formatMatcher(matcher: Matcher): string {
  return `${matcher.name}${matcher.type}${JSON.stringify(matcher.value)}`;
}

/** A missing label reads as "", as in Alertmanager: `team!="ops"` matches an alert without `team`. */
export function compileMatcher(matcher: Matcher): CompiledMatcher {
  const negative = matcher.type === "!=" || matcher.type === "!~";
  if (matcher.type === "=" || matcher.type === "!=")
    return { ...matcher, matches: (labels) => ((labels[matcher.name] ?? "") === matcher.value) !== negative };
  const pattern = RE2JS.compile(`^(?:${matcher.value})$`);
  return { ...matcher, matches: (labels) => pattern.matches(labels[matcher.name] ?? "") !== negative };
}

export const compileMatchers = (matchers: readonly Matcher[]) => matchers.map(compileMatcher);

export const matchesAll = (matchers: readonly CompiledMatcher[], labels: Readonly<Record<string, string>>) =>
  matchers.every((matcher) => matcher.matches(labels));
