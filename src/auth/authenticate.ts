import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { type Access, allows } from "../core/access.js";
import type { Clock } from "../core/clock.js";
import { forbidden, RateLimitedError, unauthorized } from "../core/errors.js";
import type { Database } from "../store/schema.js";
import type { FailureLimiter } from "./rate-limit.js";
import { type TokenRefusal, verifyToken } from "./tokens.js";

export interface AuthorizeOptions {
  db: Kysely<Database>;
  clock: Clock;
  limiter: FailureLimiter;
  /** Viewer routes answer without a token (the demo); a token that is sent is still checked. */
  anonymousRead: boolean;
}

/**
 * Checks a request against what its route needs; throws 401, 403 or 429 as domain errors. A request
 * without a token from an address `openTo` accepts passes as `anonymous` (the route's own choice).
 */
export type Authorize = (
  request: FastifyRequest,
  access: Access,
  openTo?: (address: string) => boolean,
) => Promise<void>;

const REFUSED: Record<TokenRefusal, string> = {
  malformed: "the API token is not valid: Nines tokens are nines_ and 46 letters and digits",
  "bad-checksum": "the API token is not valid: its checksum does not match (mistyped or cut short?)",
  unknown: "the API token is not valid (revoked, mistyped, or from another Nines)",
  expired: "the API token has expired; create a new one with `nines token create`",
};

/**
 * Sets the request's actor from its `Authorization: Bearer` token and refuses what the token's
 * role does not allow. Failed attempts count against the client address; a valid token never does.
 */
export function createAuthorizer(options: AuthorizeOptions): Authorize {
  const refuse = (address: string, detail: string): never => {
    const verdict = options.limiter.fail(address);
    if (verdict.limited)
      throw new RateLimitedError(
        `too many failed authentications from ${address}; try again in ${Math.ceil(verdict.retryAfterMs / 1000)}s`,
        verdict.retryAfterMs,
      );
    throw unauthorized(detail);
  };

  return async (request, access, openTo) => {
    if (access === "public") return;
    const address = request.ip;
    const header = request.headers.authorization;
    if (!header) {
      if ((options.anonymousRead && access === "viewer") || openTo?.(address)) {
        request.actor = { name: "anonymous", address };
        return;
      }
      throw unauthorized(
        "this endpoint needs an API token: send Authorization: Bearer <token> (create one with `nines token create --name NAME --role ROLE`)",
      );
    }
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) return refuse(address, "the Authorization header must be `Bearer <token>`");
    const verification = await verifyToken(options.db, token, options.clock.now());
    if (!verification.ok) return refuse(address, REFUSED[verification.reason]);
    const { name, role } = verification.holder;
    request.actor = { name, role, address };
    request.log = request.log.child({ token: name });
    if (!allows(role, access))
      throw forbidden(`this needs a token of role ${access} or above; the token "${name}" has role ${role}`);
  };
}
