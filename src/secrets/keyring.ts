import { hkdfSync, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KEY_BYTES, keyIdOf, open, seal, sealedKeyId } from "./crypto.js";

/**
 * The keys secret values are sealed with: the first seals, every one opens. Keeping older keys
 * is what lets `nines secret rotate-key` re-encrypt while servers still hold the previous key.
 */
export interface Keyring {
  /** Id of the key new values are sealed with. */
  readonly primaryId: string;
  readonly keyIds: readonly string[];
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  /**
   * Keys for another use (`purpose`, such as "page links"), derived from each key with HKDF-SHA256,
   * the primary's first: sign with the first, accept any, so a rotation doesn't void what was signed.
   */
  derive(purpose: string): Buffer[];
}

export interface KeySource {
  /** `NINES_SECRET_KEY`: base64 of 32 bytes; a comma-separated list during a rotation, newest first. */
  key?: string | undefined;
  /** The key file, one base64 key a line, newest first; made (0600) when neither exists. */
  keyFile: string;
}

export function createKeyring(keys: readonly Buffer[], reload?: () => readonly Buffer[]): Keyring {
  if (keys.length === 0) throw new Error("a keyring needs at least one key");
  let byId = new Map(keys.map((key) => [keyIdOf(key), key]));
  const primary = keys[0] as Buffer;
  const find = (id: string) => {
    // Another process (`nines secret rotate-key`) may have added a key to the file since we read it.
    if (!byId.has(id) && reload) byId = new Map(reload().map((key) => [keyIdOf(key), key]));
    return byId.get(id);
  };
  return {
    primaryId: keyIdOf(primary),
    get keyIds() {
      return [...byId.keys()];
    },
    seal: (plaintext, context) => seal(primary, plaintext, context),
    open(sealed, context) {
      const id = sealedKeyId(sealed);
      const key = id === undefined ? undefined : find(id);
      if (!key) throw new Error(`a secret value is sealed with key ${id ?? "?"}, which this server does not have`);
      return open(key, sealed, context);
    },
    derive: (purpose) =>
      [primary, ...[...byId.values()].filter((key) => !key.equals(primary))].map((key) =>
        Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `nines ${purpose}`, KEY_BYTES)),
      ),
  };
}

/** A keyring of one random key that lives as long as the process: for tests and throwaway databases. */
export const createEphemeralKeyring = () => createKeyring([randomBytes(KEY_BYTES)]);

export function parseKeys(text: string, where: string): Buffer[] {
  const keys = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((encoded) => Buffer.from(encoded, "base64"));
  if (keys.length === 0) throw new Error(`${where} holds no key`);
  for (const key of keys)
    if (key.length !== KEY_BYTES)
      throw new Error(`${where}: expected base64 of ${KEY_BYTES} bytes (openssl rand -base64 32), got ${key.length}`);
  return keys;
}

const readKeyFile = (file: string) => parseKeys(readFileSync(file, "utf8"), file);

export function writeKeyFile(file: string, keys: readonly Buffer[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Written beside and renamed, so a reader never sees half a file.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${keys.map((key) => key.toString("base64")).join("\n")}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/**
 * The server's keyring: `NINES_SECRET_KEY` when set, else the key file, made on the first start
 * so the embedded default needs nothing set up.
 */
export function loadKeyring(source: KeySource): Keyring {
  if (source.key) return createKeyring(parseKeys(source.key, "NINES_SECRET_KEY"));
  if (!existsSync(source.keyFile)) writeKeyFile(source.keyFile, [randomBytes(KEY_BYTES)]);
  return createKeyring(readKeyFile(source.keyFile), () => readKeyFile(source.keyFile));
}

/** Puts a new key first in the key file, keeping the older ones readable; returns the new keyring. */
export function addKeyToFile(keyFile: string): Keyring {
  const keys = existsSync(keyFile) ? readKeyFile(keyFile) : [];
  const next = [randomBytes(KEY_BYTES), ...keys];
  writeKeyFile(keyFile, next);
  return createKeyring(next);
}

/** A new key for `NINES_SECRET_KEY`, with the current ones after it. */
export function addKeyToList(current: string): { keyring: Keyring; value: string } {
  const keys = [randomBytes(KEY_BYTES), ...parseKeys(current, "NINES_SECRET_KEY")];
  return { keyring: createKeyring(keys), value: keys.map((key) => key.toString("base64")).join(",") };
}
