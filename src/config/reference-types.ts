import type { NinesDocument } from "./document.js";
import type { PathSegment } from "./zod-issues.js";

/** A field of a document that names another object, such as an SLO's `indicatorRef`. */
export interface ReferenceField {
  path: PathSegment[];
  kind: string;
  name: string;
}

/** Finds an object by kind and name among the documents checked and those stored. */
export type Resolve = (kind: string, name: string) => NinesDocument | undefined;

/** A problem found by a rule that needs the objects a document names. */
export interface ReferenceProblem {
  path: PathSegment[];
  message: string;
}

/**
 * What one kind contributes to the checks across documents; a kind that names no other object has
 * none. `targets` lists the kinds it may name, so the server loads only those.
 */
export interface KindReferences {
  targets: readonly string[];
  extract(document: NinesDocument): ReferenceField[];
  /** Rules that depend on what the references lead to, such as the metric of a referenced SLI. */
  check?(document: NinesDocument, resolve: Resolve): ReferenceProblem[];
}
