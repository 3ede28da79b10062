import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/** AES-256-GCM: a 32-byte key, a fresh 12-byte nonce per value, a 16-byte tag that detects tampering. */
export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const FORMAT = "v1";

/** A short, stable name of a key, stored beside each value so a rotated-out key can still be found. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

/**
 * Seals `plaintext` as `v1.<keyId>.<nonce>.<ciphertext>.<tag>` (base64url parts). `context` is
 * authenticated but not stored: a value sealed for one secret's key does not open as another's.
 */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [nonce, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url"));
  return [FORMAT, keyIdOf(key), ...parts].join(".");
}

/** The key id a sealed value needs, or undefined when the text is not a sealed value. */
export function sealedKeyId(sealed: string): string | undefined {
  const parts = sealed.split(".");
  return parts.length === 5 && parts[0] === FORMAT ? parts[1] : undefined;
}

/** Opens a value sealed by `seal`; throws when the key, the context or a single byte differs. */
export function open(key: Buffer, sealed: string, context: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== FORMAT) throw new Error("not a sealed secret value");
  const [nonce, ciphertext, tag] = parts.slice(2).map((part) => Buffer.from(part, "base64url")) as [
    Buffer,
    Buffer,
    Buffer,
  ];
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    // Node's message ("Unsupported state or unable to authenticate data") names no cause.
    throw new Error("a secret value failed its integrity check: wrong key, or the stored value was altered");
  }
}
