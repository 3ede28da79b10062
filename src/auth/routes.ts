import type { Kysely } from "kysely";
import { z } from "zod";
import { createdTokenSchema, createTokenRequestSchema, tokenInfoSchema } from "../client/schemas.js";
import type { Clock } from "../core/clock.js";
import { parseDuration } from "../core/duration.js";
import { invalid } from "../core/errors.js";
import { defineRoute, type RouteDefinition } from "../http/route.js";
import type { Database } from "../store/schema.js";
import { createToken, listTokens, revokeToken } from "./tokens.js";

/** Token management for admins; `nines token` does the same on the database directly. */
export function tokenRoutes(db: Kysely<Database>, clock: Clock): RouteDefinition[] {
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
      handler: ({ body }) => {
        const now = clock.now();
        return createToken(db, body.name, now, { role: body.role, expiresAt: expiryFrom(body.expires, now) });
      },
    }),
    defineRoute({
      method: "DELETE",
      access: "admin",
      url: "/api/v1/tokens/:name",
      tag: "tokens",
      summary: "Revoke a token: it stops working at once",
      status: 204,
      handler: async ({ params }) => {
        await revokeToken(db, params.name as string);
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
