/**
 * Text no backend can store: PostgreSQL refuses NUL in text and jsonb, and lone UTF-16 surrogates
 * have no UTF-8 encoding. Found at the edge, such input is a 400 naming where it is, on SQLite too,
 * instead of a 500 from the database on PostgreSQL only.
 */
// With the u flag a surrogate pair is one code point, so only a lone half matches the range.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const UNSTORABLE_CHARACTER = /\u0000|[\uD800-\uDFFF]/gu;

export function describeUnstorable(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains a NUL character (U+0000), which cannot be stored";
  if (LONE_SURROGATE.test(text)) return "contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored";
  return undefined;
}

/** Deeper than any document Nines accepts; a walk (here, in zod, in the stores) never recurses further. */
export const MAX_NESTING = 64;

/**
 * The first string or key in `value` that can't be stored, or the first value nested deeper than
 * `MAX_NESTING`, as a JSON pointer and a reason.
 */
export function findUnstorableText(
  value: unknown,
  path = "",
  depth = 0,
): { path: string; message: string } | undefined {
  const found = findUnstorable(value, depth);
  return found && { path: path + found.pointer || "/", message: found.message };
}

// The pointer is built on the way back from a find only: bodies of thousands of keys (a batch of
// alerts) are walked on every request, and almost never hold one.
function findUnstorable(value: unknown, depth: number): { pointer: string; message: string } | undefined {
  if (depth > MAX_NESTING && value !== null && typeof value === "object")
    return { pointer: "", message: `is nested more than ${MAX_NESTING} levels deep` };
  if (typeof value === "string") {
    const message = describeUnstorable(value);
    return message ? { pointer: "", message } : undefined;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findUnstorable(value[index], depth + 1);
      if (found) return { pointer: `/${index}${found.pointer}`, message: found.message };
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = describeUnstorable(key);
      if (keyProblem) return { pointer: `/${escapePointer(key)}`, message: `the key ${keyProblem}` };
      const found = findUnstorable(item, depth + 1);
      if (found) return { pointer: `/${escapePointer(key)}${found.pointer}`, message: found.message };
    }
  }
  return undefined;
}

/**
 * RFC 6901 escapes `~` and `/`; the characters that can't be stored are shown as `\uXXXX`, so the
 * error naming them can itself be logged and stored.
 */
const escapePointer = (key: string) =>
  key
    .replaceAll("~", "~0")
    .replaceAll("/", "~1")
    .replace(UNSTORABLE_CHARACTER, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** At most `max` UTF-16 units of `text`, never ending on half of a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
