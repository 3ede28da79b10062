import type { Document } from "./api.js";
import {
  type FieldDefinition,
  fieldsOf,
  findType,
  MANAGED_KEYS,
  MONITOR_TYPES,
  type MonitorType,
  PAUSED_KEY,
  SHARED_KEYS,
} from "./monitor-fields.js";

/** The form's state: inputs as typed, so half-typed values survive until the server judges them. */
export interface MonitorFormValues {
  name: string;
  displayName: string;
  type: MonitorType;
  paused: boolean;
  /** Input text by spec key, shared across types (switching http → tcp → http keeps the URL). */
  fields: Record<string, string>;
}

export function newMonitorValues(type: MonitorType = "http"): MonitorFormValues {
  return withInitialFields({ name: "", displayName: "", type, paused: false, fields: {} });
}

/** Fills the empty fields of the current type that have a starting value. */
export function withInitialFields(values: MonitorFormValues): MonitorFormValues {
  const type = findType(values.type);
  if (!type) return values;
  const fields = { ...values.fields };
  for (const field of fieldsOf(type)) if (!fields[field.key] && field.initial) fields[field.key] = field.initial;
  return { ...values, fields };
}

/** A stored document as form values; fields the form does not show stay in the document. */
export function valuesFromDocument(document: Document): MonitorFormValues {
  const spec = document.spec;
  const type = (findType(String(spec.type))?.value ?? MONITOR_TYPES[0]!.value) as MonitorType;
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === "type" || key === PAUSED_KEY || !MANAGED_KEYS.has(key)) continue;
    fields[key] = Array.isArray(value) ? value.join(", ") : value === null || value === undefined ? "" : String(value);
  }
  return {
    name: document.metadata.name,
    displayName: document.metadata.displayName ?? "",
    type,
    paused: spec[PAUSED_KEY] === true,
    fields,
  };
}

/**
 * The document that Save applies: `base` (the stored object when editing) with the form's fields
 * written over it. Empty inputs are left out, so the server's defaults apply as they do in YAML.
 */
export function buildDocument(values: MonitorFormValues, base?: Document): Document {
  const type = findType(values.type) ?? MONITOR_TYPES[0]!;
  const spec: Record<string, unknown> = { type: type.value };
  for (const field of fieldsOf(type)) {
    const value = toSpecValue(field, values.fields[field.key] ?? "");
    if (value !== undefined) spec[field.key] = value;
  }
  // Resuming writes `paused: false` where the stored object had the key, so the change shows in the plan.
  if (values.paused) spec[PAUSED_KEY] = true;
  else if (base && PAUSED_KEY in base.spec) spec[PAUSED_KEY] = false;
  const sameType = base?.spec.type === type.value;
  for (const [key, value] of Object.entries(base?.spec ?? {})) {
    if (MANAGED_KEYS.has(key)) continue;
    if (sameType || SHARED_KEYS.has(key)) spec[key] = value;
  }

  const metadata: Document["metadata"] = { ...base?.metadata, name: values.name.trim() };
  const displayName = values.displayName.trim();
  if (displayName) metadata.displayName = displayName;
  else delete metadata.displayName;
  // The loaded generation goes back with the edit, so the server refuses it (409) if someone else
  // changed the monitor meanwhile; under a new name it is a new object with no version yet.
  if (base && metadata.name !== base.metadata.name) delete metadata.generation;
  return { apiVersion: base?.apiVersion ?? "nines/v1", kind: "Monitor", metadata, spec };
}

export function toSpecValue(field: FieldDefinition, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  switch (field.input) {
    case "integer":
      // Anything else goes to the server as typed, which says what it expected.
      return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    case "status-list":
      return trimmed
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    default:
      return trimmed;
  }
}

/** The form field an issue's JSON pointer points into: `/spec/expectedStatus/0` → `spec.expectedStatus`. */
export function fieldOfIssue(path: string): string | undefined {
  const [section, key] = path
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (!section || !key) return undefined;
  return `${section}.${key}`;
}
