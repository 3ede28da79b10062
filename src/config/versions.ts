import { conflict } from "../core/errors.js";
import type { NinesDocument } from "./document.js";
import type { KindRegistry } from "./kinds.js";
import { type StoredObject, toDocument } from "./objects.js";

/**
 * Optimistic concurrency: answers carry `metadata.generation`, and a document applied with one is
 * an edit of that version. Nothing stores it in the document itself: export round-trips without it.
 */
export function toVersionedDocument(object: StoredObject, kinds: KindRegistry): NinesDocument<Record<string, unknown>> {
  const document = toDocument(object, kinds);
  return { ...document, metadata: { ...document.metadata, generation: object.generation } };
}

/** The documents without `metadata.generation`, and the generations they expect, by `kind/name`. */
export function takeExpectedGenerations(documents: readonly NinesDocument[]): {
  documents: NinesDocument[];
  expected: Map<string, number>;
} {
  const expected = new Map<string, number>();
  const bare = documents.map((document) => {
    const { generation, ...metadata } = document.metadata;
    if (generation === undefined) return document;
    expected.set(`${document.kind}/${metadata.name}`, generation);
    return { ...document, metadata };
  });
  return { documents: bare, expected };
}

/** A Conflict for each expectation the stored objects no longer meet; the first one is thrown. */
export function checkExpectedGenerations(
  expected: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, StoredObject>,
): void {
  for (const [id, generation] of expected) {
    const found = current.get(id)?.generation;
    if (found !== generation) throw staleVersion(id, generation, found);
  }
}

/** The message people see when someone else got there first, in the UI too. */
export function staleVersion(id: string, expected: number, found: number | undefined) {
  const now = found === undefined ? "it has been deleted since" : `it is now at generation ${found}`;
  return conflict(`${id} was changed by someone else: you sent generation ${expected}, ${now}; reload and try again`);
}
