/** How much of what a target returned a result or error text may quote. */
export const SNIPPET_CHARS = 60;

/** Masking looks this far, so a credential that crosses the snippet's end is still recognised whole. */
const SCAN_CHARS = 2048;

const MASK = "***";

/**
 * Common shapes of credentials, most specific first. Each keeps what tells a reader what was
 * there (`Bearer `, `password=`) and masks the value itself.
 */
const SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, `[private key ${MASK}]`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, `[JWT ${MASK}]`],
  [/\bnines_[A-Za-z0-9_-]{8,}/g, `nines_${MASK}`],
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}\b/g, `[AWS key ${MASK}]`],
  [/\b(Bearer|Basic|Token|Digest)(\s+)[A-Za-z0-9._~+/=-]{6,}/gi, `$1$2${MASK}`],
  [/(\/\/[^/\s:@]*:)[^/\s@]+@/g, `$1${MASK}@`],
  [
    /((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|auth(?:orization)?|credentials?|session)[A-Za-z0-9_-]*["']?\s*[:=]\s*["']?)([^\s"'&,;}<]{1,})/gi,
    `$1${MASK}`,
  ],
];

/**
 * Long runs of hex or base64: keys, hashes, signatures, session ids. Random ones mix letters and
 * digits; a run of one letter (`yyyy…`) or a long word is text and stays.
 */
const LONG_RUN = /[A-Za-z0-9+/_-]{32,}={0,2}/g;
const looksRandom = (run: string) => /[0-9]/.test(run) && /[A-Za-z]/.test(run);

/** `text` with common credential shapes masked: for anything a target sent that ends up in a result. */
export function maskSecrets(text: string): string {
  let masked = text;
  for (const [pattern, replacement] of SHAPES) masked = masked.replace(pattern, replacement);
  return masked.replace(LONG_RUN, (run) => (looksRandom(run) ? MASK : run));
}

/** A short, masked quote of what a target returned, as JSON so control characters show as escapes. */
export function formatSnippet(text: string, limit = SNIPPET_CHARS): string {
  const masked = maskSecrets(text.slice(0, SCAN_CHARS));
  const cut = masked.length > limit || text.length > SCAN_CHARS;
  return cut ? `${JSON.stringify(masked.slice(0, limit))}…` : JSON.stringify(masked);
}

/** A JSON value quoted in a result, masked and bounded like a snippet. */
export function formatJsonSnippet(value: unknown, limit = SNIPPET_CHARS): string {
  const masked = maskSecrets((JSON.stringify(value) ?? "null").slice(0, SCAN_CHARS));
  return masked.length > limit ? `${masked.slice(0, limit - 1)}…` : masked;
}
