import { hostname, userInfo } from "node:os";
import type { AuditEntry } from "../audit/model.js";
import { recordAudit } from "../audit/store.js";
import type { Actor } from "../core/access.js";
import type { Store } from "../store/database.js";
import type { CliIo } from "./io.js";

/**
 * Who a command that works on the database directly acts as, for the audit log: whoever holds
 * the database holds every role, so there is no token to name, only the OS user and the host.
 */
export function cliActor(io: CliIo): Actor {
  return { name: `cli:${osUser(io)}`, address: hostname() };
}

function osUser(io: CliIo): string {
  try {
    return userInfo().username;
  } catch {
    // Containers running as a uid without a passwd entry.
    return io.env.USER || io.env.USERNAME || "unknown";
  }
}

/** Records a change a command made on the database directly (a token created or revoked). */
export const recordCliAudit = (store: Store, io: CliIo, entry: Omit<AuditEntry, "at" | "actor">) =>
  recordAudit(store, { ...entry, at: Date.now(), actor: cliActor(io) });
