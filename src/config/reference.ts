import { z } from "zod";
import { NAME_PATTERN } from "./document.js";
import type { KindDefinition, KindRegistry } from "./kinds.js";

/** The parts of JSON Schema that zod emits for our schemas. */
interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}

interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  defaultValue?: unknown;
  constraints: string[];
  description: string;
}

const GENERATED_NOTE =
  "<!-- Generated from the schemas by src/config/reference.ts: edit those, then run `UPDATE_REFERENCE=1 npx vitest run src/config/reference.test.ts`. -->";

export function referenceFileName(kind: KindDefinition): string {
  return `${kind.kind.toLowerCase()}.md`;
}

const code = (text: string) => `\`${text}\``;
const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
const formatValue = (value: unknown) => code(typeof value === "string" ? value : JSON.stringify(value));

/** An OpenSLO object written inside another (an SLO's inline SLI): linked, not expanded again. */
function findInlineKind(schema: JsonSchema): string | undefined {
  const properties = schema.properties;
  const kind = properties?.kind?.const;
  return typeof kind === "string" && properties?.metadata && properties.spec ? kind : undefined;
}

const alternativesOf = (schema: JsonSchema) => schema.anyOf ?? schema.oneOf;

function describeType(schema: JsonSchema): string {
  const inlineKind = findInlineKind(schema);
  if (inlineKind) return `inline [${inlineKind}](${inlineKind.toLowerCase()}.md)`;
  const alternatives = alternativesOf(schema);
  if (alternatives) return [...new Set(alternatives.map(describeType))].join(" or ");
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : schema.type;
  if (type === "array") return schema.items ? `list of ${describeType(schema.items)}` : "list";
  if (type === "object") {
    if (schema.properties) return "object";
    if (typeof schema.additionalProperties === "object") return `map of ${describeType(schema.additionalProperties)}`;
    return "map";
  }
  return type ?? "any";
}

