import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { objectName } from "../config/document.js";
import { conflict, invalid, notFound } from "../core/errors.js";
import type { Database } from "../store/schema.js";

/**
 * API tokens: `nines_` and 32 random bytes. Only a SHA-256 of each is stored, so a copy of the
 * database does not hand out write access; a token is shown once, when it is created.
 */
const TOKEN_PREFIX = "nines_";

export interface TokenInfo {
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createToken(
  db: Kysely<Database>,
  name: string,
  now: number,
): Promise<{ token: string; info: TokenInfo }> {
  const parsed = objectName.safeParse(name);
  if (!parsed.success) throw invalid(`invalid token name "${name}": ${parsed.error.issues[0]?.message}`);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
  try {
    await db
      .insertInto("api_tokens")
      .values({ name, token_hash: hashToken(token), prefix, created_at: now, last_used_at: null })
      .execute();
  } catch (error) {
    if (/unique|duplicate key/i.test(String((error as Error).message)))
      throw conflict(`a token named "${name}" exists already; revoke it first or pick another name`);
    throw error;
  }
  return { token, info: { name, prefix, createdAt: now, lastUsedAt: null } };
}

/** The name of the token's owner, or undefined when the token is unknown. */
export async function verifyToken(db: Kysely<Database>, token: string, now: number): Promise<string | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await db
    .selectFrom("api_tokens")
    .select(["id", "name", "last_used_at"])
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return undefined;
  // Writing last-use on every request would turn reads into writes; once a minute is enough to audit.
  if (row.last_used_at === null || now - row.last_used_at > 60_000) {
    await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", row.id).execute();
  }
  return row.name;
}

export async function listTokens(db: Kysely<Database>): Promise<TokenInfo[]> {
  const rows = await db.selectFrom("api_tokens").selectAll().orderBy("name").execute();
  return rows.map((row) => ({
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  }));
}

export async function revokeToken(db: Kysely<Database>, name: string): Promise<void> {
  const result = await db.deleteFrom("api_tokens").where("name", "=", name).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound(`no token named "${name}"`);
}
