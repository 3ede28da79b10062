import { Document, isScalar, Scalar, visit } from "yaml";
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

/**
 * Plain scalars that a YAML 1.1 reader (PyYAML, SnakeYAML, go-yaml v2, older tools) takes for
 * something other than a string, after the type repository at yaml.org/type, with YAML 1.2's
 * `0o` octals and bare exponents added (floats as PyYAML reads them: the repository's `[0-9.]*`
 * would make every IPv4 address a float). The yaml package writes YAML 1.2, where
 * `2026-01-05 00:00:00`, `yes` or `1_000` are plain strings and need no quotes; quoting them keeps
 * the text meaning the same thing to every reader.
 */
const YAML_1_1_TYPED = [
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:~|null|Null|NULL)$/,
  /^[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|0|[1-9][0-9_]*)$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/,
  /^(?:<<|=)$/,
];

export const readsAsNonStringInYaml11 = (text: string) => YAML_1_1_TYPED.some((pattern) => pattern.test(text));

function quoteAmbiguousStrings(yaml: Document): void {
  visit(yaml, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === "string" && readsAsNonStringInYaml11(node.value))
        node.type = Scalar.QUOTE_DOUBLE;
    },
  });
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
  const yaml = new Document(escapeReferences(ordered), { aliasDuplicateObjects: false });
  quoteAmbiguousStrings(yaml);
  return yaml.toString({ lineWidth: 0 });
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
