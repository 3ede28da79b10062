import type { NinesDocument } from "./document.js";
import type { KindRegistry } from "./kinds.js";
import { type StoredObject, toDocument } from "./objects.js";
import type { FieldChange, Plan, PlannedChange } from "./views.js";

export interface PlanOptions {
  /** Delete stored objects, of the kinds present in `desired`, that `desired` does not name. */
  prune?: boolean;
}

const key = (kind: string, name: string) => `${kind}/${name}`;

/** What applying `desired` on top of `current` would create, change and delete. Pure. */
export function computePlan(
  kinds: KindRegistry,
  current: readonly StoredObject[],
  desired: readonly NinesDocument[],
  options: PlanOptions = {},
): Plan {
  const stored = new Map(current.map((object) => [key(object.kind, object.metadata.name), object]));
  const named = new Set<string>();
  const changes: PlannedChange[] = [];

  for (const document of desired) {
    const id = key(document.kind, document.metadata.name);
    named.add(id);
    const existing = stored.get(id);
    const base = { apiVersion: document.apiVersion, kind: document.kind, name: document.metadata.name };
    if (!existing) {
      changes.push({ action: "create", ...base });
      continue;
    }
    const fields = diffValues(toDocument(existing, kinds), document, "");
    changes.push(fields.length ? { action: "change", ...base, fields } : { action: "unchanged", ...base });
  }

  if (options.prune) {
    const kinds = new Set(desired.map((document) => document.kind));
    for (const object of current) {
      if (kinds.has(object.kind) && !named.has(key(object.kind, object.metadata.name))) {
        changes.push({
          action: "delete",
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: object.metadata.name,
        });
      }
    }
  }

  changes.sort((a, b) => kinds.rank(a.kind) - kinds.rank(b.kind) || a.name.localeCompare(b.name));
  return { changes, summary: summarize(changes), applied: false };
}

export function summarize(changes: readonly PlannedChange[]): Plan["summary"] {
  const summary = { create: 0, change: 0, delete: 0, unchanged: 0 };
  for (const change of changes) summary[change.action]++;
  return summary;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const escapePointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/** Field-level differences as JSON pointers; lists that differ are reported whole. */
export function diffValues(before: unknown, after: unknown, path: string): FieldChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((name) => diffValues(before[name], after[name], `${path}/${escapePointer(name)}`));
  }
  if (canonicalJson(before) === canonicalJson(after)) return [];
  const change: FieldChange = { path: path || "/" };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}

/** JSON with object keys sorted, so equal documents compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) =>
      isRecord(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : inner,
    ) ?? "undefined"
  );
}
