import { constants, promises as fs } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import type { Keyring } from "./keyring.js";
import { isSecretReference, type Resolved, type SecretReference } from "./model.js";
import { isInsideDirectory } from "./references.js";
import { getSecretValue, sealContext } from "./store.js";

/** A credential file is a token or a password, not a data set. */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

export interface ResolveDeps {
  db: Kysely<Database>;
  keyring: Keyring;
  /** The server's environment, for `env:` references. */
  env: Readonly<Record<string, string | undefined>>;
  /** The only directory `file:` references may read. */
  filesDir?: string | undefined;
}

export type Resolution<T> = { value: Resolved<T> } | { error: string };

/** Thrown inside the walk and turned into a result: the message is safe to show (names, never values). */
class UnresolvedReference extends Error {}

/**
 * Replaces every reference in `value` by what it names, at check time, so the stored and shown
 * spec keep the reference and a rotated credential is used from the next check on.
 */
export async function resolveReferences<T>(value: T, deps: ResolveDeps): Promise<Resolution<T>> {
  try {
    return { value: (await walk(value, deps)) as Resolved<T> };
  } catch (error) {
    if (error instanceof UnresolvedReference) return { error: error.message };
    throw error;
  }
}

async function walk(value: unknown, deps: ResolveDeps): Promise<unknown> {
  if (isSecretReference(value)) return resolveOne(value, deps);
  if (Array.isArray(value)) return Promise.all(value.map((item) => walk(item, deps)));
  if (typeof value === "object" && value !== null) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await walk(item, deps)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

async function resolveOne(reference: SecretReference, deps: ResolveDeps): Promise<string> {
  if ("secretRef" in reference) {
    const { name, key } = reference.secretRef;
    const stored = await getSecretValue(deps.db, name, key);
    if (!stored) throw new UnresolvedReference(`secret ${name} has no key ${key}`);
    try {
      return deps.keyring.open(stored.sealed, sealContext(name, key));
    } catch (error) {
      throw new UnresolvedReference(`secret ${name} key ${key} cannot be read: ${(error as Error).message}`);
    }
  }
  if ("env" in reference) {
    const found = deps.env[reference.env];
    if (found === undefined) throw new UnresolvedReference(`environment variable ${reference.env} is not set`);
    return found;
  }
  return readSecretFile(reference.file, deps.filesDir);
}

async function readSecretFile(file: string, filesDir: string | undefined): Promise<string> {
  if (filesDir === undefined || !isInsideDirectory(filesDir, file))
    throw new UnresolvedReference(`file ${file} is not under the files directory`);
  const fail = (why: string) => new UnresolvedReference(`file ${file} ${why}`);
  let root: string;
  let real: string;
  try {
    root = await fs.realpath(filesDir);
    real = await fs.realpath(path.resolve(filesDir, file));
  } catch (error) {
    throw fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  // A symbolic link inside the directory must not lead out of it.
  if (!isInsideDirectory(root, real)) throw fail("leads outside the files directory");
  const handle = await fs.open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch((error) => {
    throw fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw fail("is not a regular file");
    if (stat.size > MAX_SECRET_FILE_BYTES) throw fail(`is larger than ${MAX_SECRET_FILE_BYTES / 1024} KiB`);
    const buffer = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(buffer, 0, stat.size, 0);
    // Files written by `echo` or editors end with a newline that is not part of the credential.
    return buffer
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/\r?\n$/, "");
  } finally {
    await handle.close();
  }
}
