import path from "node:path";
import type { NinesDocument } from "../config/document.js";
import type { KindReferences } from "../config/object-references.js";
import type { Issue } from "../core/errors.js";
import { isSecretReference, type Resolved, type SecretReference } from "./model.js";

export interface FoundReference {
  reference: SecretReference;
  /** JSON pointer of the field within its document. */
  path: string;
}

const escapePointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/** Every reference in a value, wherever a schema allowed one: one walk covers every kind's fields. */
export function findReferences(value: unknown, at = ""): FoundReference[] {
  if (isSecretReference(value)) return [{ reference: value, path: at }];
  if (Array.isArray(value)) return value.flatMap((item, index) => findReferences(item, `${at}/${index}`));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([key, item]) => findReferences(item, `${at}/${escapePointer(key)}`));
  return [];
}

export const hasReferences = (value: unknown) => findReferences(value).length > 0;

/** A `file:` reference stays under the files directory, whatever `..` it holds. */
export function isInsideDirectory(directory: string, file: string): boolean {
  const relative = path.relative(path.resolve(directory), path.resolve(directory, file));
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/**
 * References that will not resolve, known at apply: a Secret or key that neither the documents
 * nor the store have, a file outside the files directory. `secrets` maps names to their keys.
 */
export function checkReferences(
  documents: readonly NinesDocument[],
  secrets: ReadonlyMap<string, ReadonlySet<string>>,
  filesDir: string | undefined,
): Issue[] {
  return documents.flatMap((document, index) =>
    findReferences(document.spec, "/spec").flatMap(({ reference, path: pointer }): Issue[] => {
      const issue = (message: string): Issue[] => [{ path: pointer, message, document: index }];
      if ("secretRef" in reference) {
        const { name, key } = reference.secretRef;
        const keys = secrets.get(name);
        if (!keys) return issue(`Secret "${name}" does not exist; apply it first or in the same documents`);
        if (!keys.has(key)) return issue(`Secret "${name}" has no key "${key}" (it has: ${[...keys].join(", ")})`);
      }
      if ("file" in reference && (filesDir === undefined || !isInsideDirectory(filesDir, reference.file)))
        return issue(`file "${reference.file}" is not under the files directory (--files-dir)`);
      return [];
    }),
  );
}

/**
 * A spec that holds no reference is already what a check runs with: for callers that build a
 * spec from plain input (`nines probe`, tests). Throws when a reference is left to resolve.
 */
export function assertNoReferences<T>(value: T): Resolved<T> {
  const found = findReferences(value);
  if (found.length) throw new Error(`${found[0]?.path || "the value"} is a secret reference, not resolved here`);
  return value as Resolved<T>;
}

/**
 * The Secrets a document names through `secretRef`, for the checks across documents: applying a
 * reference to a Secret that doesn't exist is refused, and so is deleting a Secret still named.
 */
export const SECRET_REFERENCES: KindReferences = {
  targets: ["Secret"],
  extract: (document) =>
    findReferences(document.spec, "/spec").flatMap(({ reference, path: pointer }) =>
      "secretRef" in reference
        ? [
            {
              path: pointer
                .slice(1)
                .split("/")
                .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~")),
              kind: "Secret",
              name: reference.secretRef.name,
            },
          ]
        : [],
    ),
};
