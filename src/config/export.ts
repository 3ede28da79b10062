import { Document } from "yaml";
import type { NinesDocument } from "./document.js";

/**
 * The order of `KINDS` (a test keeps the two equal). Repeated here because this file runs in the
 * browser too, where the schemas behind `KINDS` are not wanted.
 */
export const KIND_ORDER = [
  "Monitor",
  "Service",
  "SLI",
  "SLO",
  "AlertPolicy",
  "AlertCondition",
  "AlertNotificationTarget",
  "DataSource",
  "Secret",
] as const;

const METADATA_ORDER = ["name", "displayName", "labels", "annotations"];

function rankKind(kind: string): number {
  const index = (KIND_ORDER as readonly string[]).indexOf(kind);
  return index === -1 ? KIND_ORDER.length : index;
}

function compareDocuments(a: NinesDocument, b: NinesDocument): number {
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

function renderDocument(document: NinesDocument): string {
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
 * Multi-document YAML, ordered by kind (as in `KINDS`) then name, that loads back to the same
 * documents; exporting what was loaded gives the same text byte for byte.
 */
export function toYaml(documents: readonly NinesDocument[]): string {
  return [...documents].sort(compareDocuments).map(renderDocument).join("---\n");
}
