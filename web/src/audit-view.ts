import type { AuditRecordView, AuditVerification } from "../../src/client/index.js";

/** How the audit page words a record and a verification; pure, so it is tested without a browser. */

/** "1 → 2", "new → 1", "2 → deleted"; empty for records that change no object. */
export function describeVersions(record: Pick<AuditRecordView, "versionBefore" | "versionAfter">): string {
  const { versionBefore: before, versionAfter: after } = record;
  if (before === null && after === null) return "";
  return `${before ?? "new"} → ${after ?? "deleted"}`;
}

/** "Monitor/checkout", "Token/ci", or the kind or name alone. */
export function describeObject(record: Pick<AuditRecordView, "kind" | "name">): string {
  return [record.kind, record.name].filter(Boolean).join("/");
}

export interface VerificationSummary {
  ok: boolean;
  title: string;
  detail: string;
}

export function summarizeVerification(result: AuditVerification): VerificationSummary {
  const records = `${result.count.toLocaleString()} record${result.count === 1 ? "" : "s"}`;
  const head = result.head ? `Head ${result.head.seq}:${result.head.hash}` : "The log is empty.";
  if (result.ok || !result.problem)
    return {
      ok: true,
      title: `Chain intact: ${records}`,
      detail: `${head} Note it outside Nines: \`nines audit verify --anchor\` with it later also proves nothing was removed from the end.`,
    };
  return {
    ok: false,
    title: `Chain broken at record ${result.problem.seq}: ${result.problem.reason}`,
    detail: `${result.problem.message}. ${records} read.`,
  };
}

/** `?page=N` of the audit page, 1 when missing or nonsense. */
export function readAuditPage(search: URLSearchParams): number {
  const page = Number(search.get("page"));
  return Number.isInteger(page) && page > 0 ? page : 1;
}
