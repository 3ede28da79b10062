import type { Kysely } from "kysely";
import { z } from "zod";
import { createdTokenSchema, createTokenRequestSchema, tokenInfoSchema } from "../client/schemas.js";
import type { Actor, Role } from "../core/access.js";
import type { Clock } from "../core/clock.js";
import { parseDuration } from "../core/duration.js";
import { invalid } from "../core/errors.js";
import { defineRoute, type RouteDefinition } from "../http/route.js";
import type { Database } from "../store/schema.js";
import { createToken, listTokens, revokeToken } from "./tokens.js";

/** What a token change tells the audit log. */
export interface TokenChange {
  action: "token.create" | "token.revoke";
  name: string;
  actor: Actor;
  at: number;
  role?: Role;
}

/** Token management for admins; `nines token` does the same on the database directly. */
export function tokenRoutes(
  db: Kysely<Database>,
  clock: Clock,
  onChange: (change: TokenChange) => Promise<void> = async () => {},
): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      access: "admin",
      url: "/api/v1/tokens",
      tag: "tokens",
      summary: "Every API token: name, role, expiry and last use (never the tokens themselves)",
      response: z.object({ items: z.array(tokenInfoSchema) }),
      handler: async () => ({ items: await listTokens(db) }),
    }),
    defineRoute({
      method: "POST",
      access: "admin",
      url: "/api/v1/tokens",
      tag: "tokens",
      summary: "Create a token; the answer is the only time it is shown",
      body: createTokenRequestSchema,
      response: createdTokenSchema,
      status: 201,
      handler: async ({ body, actor }) => {
        const now = clock.now();
        const created = await createToken(db, body.name, now, {
          role: body.role,
          expiresAt: expiryFrom(body.expires, now),
        });
        await onChange({ action: "token.create", name: body.name, actor, at: now, role: created.info.role });
        return created;
      },
    }),
    defineRoute({
      method: "DELETE",
      access: "admin",
      url: "/api/v1/tokens/:name",
      tag: "tokens",
      summary: "Revoke a token: it stops working at once",
      status: 204,
      handler: async ({ params, actor }) => {
        await revokeToken(db, params.name as string);
        await onChange({ action: "token.revoke", name: params.name as string, actor, at: clock.now() });
        return null;
      },
    }),
  ];
}

/** `90d` from now, as epoch ms; undefined for a token that never expires. */
export function expiryFrom(expires: string | undefined, now: number): number | undefined {
  if (expires === undefined) return undefined;
  const ms = parseDuration(expires);
  if (ms === undefined || ms === 0)
    throw invalid(`expected a duration such as 90d or 12h for expires, got "${expires}"`);
  return now + ms;
}
