import { invalid, NinesError } from "../core/errors.js";
import type { NinesDocument } from "./document.js";
import type { KindRegistry } from "./kinds.js";
import {
  checkReferences,
  describeReferrers,
  findReferrers,
  kindsNamedBy,
  kindsNaming,
  type ObjectKey,
  type ReferringDocument,
} from "./object-references.js";
import { listObjects } from "./objects.js";

type Executor = Parameters<typeof listObjects>[0];

const keyOf = ({ kind, metadata }: NinesDocument) => `${kind}/${metadata.name}`;

/**
 * Refuses a write that would leave a reference dangling: a document naming an object that neither
 * it nor the store has (Invalid, at the referring field), or a delete of an object that a stored
 * object still names (Conflict, naming the referrers). Run inside the write's transaction, so the
 * objects it reads are the ones the write replaces.
 */
export async function guardReferences(
  kinds: KindRegistry,
  db: Executor,
  documents: readonly ReferringDocument[],
  deletions: readonly ObjectKey[] = [],
): Promise<void> {
  const wanted = new Set([
    ...kindsNamedBy(
      kinds,
      documents.map(({ document }) => document.kind),
    ),
    ...kindsNaming(
      kinds,
      deletions.map((deletion) => deletion.kind),
    ),
  ]);
  const stored = await listObjects(db, [...wanted]);

  // Naming an object that this same write deletes is reported as a refused delete below, not as missing.
  const issues = checkReferences(kinds, documents, { existing: stored });
  if (issues.length)
    throw invalid(`${issues.length} problem${issues.length === 1 ? "" : "s"} with references to other objects`, issues);

  if (deletions.length === 0) return;
  const replaced = new Set(documents.map(({ document }) => keyOf(document)));
  const remaining = [
    ...stored.filter((object) => !replaced.has(keyOf(object))),
    ...documents.map(({ document }) => document),
  ];
  const referrers = findReferrers(kinds, deletions, remaining);
  if (referrers.length === 0) return;
  const issuesByReferrer = referrers.map((referrer) => ({
    message: `${referrer.kind} "${referrer.name}" names ${referrer.target.kind} "${referrer.target.name}"`,
    path: referrer.path,
  }));
  throw new NinesError(
    "Conflict",
    `refusing to delete: ${describeReferrers(referrers)}; change or delete ${referrers.length === 1 ? "it" : "them"} first`,
    issuesByReferrer,
  );
}
