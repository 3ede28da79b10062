import type { z } from "zod";
import { monitorSpec } from "../../src/probes/model.js";
import { type MonitorType, TYPE_LABELS, type TypeLabel } from "./monitor-types.js";

export type { MonitorType };

/**
 * The Monitor fields the form edits, by check type. Their keys, choices and defaults come from the
 * server's schemas (src/probes/specs/*.ts), so the form cannot drift from what `apply` accepts:
 * what is written here is only how a person sees a field (label, input, hint). Fields the form does
 * not know are kept as they are stored, so editing in the UI never loses what a YAML file declared.
 */
export type FieldInput =
  /** free text */
  | "text"
  /** a duration as YAML writes it: 30s, 5m, 1h */
  | "duration"
  /** a whole number, sent as a number */
  | "integer"
  /** one of `options` */
  | "select"
  /** status codes and ranges, "200, 300-399", sent as a list of numbers and strings */
  | "status-list";

export interface FieldDefinition {
  /** The key in `spec`. */
  key: string;
  label: string;
  input: FieldInput;
  required?: boolean;
  /** An example, or the schema's default for a field that has one. */
  placeholder?: string;
  description?: string;
  /** The schema's choices, for a select. */
  options?: readonly string[];
  /** What a new monitor starts with; left out, the field starts empty (the server's default applies). */
  initial?: string;
}

/** How a field looks in the form; `startWithDefault` writes the schema's default into a new monitor. */
interface FieldLook extends Omit<FieldDefinition, "options" | "initial" | "required"> {
  startWithDefault?: boolean;
  /** For a required field without a default: what a new monitor starts with. */
  initial?: string;
}

export interface TypeDefinition extends TypeLabel {
  /** Checks that Nines runs on a schedule have an interval and a timeout; a heartbeat waits to be pinged. */
  scheduled: boolean;
  fields: readonly FieldDefinition[];
  /** The interval, timeout and state fields, as this type's schema has them. */
  shared: readonly FieldDefinition[];
}

const LOOKS: { [Type in MonitorType]: readonly FieldLook[] } = {
  http: [
    { key: "url", label: "URL", input: "text", placeholder: "https://shop.example/health" },
    { key: "method", label: "Method", input: "select", startWithDefault: true },
    {
      key: "expectedStatus",
      label: "Expected status",
      input: "status-list",
      description: 'Codes and ranges: "200, 204" or "200-299".',
    },
    {
      key: "bodyContains",
      label: "Body contains",
      input: "text",
      placeholder: '"status":"ok"',
      description: "Down when the response body lacks this text.",
    },
    {
      key: "degradedAbove",
      label: "Degraded above",
      input: "duration",
      placeholder: "1s",
      description: "A slower response counts as degraded, not up.",
    },
  ],
  tcp: [
    { key: "host", label: "Host", input: "text", placeholder: "db.internal" },
    { key: "port", label: "Port", input: "integer", placeholder: "5432" },
  ],
  dns: [
    { key: "name", label: "Name", input: "text", placeholder: "shop.example" },
    { key: "recordType", label: "Record type", input: "select", startWithDefault: true },
    {
      key: "resolver",
      label: "Resolver",
      input: "text",
      placeholder: "1.1.1.1",
      description: "Empty: the system's resolver.",
    },
  ],
  tls: [
    { key: "host", label: "Host", input: "text", placeholder: "shop.example" },
    { key: "port", label: "Port", input: "integer" },
    { key: "warnDays", label: "Warn days", input: "integer", description: "Degraded with fewer days to expiry." },
    { key: "failDays", label: "Fail days", input: "integer", description: "Down with fewer days to expiry." },
  ],
  heartbeat: [
    {
      key: "period",
      label: "Period",
      input: "text",
      placeholder: "5m",
      initial: "5m",
      description: 'How often a ping is expected: "5m", or a cron expression.',
    },
    {
      key: "grace",
      label: "Grace",
      input: "duration",
      startWithDefault: true,
      description: "How late a ping may be before it counts as missed.",
    },
    {
      key: "timeZone",
      label: "Time zone",
      input: "text",
      placeholder: "UTC",
      description: "For a cron period only, e.g. Europe/Berlin.",
    },
  ],
};

