import { z } from "zod";
import { describeValue } from "../../config/describe-value.js";

/** `/re/flags` is a regular expression; anything else is taken literally by `compilePattern`. */
const SLASHED = /^\/(.*)\/([dimsuv]*)$/s;

export const isSlashedRegex = (text: string) => SLASHED.test(text);

/**
 * A pattern as written in config: `/^\+OK/i` is a regular expression, any other text is matched
 * as a substring. Stateful flags (g, y) are refused by the pattern above, so `test` can be reused.
 */
export function compilePattern(text: string): RegExp {
  const slashed = SLASHED.exec(text);
  if (slashed) return new RegExp(slashed[1] as string, slashed[2]);
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
}

/** A regular expression written bare (`"status":\s*"ok"`) or between slashes with flags (`/ok/i`). */
export function compileRegex(text: string): RegExp {
  const slashed = SLASHED.exec(text);
  return slashed ? new RegExp(slashed[1] as string, slashed[2]) : new RegExp(text);
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
