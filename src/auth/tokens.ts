import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { objectName } from "../config/document.js";
import { ROLES, type Role } from "../core/access.js";
import { conflict, invalid, notFound } from "../core/errors.js";
import type { Database } from "../store/schema.js";
import { classifyToken, DISPLAYED_PREFIX_LENGTH, generateToken } from "./token-format.js";

/**
 * API tokens. Only a SHA-256 of each is stored, so a copy of the database does not hand out
 * access; a token is shown once, when it is created. Each carries a role and may expire.
 */
export interface TokenInfo {
  name: string;
  prefix: string;
  role: Role;
  createdAt: number;
  /** Epoch ms after which the token no longer works; null for never. */
  expiresAt: number | null;
  lastUsedAt: number | null;
}

export interface TokenHolder {
  name: string;
  role: Role;
}

/** Why a token was refused: shape problems are found offline, the rest by looking it up. */
export type TokenRefusal = "malformed" | "bad-checksum" | "unknown" | "expired";

export type TokenVerification = { ok: true; holder: TokenHolder } | { ok: false; reason: TokenRefusal };

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createToken(
  db: Kysely<Database>,
  name: string,
  now: number,
  options: { role: Role; expiresAt?: number | null },
): Promise<{ token: string; info: TokenInfo }> {
  const parsed = objectName.safeParse(name);
  if (!parsed.success) throw invalid(`invalid token name "${name}": ${parsed.error.issues[0]?.message}`);
  if (!ROLES.includes(options.role)) throw invalid(`unknown role "${options.role}"; roles are ${ROLES.join(", ")}`);
  const expiresAt = options.expiresAt ?? null;
  if (expiresAt !== null && expiresAt <= now) throw invalid("the token would expire before it is used");
  const token = generateToken();
  const info: TokenInfo = {
    name,
    prefix: token.slice(0, DISPLAYED_PREFIX_LENGTH),
    role: options.role,
    createdAt: now,
    expiresAt,
    lastUsedAt: null,
  };
  try {
    await db
      .insertInto("api_tokens")
      .values({
        name,
        token_hash: hashToken(token),
        prefix: info.prefix,
        role: info.role,
        created_at: now,
        expires_at: expiresAt,
        last_used_at: null,
      })
      .execute();
  } catch (error) {
    if (/unique|duplicate key/i.test(String((error as Error).message)))
      throw conflict(`a token named "${name}" exists already; revoke it first or pick another name`);
    throw error;
  }
  return { token, info };
}

/** Who holds the token, or why it is refused. A token of the wrong shape never reaches the database. */
export async function verifyToken(db: Kysely<Database>, token: string, now: number): Promise<TokenVerification> {
  const shape = classifyToken(token);
  if (shape === "malformed" || shape === "bad-checksum") return { ok: false, reason: shape };
  const row = await db
    .selectFrom("api_tokens")
    .select(["id", "name", "role", "expires_at", "last_used_at"])
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.expires_at !== null && now >= Number(row.expires_at)) return { ok: false, reason: "expired" };
  // Writing last-use on every request would turn reads into writes; once a minute is enough to audit.
  if (row.last_used_at === null || now - Number(row.last_used_at) > 60_000) {
    await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", row.id).execute();
  }
  return { ok: true, holder: { name: row.name, role: row.role } };
}

export async function listTokens(db: Kysely<Database>): Promise<TokenInfo[]> {
  const rows = await db.selectFrom("api_tokens").selectAll().orderBy("name").execute();
  return rows.map((row) => ({
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: Number(row.created_at),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  }));
}

export async function revokeToken(db: Kysely<Database>, name: string): Promise<void> {
  const result = await db.deleteFrom("api_tokens").where("name", "=", name).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound(`no token named "${name}"`);
}
