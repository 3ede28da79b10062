import type { Issue } from "../core/errors.js";
import { describeValue, isRecord, listChoices } from "./describe-value.js";
import type { NinesDocument } from "./document.js";
import type { KindDefinition, KindRegistry } from "./kinds.js";
import { type Locator, toPointer } from "./positions.js";
import { formatSuggestion } from "./suggest.js";
import { describeRawIssue, explainZodIssues, type FoundIssue, type PathSegment } from "./zod-issues.js";

export interface CheckedDocument {
  /** The parsed document with defaults applied; absent when there were issues. */
  document?: NinesDocument;
  issues: Issue[];
}

function checkKindFields(
  value: Record<string, unknown>,
  kinds: KindRegistry,
): { found: FoundIssue[]; definition?: KindDefinition } {
  const { apiVersion, kind } = value;
  const found: FoundIssue[] = [];
  const definition = typeof kind === "string" ? kinds.get(kind) : undefined;
  const kindNames = () => kinds.names().join(", ");
  const API_VERSIONS = kinds.apiVersions();
  if (kind === undefined) {
    found.push({
      path: ["kind"],
      at: "value",
      message: `missing required field "kind": expected one of ${kindNames()}`,
    });
  } else if (!definition) {
    const suggestion = typeof kind === "string" ? formatSuggestion(kind, kinds.names()) : "";
    found.push({
      path: ["kind"],
      at: "value",
      message: `unknown kind ${describeValue(kind)}: expected one of ${kindNames()}${suggestion}`,
    });
  }
  if (definition) {
    if (apiVersion === undefined) {
      found.push({
        path: ["apiVersion"],
        at: "value",
        message: `missing required field "apiVersion": expected "${definition.apiVersion}" for kind ${definition.kind}`,
      });
    } else if (apiVersion !== definition.apiVersion) {
      found.push({
        path: ["apiVersion"],
        at: "value",
        message: `expected apiVersion "${definition.apiVersion}" for kind ${definition.kind}, got ${describeValue(apiVersion)}`,
      });
    }
  } else if (apiVersion === undefined) {
    found.push({
      path: ["apiVersion"],
      at: "value",
      message: `missing required field "apiVersion": expected ${listChoices(API_VERSIONS)}`,
    });
  } else if (!API_VERSIONS.includes(String(apiVersion))) {
    found.push({
      path: ["apiVersion"],
      at: "value",
      message: `unknown apiVersion ${describeValue(apiVersion)}: expected ${listChoices(API_VERSIONS)}`,
    });
  }
  return definition ? { found, definition } : { found };
}

/**
 * Validates one document of any kind. Every problem is reported, not just the first: a wrong
 * apiVersion still lets the spec be checked against the kind's schema.
 */
export function checkDocument(value: unknown, kinds: KindRegistry, locate?: Locator): CheckedDocument {
  const place = (found: FoundIssue): Issue => {
    const position = locate?.(found.path, found.at);
    return {
      message: found.message,
      path: toPointer(found.path),
      ...(position && { line: position.line, column: position.column }),
    };
  };
  if (!isRecord(value)) {
    const message = `expected a document (a mapping with apiVersion, kind, metadata and spec), got ${describeValue(value)}`;
    return { issues: [place({ path: [], at: "value", message })] };
  }
  const { found, definition } = checkKindFields(value, kinds);
  if (!definition) return { issues: found.map(place) };
  const result = definition.schema.safeParse(value, { error: describeRawIssue });
  if (result.success && found.length === 0) return { document: result.data as NinesDocument, issues: [] };
  const schemaIssues = result.success ? [] : explainZodIssues(result.error.issues, value, definition.schema);
  const isApiVersion = (path: PathSegment[]) => path.length === 1 && path[0] === "apiVersion";
  return { issues: [...found, ...schemaIssues.filter((issue) => !isApiVersion(issue.path))].map(place) };
}
