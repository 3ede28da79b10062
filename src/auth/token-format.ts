import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * What a Nines API token looks like: `nines_`, 40 random letters and digits (238 bits), and a
 * CRC32 of everything before it in 6 base62 digits, as GitHub's tokens carry. Secret scanners can
 * then recognise a leaked Nines token offline, and a mistyped one is refused before any database
 * query. Tokens made before the checksum (`nines_` and 43 base64url characters) still work; see
 * docs/security.md.
 */
export const TOKEN_PREFIX = "nines_";
const RANDOM_LENGTH = 40;
const CHECKSUM_LENGTH = 6;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CURRENT = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);
const LEGACY = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z_-]{43}$`);

/** Characters of a token shown in listings, so a person can tell tokens apart. */
export const DISPLAYED_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;

export type TokenShape = "current" | "legacy" | "bad-checksum" | "malformed";

function toBase62(value: number, length: number): string {
  let text = "";
  let rest = value;
  for (let index = 0; index < length; index++) {
    text = BASE62[rest % 62] + text;
    rest = Math.floor(rest / 62);
  }
  return text;
}

export const checksum = (body: string) => toBase62(crc32(body), CHECKSUM_LENGTH);

function randomBase62(length: number): string {
  let text = "";
  while (text.length < length) {
    for (const byte of randomBytes(length)) {
      // 248 = 4 × 62: bytes above it would make the first letters likelier than the rest.
      if (byte < 248 && text.length < length) text += BASE62[byte % 62];
    }
  }
  return text;
}

export function generateToken(): string {
  const body = TOKEN_PREFIX + randomBase62(RANDOM_LENGTH);
  return body + checksum(body);
}

/** Tells a token's shape from its text alone, without the database. */
export function classifyToken(token: string): TokenShape {
  if (CURRENT.test(token)) {
    const body = token.slice(0, -CHECKSUM_LENGTH);
    return checksum(body) === token.slice(-CHECKSUM_LENGTH) ? "current" : "bad-checksum";
  }
  return LEGACY.test(token) ? "legacy" : "malformed";
}
