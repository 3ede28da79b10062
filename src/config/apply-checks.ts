import { type Issue, invalid } from "../core/errors.js";
import type { NinesDocument } from "./document.js";
import type { ApplyContext, KindRegistry } from "./kinds.js";

/**
 * The second half of validation, on the server only: each kind's `checkOnApply` (the files a spec
 * names, for one), so a mistake is a 400 naming the field, as schema errors are, and nothing is
 * written. Runs before the transaction: reading files must not hold it open.
 */
export async function rejectFailedApplyChecks(
  kinds: KindRegistry,
  documents: readonly NinesDocument[],
  context: ApplyContext,
) {
  const issues: Issue[] = [];
  for (const [index, document] of documents.entries()) {
    const found = (await kinds.get(document.kind)?.checkOnApply?.(document.spec, context)) ?? [];
    issues.push(...found.map((issue) => ({ ...issue, document: index })));
  }
  if (issues.length === 0) return;
  const first = issues[0] as Issue;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  throw invalid(
    `${documents[first.document ?? 0]?.kind} "${documents[first.document ?? 0]?.metadata.name}": ${first.path}: ${first.message}${more}`,
    issues,
  );
}
