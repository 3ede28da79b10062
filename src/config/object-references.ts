import type { Issue } from "../core/errors.js";
import { isRecord } from "./describe-value.js";
import type { NinesDocument } from "./document.js";
import type { KindRegistry } from "./kinds.js";
import type { KindReferences, ReferenceField, Resolve } from "./reference-types.js";

export type { KindReferences, ReferenceField, ReferenceProblem, Resolve } from "./reference-types.js";

import { type Locator, toPointer } from "./positions.js";
import { formatSuggestion } from "./suggest.js";
import type { PathSegment } from "./zod-issues.js";

/** The items of a list field, or none: documents arrive validated, yet stay safe to walk. */
export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The references in `holder[key]`: one name, or a list of names each at its index. */
export function namesAt(holder: unknown, key: string, path: PathSegment[], kind: string): ReferenceField[] {
  if (!isRecord(holder)) return [];
  const value = holder[key];
  if (typeof value === "string") return [{ path: [...path, key], kind, name: value }];
  return asList(value).flatMap((name, index) =>
    typeof name === "string" ? [{ path: [...path, key, index], kind, name }] : [],
  );
}

/** A document to check and, when it came from a file, where it is. */
export interface ReferringDocument {
  document: NinesDocument;
  file?: string;
  index?: number;
  locate?: Locator;
}

export interface ObjectKey {
  kind: string;
  name: string;
}

/** One object that names another, as found before deleting the named one. */
export interface Referrer extends ObjectKey {
  path: string;
  target: ObjectKey;
}

const keyOf = (kind: string, name: string) => `${kind}/${name}`;
const referencesOf = (kinds: KindRegistry, kind: string): KindReferences | undefined => kinds.get(kind)?.references;

export function listReferences(kinds: KindRegistry, document: NinesDocument): ReferenceField[] {
  return referencesOf(kinds, document.kind)?.extract(document) ?? [];
}

/** The kinds that `kinds` may name: what to load to resolve their references. */
export function kindsNamedBy(registry: KindRegistry, kinds: Iterable<string>): string[] {
  return [...new Set([...kinds].flatMap((kind) => referencesOf(registry, kind)?.targets ?? []))];
}

/** The kinds that may name one of `kinds`: what to search for referrers before a delete. */
export function kindsNaming(registry: KindRegistry, kinds: Iterable<string>): string[] {
  const wanted = new Set(kinds);
  return registry.names().filter((kind) => referencesOf(registry, kind)?.targets.some((target) => wanted.has(target)));
}

export interface CheckReferencesOptions {
  /** Objects that exist besides the documents checked; a checked document replaces its stored self. */
  existing?: readonly NinesDocument[];
  /** How a missing object is described: "does not exist", or "is not in the files given" offline. */
  missing?: string;
}

/**
 * Dangling references (with the closest name of the right kind as a suggestion) and the rules that
 * need the referenced objects, as issues placed at the referring field.
 */
export function checkReferences(
  kinds: KindRegistry,
  documents: readonly ReferringDocument[],
  { existing = [], missing = "does not exist" }: CheckReferencesOptions = {},
): Issue[] {
  const world = new Map<string, NinesDocument>();
  for (const document of existing) world.set(keyOf(document.kind, document.metadata.name), document);
  for (const { document } of documents) world.set(keyOf(document.kind, document.metadata.name), document);
  const namesOf = (kind: string) =>
    [...world.values()].filter((document) => document.kind === kind).map((document) => document.metadata.name);
  const resolve: Resolve = (kind, name) => world.get(keyOf(kind, name));

  const issues: Issue[] = [];
  for (const referring of documents) {
    const place = (path: PathSegment[], message: string): Issue => {
      const position = referring.locate?.(path, "value");
      return {
        message,
        path: toPointer(path),
        ...(referring.file !== undefined && { file: referring.file }),
        ...(position && { line: position.line, column: position.column }),
        ...(referring.index !== undefined && { document: referring.index }),
      };
    };
    for (const field of listReferences(kinds, referring.document)) {
      if (resolve(field.kind, field.name)) continue;
      const suggestion = formatSuggestion(field.name, namesOf(field.kind), 3);
      issues.push(place(field.path, `${field.kind} "${field.name}" ${missing}${suggestion}`));
    }
    const rules = referencesOf(kinds, referring.document.kind)?.check;
    for (const problem of rules?.(referring.document, resolve) ?? []) issues.push(place(problem.path, problem.message));
  }
  return issues;
}

/** The objects among `candidates` that name one of `targets`; candidates that are targets too don't count. */
export function findReferrers(
  kinds: KindRegistry,
  targets: readonly ObjectKey[],
  candidates: readonly NinesDocument[],
): Referrer[] {
  const wanted = new Set(targets.map((target) => keyOf(target.kind, target.name)));
  return candidates
    .filter((candidate) => !wanted.has(keyOf(candidate.kind, candidate.metadata.name)))
    .flatMap((candidate) =>
      listReferences(kinds, candidate)
        .filter((field) => wanted.has(keyOf(field.kind, field.name)))
        .map((field) => ({
          kind: candidate.kind,
          name: candidate.metadata.name,
          path: toPointer(field.path),
          target: { kind: field.kind, name: field.name },
        })),
    );
}

/** `SLI "a" is still named by SLO "b" (/spec/indicatorRef) and ...`, one sentence per target. */
export function describeReferrers(referrers: readonly Referrer[]): string {
  const byTarget = new Map<string, Referrer[]>();
  for (const referrer of referrers) {
    const key = `${referrer.target.kind} "${referrer.target.name}"`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), referrer]);
  }
  return [...byTarget]
    .map(
      ([target, list]) =>
        `${target} is still named by ${list.map((referrer) => `${referrer.kind} "${referrer.name}" (${referrer.path})`).join(", ")}`,
    )
    .join("; ");
}

/**
 * The documents in an order that deletes every referrer before what it names, so deleting them one
 * by one is never refused by a reference among themselves; a cycle keeps its given order.
 */
export function orderForDeletion<T extends NinesDocument>(kinds: KindRegistry, documents: readonly T[]): T[] {
  const remaining = [...documents];
  const ordered: T[] = [];
  while (remaining.length > 0) {
    const named = new Set(
      remaining.flatMap((document) => listReferences(kinds, document).map((field) => keyOf(field.kind, field.name))),
    );
    const free = remaining.filter((document) => !named.has(keyOf(document.kind, document.metadata.name)));
    const next = free.length > 0 ? free : remaining;
    ordered.push(...next);
    for (const document of next) remaining.splice(remaining.indexOf(document), 1);
  }
  return ordered;
}
