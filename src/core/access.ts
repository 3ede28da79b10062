/**
 * Who may do what. Roles are ordered: each includes the ones before it. A route declares the
 * least it needs; `public` routes (health, heartbeat pushes, public status pages) need no token.
 */
export const ROLES = ["viewer", "responder", "editor", "admin"] as const;

export type Role = (typeof ROLES)[number];

/** What a route needs: no token at all, or a token of at least this role. */
export type Access = "public" | Role;

export const roleRank = (role: Role) => ROLES.indexOf(role);

/** Whether a token of role `held` may use a route that needs `needed`. */
export function allows(held: Role | undefined, needed: Access): boolean {
  if (needed === "public") return true;
  return held !== undefined && roleRank(held) >= roleRank(needed);
}

/** Who made a request or a change, as the audit log records it. */
export interface Actor {
  /** Token name, or `anonymous`, or `system` for changes Nines makes itself (`server -f`). */
  name: string;
  role?: Role;
  /** The client address, when the change came over HTTP. */
  address?: string;
}

export const SYSTEM_ACTOR: Actor = { name: "system" };