function describeConstraints(schema: JsonSchema): string[] {
  const constraints: string[] = [];
  if (schema.const !== undefined) constraints.push(`always ${formatValue(schema.const)}`);
  if (schema.enum) constraints.push(`one of ${schema.enum.map(formatValue).join(", ")}`);
  if (schema.minimum !== undefined) constraints.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) constraints.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined) constraints.push(`≤ ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) constraints.push(`< ${schema.exclusiveMaximum}`);
  if (schema.minLength === 1) constraints.push("not empty");
  else if (schema.minLength !== undefined) constraints.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) constraints.push(`at most ${schema.maxLength} characters`);
  if (schema.minItems !== undefined && schema.minItems === schema.maxItems)
    constraints.push(`exactly ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}`);
  else {
    if (schema.minItems !== undefined)
      constraints.push(`at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}`);
    if (schema.maxItems !== undefined) constraints.push(`at most ${schema.maxItems} items`);
  }
  if (schema.pattern === NAME_PATTERN.source) constraints.push("an object name");
  else if (schema.pattern !== undefined) constraints.push(`matches ${code(schema.pattern)}`);
  if (schema.format !== undefined) constraints.push(`format ${schema.format}`);
  if (schema.propertyNames?.pattern !== undefined) constraints.push(`keys match ${code(schema.propertyNames.pattern)}`);
  const alternatives = alternativesOf(schema);
  if (alternatives && !alternatives.some((option) => option.properties)) {
    for (const option of alternatives) {
      const inner = describeConstraints(option);
      if (inner.length) constraints.push(`${describeType(option)}: ${inner.join(", ")}`);
    }
  }
  return constraints;
}

/** For a union of objects told apart by a fixed field (Monitor `type: http`), that field's value. */
function describeForm(option: JsonSchema, siblings: JsonSchema[]): string | undefined {
  if (siblings.length < 2) return undefined;
  const entry = Object.entries(option.properties ?? {}).find(([, property]) => property.const !== undefined);
  return entry ? `only with ${code(`${entry[0]}: ${String(entry[1].const)}`)}` : undefined;
}

function collectRows(schema: JsonSchema, path: string, required: boolean, rows: FieldRow[], form?: string): void {
  if (path) {
    rows.push({
      path,
      type: describeType(schema),
      required,
      defaultValue: schema.default,
      constraints: [...(form ? [form] : []), ...describeConstraints(schema)],
      description: schema.description ?? "",
    });
  }
  if (path && findInlineKind(schema)) return;
  const prefix = path ? `${path}.` : "";
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    collectRows(property, `${prefix}${key}`, schema.required?.includes(key) ?? false, rows, form);
  }
  if (schema.items) collectItemRows(schema.items, `${path}[]`, rows, form);
  const alternatives = alternativesOf(schema);
  for (const option of alternatives ?? []) {
    if (!option.properties) continue;
    const optionForm = describeForm(option, alternatives ?? []) ?? form;
    for (const [key, property] of Object.entries(option.properties)) {
      collectRows(property, `${prefix}${key}`, option.required?.includes(key) ?? false, rows, optionForm);
    }
  }
}

/** Items of a list get rows only where they have fields of their own (or are inline objects). */
function collectItemRows(items: JsonSchema, path: string, rows: FieldRow[], form?: string): void {
  const options = alternativesOf(items) ?? [items];
  for (const option of options) {
    const inlineKind = findInlineKind(option);
    if (inlineKind) {
      const description = `Instead of a reference, a whole ${inlineKind} (metadata and spec; apiVersion and kind may be left out).`;
      rows.push({ path, type: describeType(option), required: false, constraints: form ? [form] : [], description });
    } else if (option.properties) {
      for (const [key, property] of Object.entries(option.properties)) {
        collectRows(property, `${path}.${key}`, option.required?.includes(key) ?? false, rows, form);
      }
    }
  }
}

function renderFieldTable(rows: FieldRow[]): string {
  const lines = ["| Field | Type | Required | Default | Constraints | Description |", "|---|---|---|---|---|---|"];
  for (const row of rows) {
    const defaultText = row.defaultValue === undefined ? "" : formatValue(row.defaultValue);
    lines.push(
      `| ${code(row.path)} | ${cell(row.type)} | ${row.required ? "yes" : ""} | ${cell(defaultText)} | ${cell(row.constraints.join("; "))} | ${cell(row.description).replaceAll("<", "&lt;")} |`,
    );
  }
  return lines.join("\n");
}

/** The reference page of one kind: summary, example and a table of every field. */
export function renderReference(kind: KindDefinition): string {
  const schema = z.toJSONSchema(kind.schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const rows: FieldRow[] = [];
  collectRows(schema, "", true, rows);
  const names = [kind.plural, ...kind.aliases].map(code).join(", ");
  return `# ${kind.kind}

${GENERATED_NOTE}

${kind.summary}

\`apiVersion: ${kind.apiVersion}\`, \`kind: ${kind.kind}\`; on the command line also ${names}.

## Example

\`\`\`yaml
${kind.example.trimEnd()}
\`\`\`

## Fields

"Required" is relative to the parent: a required field of an optional mapping is needed only when
that mapping is given. Rules that tie several fields together are stated in the descriptions.

${renderFieldTable(rows)}
`;
}

/** `docs/reference/README.md`: every kind with its apiVersion and summary. */
export function renderReferenceIndex(kinds: KindRegistry): string {
  const rows = kinds.all.map(
    (kind) => `| [${kind.kind}](${referenceFileName(kind)}) | \`${kind.apiVersion}\` | ${cell(kind.summary)} |`,
  );
  return `# Reference

${GENERATED_NOTE}

Every object Nines manages is a YAML document with \`apiVersion\`, \`kind\`, \`metadata\` and \`spec\`.
The OpenSLO kinds (\`openslo/v1\`) follow the [OpenSLO v1 specification](https://github.com/OpenSLO/OpenSLO),
so existing OpenSLO files load unchanged. In any string value, \`\${NAME}\` and \`\${NAME:-default}\` are
replaced from the environment when files are loaded; write \`$\${\` for a literal \`\${\`. Inside a flow
mapping (\`{ ... }\`) quote such a value, since YAML reads \`{\` there as the start of a mapping.

Objects name each other (an SLO its \`service\` and \`indicatorRef\`, an SLI its \`metricSourceRef\` ...):
a name that leads nowhere is an error, and an object that others still name can't be deleted. See
[Configuration files](../config.md) for where references are resolved.

| Kind | apiVersion | What it is |
|---|---|---|
${rows.join("\n")}
`;
}
