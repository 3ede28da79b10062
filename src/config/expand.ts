import { type Document, isMap, isScalar, isSeq, type Scalar } from "yaml";
import type { PathSegment } from "./zod-issues.js";

export type Environment = Record<string, string | undefined>;

export interface ExpansionProblem {
  path: PathSegment[];
  node: Scalar;
  message: string;
}

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

/**
 * Replaces `${NAME}` and `${NAME:-default}` (the default also stands in for an empty value, as in
 * the shell); `$${` is a literal `${`.
 */
export function expandText(text: string, env: Environment): { text: string; problems: string[] } {
  let expanded = "";
  const problems: string[] = [];
  let index = 0;
  while (index < text.length) {
    if (text.startsWith("$${", index)) {
      expanded += "${";
      index += 3;
    } else if (text.startsWith("${", index)) {
      const end = text.indexOf("}", index + 2);
      if (end < 0) {
        problems.push('expected "}" to close "${"; write "$${" for a literal "${"');
        return { text, problems };
      }
      const inner = text.slice(index + 2, end);
      const match = REFERENCE.exec(inner);
      if (!match) {
        problems.push(`expected \${NAME} or \${NAME:-default}, got "\${${inner}}"; write "$\${" for a literal "\${"`);
      } else {
        const [, name, fallback] = match as unknown as [string, string, string | undefined];
        const value = env[name];
        if (value !== undefined && (value !== "" || fallback === undefined)) expanded += value;
        else if (fallback !== undefined) expanded += fallback;
        else
          problems.push(
            `environment variable "${name}" is not set; set it, or give a default with \${${name}:-default}`,
          );
      }
      index = end + 1;
    } else {
      expanded += text[index];
      index += 1;
    }
  }
  return { text: expanded, problems };
}

const NUMBER = /^[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?$/;
const BOOLEAN = /^(?:true|True|TRUE|false|False|FALSE)$/;

/** An unquoted `${N}` should read as YAML would read the value typed in its place. */
function resolvePlain(text: string): string | number | boolean {
  if (NUMBER.test(text)) return Number(text);
  if (BOOLEAN.test(text)) return text.toLowerCase() === "true";
  return text;
}

/** Expands every string scalar in place (keys excepted) and returns what could not be expanded. */
export function expandEnvironment(document: Document, env: Environment): ExpansionProblem[] {
  const problems: ExpansionProblem[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (isMap(node)) {
      for (const pair of node.items)
        visit(pair.value, [...path, String(isScalar(pair.key) ? pair.key.value : pair.key)]);
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) visit(item, [...path, index]);
    } else if (isScalar(node) && typeof node.value === "string" && node.value.includes("${")) {
      const result = expandText(node.value, env);
      for (const message of result.problems) problems.push({ path, node, message });
      if (result.problems.length === 0) node.value = node.type === "PLAIN" ? resolvePlain(result.text) : result.text;
    }
  };
  visit(document.contents, []);
  return problems;
}
