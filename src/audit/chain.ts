import { createHash } from "node:crypto";
import type {
  AuditRecord,
  AuditRecordContent,
  ChainAnchor,
  ChainBreak,
  ChainBreakReason,
  ChainVerification,
} from "./model.js";

/** The previous hash of the first record. */
export const GENESIS_HASH = "0".repeat(64);

/** A version tag inside the hashed text, so a later canonical form can't be confused with this one. */
const FORMAT = "nines-audit/1";

/**
 * The bytes a record's hash covers: every field, in a fixed order, with the detail's keys sorted
 * (PostgreSQL's jsonb keeps its own key order, so the text as written can't be the input).
 */
export function canonicalRecord(record: AuditRecordContent): string {
  return JSON.stringify([
    FORMAT,
    record.seq,
    record.at,
    record.actorName,
    record.actorRole,
    record.actorAddress,
    record.action,
    record.kind,
    record.name,
    record.versionBefore,
    record.versionAfter,
    sortKeys(record.detail),
    record.prevHash,
  ]);
}

export function hashRecord(record: AuditRecordContent): string {
  return createHash("sha256").update(canonicalRecord(record)).digest("hex");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The record that follows `previous` (or starts the chain), numbered and hashed. */
export function chainRecord(
  previous: Pick<AuditRecord, "seq" | "hash"> | undefined,
  content: Omit<AuditRecordContent, "seq" | "prevHash">,
): AuditRecord {
  const linked = { ...content, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...linked, hash: hashRecord(linked) };
}

/**
 * Checks a whole log, read in `seq` order, and names the first record where it breaks. Records
 * are numbered 1, 2, 3 ... and each hash covers the one before, so an edit, a removal, an extra
 * record or a swap each break the chain at or right after the spot. Removing records from the end
 * leaves a shorter chain that is still whole: only an `anchor` kept outside the database (the
 * head an earlier verification printed) catches that, and a rewrite of the tail with fresh hashes.
 */
export function verifyChain(records: readonly AuditRecord[], anchor?: ChainAnchor): ChainVerification {
  const allSeqs = new Set(records.map((record) => record.seq));
  const seen = new Set<number>();
  let previous: AuditRecord | undefined;
  for (const [position, record] of records.entries()) {
    const problem = checkLink(records, position, previous, allSeqs, seen);
    if (problem) return failed(records, problem);
    seen.add(record.seq);
    previous = record;
  }
  if (anchor) {
    const problem = checkAnchor(records, anchor);
    if (problem) return failed(records, problem);
  }
  return { ok: true, count: records.length, head: headOf(records), problem: null };
}

function checkLink(
  records: readonly AuditRecord[],
  position: number,
  previous: AuditRecord | undefined,
  allSeqs: ReadonlySet<number>,
  seen: ReadonlySet<number>,
): ChainBreak | undefined {
  const record = records[position] as AuditRecord;
  const expectedSeq = (previous?.seq ?? 0) + 1;
  const at = (reason: ChainBreakReason, message: string, target = record, index = position): ChainBreak => ({
    position: index,
    seq: target.seq,
    reason,
    message: `record ${target.seq} (position ${index + 1}): ${message}`,
  });
  if (record.seq !== expectedSeq) {
    if (seen.has(record.seq)) return at("inserted", `a second record numbered ${record.seq}`);
    if (allSeqs.has(expectedSeq)) return at("reordered", `found where record ${expectedSeq} belongs`);
    if (record.seq > expectedSeq) {
      const count = record.seq - expectedSeq;
      return at(
        "deleted",
        count === 1
          ? `record ${expectedSeq} is missing before it`
          : `records ${expectedSeq}–${record.seq - 1} are missing before it`,
      );
    }
    return at("reordered", `numbered ${record.seq} after record ${previous?.seq}`);
  }
  if (hashRecord(record) !== record.hash) {
    // Records renumbered to close a gap, or to make room, still carry the hash of their old number.
    if (hashRecord({ ...record, seq: record.seq + 1 }) === record.hash)
      return at("deleted", `it was numbered ${record.seq + 1}: a record before it was removed and the rest renumbered`);
    if (hashRecord({ ...record, seq: record.seq - 1 }) === record.hash)
      return at("inserted", `it was numbered ${record.seq - 1}: a record was put before it and the rest renumbered`);
    return at("edited", "its content does not match its hash");
  }
  const expectedPrev = previous?.hash ?? GENESIS_HASH;
  if (record.prevHash !== expectedPrev && previous) {
    // The record before it carries a freshly computed hash. When this record still points at the
    // one before that, the record in between was put there; otherwise it was edited.
    const beforePrevious = position >= 2 ? records[position - 2]?.hash : GENESIS_HASH;
    if (record.prevHash === beforePrevious)
      return at("inserted", `record ${record.seq} was chained to the record before this one`, previous, position - 1);
    return at("edited", `changed after record ${record.seq} was chained to it`, previous, position - 1);
  }
  if (record.prevHash !== expectedPrev) return at("edited", "the first record does not start the chain");
  return undefined;
}

function checkAnchor(records: readonly AuditRecord[], anchor: ChainAnchor): ChainBreak | undefined {
  const position = records.findIndex((record) => record.seq === anchor.seq);
  const found = records[position];
  if (!found)
    return {
      position: records.length,
      seq: anchor.seq,
      reason: "truncated",
      message: `record ${anchor.seq}, the anchored head, is gone: the log ends at ${records.at(-1)?.seq ?? "nothing"}`,
    };
  if (found.hash !== anchor.hash)
    return {
      position,
      seq: anchor.seq,
      reason: "edited",
      message: `record ${anchor.seq} (position ${position + 1}): its hash is not the anchored one; the log was rewritten up to here`,
    };
  return undefined;
}

const headOf = (records: readonly AuditRecord[]): ChainAnchor | null => {
  const last = records.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : null;
};

const failed = (records: readonly AuditRecord[], problem: ChainBreak): ChainVerification => ({
  ok: false,
  count: records.length,
  head: headOf(records),
  problem,
});
