import { compareBytewise, type LabelSet } from "./fingerprint.js";

/**
 * Prometheus' `LabelSet.String()`: `{alertname="HighLatency", service="checkout"}`, names in byte
 * order, each value quoted as Go's `strconv.Quote` does, so group keys read as Alertmanager's.
 */
export function formatLabelSet(labels: Readonly<LabelSet>): string {
  const names = Object.keys(labels).sort(compareBytewise);
  return `{${names.map((name) => `${name}=${quoteGo(labels[name] as string)}`).join(", ")}}`;
}

const SHORT_ESCAPES: Record<string, string> = {
  "\u0007": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  '"': '\\"',
  "\\": "\\\\",
};

/** Go's printable runes (`unicode.IsPrint`): letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's `strconv.Quote`: printable characters as they are, the rest escaped. */
export function quoteGo(text: string): string {
  let quoted = '"';
  for (const char of text) {
    const short = SHORT_ESCAPES[char];
    if (short) quoted += short;
    else if (PRINTABLE.test(char)) quoted += char;
    else {
      const code = char.codePointAt(0) as number;
      quoted +=
        code < 0x80
          ? `\\x${hex(code, 2)}`
          : code >= 0xd800 && code <= 0xdfff
            ? // A lone surrogate is no UTF-8; Go would hold the replacement character in its place.
              "\ufffd"
            : code < 0x10000
              ? `\\u${hex(code, 4)}`
              : `\\U${hex(code, 8)}`;
    }
  }
  return `${quoted}"`;
}

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, "0");
