import { Document } from "yaml";
import type { NinesDocument } from "./document.js";

const METADATA_ORDER = ["name", "displayName", "labels", "annotations"];

function compareDocuments(kindOrder: readonly string[], a: NinesDocument, b: NinesDocument): number {
  const rankKind = (kind: string) => {
    const index = kindOrder.indexOf(kind);
    return index === -1 ? kindOrder.length : index;
  };
  return (
    rankKind(a.kind) - rankKind(b.kind) ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
    (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0)
  );
}

function orderKeys(value: Record<string, unknown>, first: readonly string[]): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of first) if (value[key] !== undefined) ordered[key] = value[key];
  for (const [key, item] of Object.entries(value)) if (!(key in ordered) && item !== undefined) ordered[key] = item;
  return ordered;
}

/** Loading expands `${NAME}`, so literal `${` in a value is written as `$${` to survive the round trip. */
function escapeReferences(value: unknown): unknown {
  // A function, because in a replacement string "$$" would mean a single "$".
  if (typeof value === "string") return value.replaceAll("${", () => "$${");
  if (Array.isArray(value)) return value.map(escapeReferences);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeReferences(item)]));
  }
  return value;
}

/** One document as YAML, as `export` writes it: the UI shows a document it edits in the same words. */
export function renderDocument(document: NinesDocument): string {
  const ordered = {
    apiVersion: document.apiVersion,
    kind: document.kind,
    metadata: orderKeys(document.metadata as unknown as Record<string, unknown>, METADATA_ORDER),
    spec: document.spec ?? {},
  };
  // Spec keys keep the order they come in: validated documents have the schema's order.
  return new Document(escapeReferences(ordered), { aliasDuplicateObjects: false }).toString({ lineWidth: 0 });
}

/**
 * Multi-document YAML, ordered by kind (in `kindOrder`, the registry's names; other kinds after
 * them by name) then name, that loads back to the same documents; exporting what was loaded gives
 * the same text byte for byte. The kinds come as names, not the registry, because this file runs
 * in the browser too, where the schemas behind the registry are not wanted.
 */
export function toYaml(documents: readonly NinesDocument[], kindOrder: readonly string[] = []): string {
  return [...documents]
    .sort((a, b) => compareDocuments(kindOrder, a, b))
    .map(renderDocument)
    .join("---\n");
}
