import type { Actor } from "../core/access.js";

/**
 * What the audit log records. A record says when, who (token name and role), from where and what
 * (action, kind, name, versions before and after), never a spec or a value: a Secret's change is
 * recorded by its name and generation only.
 */
export const AUDIT_ACTIONS = [
  "apply.create",
  "apply.change",
  "apply.delete",
  "delete",
  "token.create",
  "token.revoke",
  "secret.change",
  "login.failures",
  "silence.create",
  "silence.change",
  "silence.expire",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a caller hands to the log; the store numbers it and chains it. */
export interface AuditEntry {
  at: number;
  actor: Actor;
  action: AuditAction;
  kind?: string | undefined;
  name?: string | undefined;
  versionBefore?: number | undefined;
  versionAfter?: number | undefined;
  /** Small facts about the change (a failure count, an address); never a spec or a secret. */
  detail?: Record<string, unknown> | undefined;
}

/** A record as stored: numbered from 1 without gaps, chained to the one before by its hash. */
export interface AuditRecord {
  seq: number;
  at: number;
  actorName: string;
  actorRole: string | null;
  actorAddress: string | null;
  action: string;
  kind: string | null;
  name: string | null;
  versionBefore: number | null;
  versionAfter: number | null;
  detail: Record<string, unknown> | null;
  /** Hash of the record before, or `GENESIS_HASH` for the first. */
  prevHash: string;
  /** SHA-256 (hex) of this record's canonical form, which includes `prevHash`. */
  hash: string;
}

export type AuditRecordContent = Omit<AuditRecord, "hash">;

/** Why a chain is broken at a record. */
export type ChainBreakReason = "edited" | "deleted" | "inserted" | "reordered" | "truncated";

export interface ChainBreak {
  /** 0-based index in the sequence read (ordered by `seq`). */
  position: number;
  /** The sequence number of the record found there, or of the missing one. */
  seq: number;
  reason: ChainBreakReason;
  message: string;
}

/** The last record an operator wrote down (`nines audit verify` prints it): later checks must still find it. */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

export interface ChainVerification {
  ok: boolean;
  count: number;
  /** The last record read, to be kept outside the database as the next anchor. */
  head: ChainAnchor | null;
  problem: ChainBreak | null;
}
