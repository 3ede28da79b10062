import { RE2JS } from "re2js";
import { z } from "zod";
import { describeValue } from "../../config/describe-value.js";
import { describeFilePathProblem } from "../../core/file-paths.js";

/** `/re/flags` is a regular expression; anything else is taken literally by `compilePattern`. */
const SLASHED = /^\/(.*)\/([dimsuv]*)$/s;

export const isSlashedRegex = (text: string) => SLASHED.test(text);

/** What a compiled pattern offers: a search anywhere in the text, in time linear in its length. */
export interface TextPattern {
  test(text: string): boolean;
}

/**
 * JavaScript flags as RE2 flags. `u` and `d` change nothing RE2 does (it is always Unicode-aware and
 * reports no indices here); `v` brings set syntax RE2 lacks, so it is refused rather than ignored.
 */
const FLAGS: Record<string, number | undefined> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0,
  d: 0,
};

/**
 * Syntax a backtracking engine has and RE2 does not, looked for once RE2 refused a pattern: its own
 * message for these ("invalid escape sequence: `\1`") doesn't tell people why.
 */
const UNSUPPORTED: [RegExp, string][] = [
  [/\\(?:[1-9]|k<)/, "backreferences such as \\1 or \\k<name> are not supported"],
  [/\(\?<?[=!]/, "lookahead and lookbehind such as (?=...), (?!...), (?<=...) are not supported"],
  [/(?:[*+?}])[+]/, "possessive quantifiers such as a++ are not supported"],
];

/**
 * Compiles with RE2 semantics, which match in time linear in the text: a pattern from config runs
 * on bodies from the network, and a backtracking engine can spend minutes on `^(a+)+$` over a
 * 30-byte body while blocking every other request.
 */
function compileRe2(source: string, flags: string): TextPattern {
  let bits = 0;
  for (const flag of flags) {
    const bit = FLAGS[flag];
    if (bit === undefined) throw new Error(`the flag "${flag}" is not supported (use i, m or s)`);
    bits |= bit;
  }
  try {
    return RE2JS.compile(source, bits);
  } catch (error) {
    const known = UNSUPPORTED.find(([syntax]) => syntax.test(source));
    if (known) throw new Error(`${known[1]}: patterns use RE2 syntax, which matches in linear time`);
    throw new Error(`${(error as Error).message.replace(/^error parsing regexp: /, "")} (RE2 syntax)`);
  }
}

/**
 * A pattern as written in config: `/^\+OK/i` is a regular expression, any other text is matched
 * as a substring.
 */
export function compilePattern(text: string): TextPattern {
  const slashed = SLASHED.exec(text);
  if (slashed) return compileRe2(slashed[1] as string, slashed[2] as string);
  return { test: (candidate) => candidate.includes(text) };
}

/** A regular expression written bare (`"status":\s*"ok"`) or between slashes with flags (`/ok/i`). */
export function compileRegex(text: string): TextPattern {
  const slashed = SLASHED.exec(text);
  return slashed ? compileRe2(slashed[1] as string, slashed[2] as string) : compileRe2(text, "");
}

/** A string that `compile` must accept; the error names the field and the compiler's complaint. */
export function compiledField(what: string, compile: (text: string) => unknown) {
  return z.string({ error: `expected ${what} as a string` }).superRefine((text, ctx) => {
    try {
      compile(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `expected ${what}, got "${text}": ${(error as Error).message}` });
    }
  });
}

/**
 * A file in the server's files directory (`--files-dir`), named relative to it. Only the name is
 * judged here, offline; the server reads the file when the object is applied.
 */
export function configuredFileField(example: string) {
  return z
    .string({ error: `expected a path relative to the files directory, such as ${example}` })
    .superRefine((text, ctx) => {
      const problem = describeFilePathProblem(text);
      if (problem)
        ctx.addIssue({ code: "custom", message: `expected a path such as ${example}: "${text}" ${problem}` });
    });
}

const hostname = z.hostname();
const ipv6 = z.ipv6();

/** A host to connect to: a name such as `db.internal`, or an IPv4 or IPv6 address, without scheme or port. */
export function hostField() {
  return z.string({ error: "expected a host name or IP address" }).superRefine((text, ctx) => {
    if (hostname.safeParse(text).success || ipv6.safeParse(text).success) return;
    const hint = text.includes("://")
      ? " (a host, not a URL)"
      : /^[^:]+:\d+$/.test(text)
        ? " (give the port in `port`)"
        : "";
    ctx.addIssue({
      code: "custom",
      message: `expected a host name or IP address such as db.internal or 10.0.0.5${hint}, got "${text}"`,
    });
  });
}

export function portField() {
  // Without a value the loader puts "missing required field" before the message instead.
  const error = (issue: { input?: unknown }) =>
    `expected a port number from 1 to 65535${issue.input === undefined ? "" : `, got ${describeValue(issue.input)}`}`;
  return z.number({ error }).int({ error }).min(1, { error }).max(65_535, { error });
}