/** Fields every scheduled type has. */
const SCHEDULE_LOOKS: readonly FieldLook[] = [
  { key: "interval", label: "Interval", input: "duration", startWithDefault: true },
  { key: "timeout", label: "Timeout", input: "duration", startWithDefault: true },
];

/** How the state follows results; every type has them, with defaults of its own. */
const STATE_LOOKS: readonly FieldLook[] = [
  {
    key: "failureThreshold",
    label: "Failures before down",
    input: "integer",
    description: "Consecutive failed checks.",
  },
  { key: "recoveryThreshold", label: "Successes before up", input: "integer", description: "Consecutive good checks." },
];

/** `spec.paused`: a paused monitor keeps its history but runs no checks. */
export const PAUSED_KEY = "paused";

/**
 * Spec keys the form does not edit but every type shares, kept when the type changes; other keys
 * the form does not know belong to the old type and are dropped with it.
 */
export const SHARED_KEYS: ReadonlySet<string> = new Set(["description", "maintenance"]);

interface SchemaFacts {
  required: boolean;
  defaultValue?: unknown;
  options?: string[];
}

/** What a field's schema says: whether it may be left out, its default, its choices. */
function readSchema(schema: z.ZodType): SchemaFacts {
  let current = schema;
  let defaultValue: unknown;
  let required = true;
  for (;;) {
    const def = current.def as { type: string; innerType?: z.ZodType; defaultValue?: unknown };
    if (def.type === "default") {
      defaultValue = def.defaultValue;
      required = false;
    } else if (def.type === "optional") required = false;
    else break;
    current = def.innerType as z.ZodType;
  }
  const def = current.def as { type: string; entries?: Record<string, string> };
  return {
    required,
    ...(defaultValue !== undefined && { defaultValue }),
    ...(def.type === "enum" && def.entries && { options: Object.values(def.entries) }),
  };
}

const showDefault = (value: unknown) => (Array.isArray(value) ? value.join(", ") : String(value));

function defineFields(shape: Record<string, z.ZodType>, looks: readonly FieldLook[]): FieldDefinition[] {
  return looks.map(({ startWithDefault, initial, ...look }) => {
    const schema = shape[look.key];
    if (!schema) throw new Error(`the Monitor schema has no field "${look.key}"`);
    const facts = readSchema(schema);
    const shown = facts.defaultValue === undefined ? undefined : showDefault(facts.defaultValue);
    const placeholder = shown ?? look.placeholder;
    const start = startWithDefault ? shown : initial;
    return {
      ...look,
      ...(placeholder !== undefined && { placeholder }),
      ...(facts.required && { required: true }),
      ...(facts.options && { options: facts.options }),
      ...(start !== undefined && { initial: start }),
    };
  });
}

const SHAPES = new Map(
  monitorSpec.options.map((option) => [option.shape.type.value, option.shape as Record<string, z.ZodType>]),
);

export const MONITOR_TYPES: readonly TypeDefinition[] = TYPE_LABELS.map((label) => {
  const shape = SHAPES.get(label.value) ?? {};
  const scheduled = "interval" in shape;
  return {
    ...label,
    scheduled,
    fields: defineFields(shape, LOOKS[label.value]),
    shared: defineFields(shape, [...(scheduled ? SCHEDULE_LOOKS : []), ...STATE_LOOKS]),
  };
});

export function findType(type: string): TypeDefinition | undefined {
  return MONITOR_TYPES.find((definition) => definition.value === type);
}

/** The fields the form shows for a type, in the order of the form and of the YAML it writes. */
export function fieldsOf(type: TypeDefinition): FieldDefinition[] {
  const state = new Set(STATE_LOOKS.map((look) => look.key));
  return [
    ...type.shared.filter((field) => !state.has(field.key)),
    ...type.fields,
    ...type.shared.filter((field) => state.has(field.key)),
  ];
}

/** Every spec key the form manages, for any type. */
export const MANAGED_KEYS: ReadonlySet<string> = new Set([
  "type",
  PAUSED_KEY,
  ...MONITOR_TYPES.flatMap((type) => fieldsOf(type).map((field) => field.key)),
]);
