/**
 * The Monitor fields the form edits, by check type, named exactly as in the server's schemas
 * (src/probes/specs/*.ts); placeholders show the schema's defaults. This is the one place that maps form inputs to `spec` keys: when a
 * schema renames or adds a field, change it here. Fields the form does not know are kept as they
 * are stored, so editing in the UI never loses what a YAML file declared.
 */
export type MonitorType = "http" | "tcp" | "dns" | "tls" | "heartbeat";

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
  placeholder?: string;
  description?: string;
  options?: readonly string[];
  /** What a new monitor starts with; left out, the field starts empty (the server's default applies). */
  initial?: string;
}

export interface TypeDefinition {
  value: MonitorType;
  label: string;
  summary: string;
  /** Checks that Nines runs on a schedule have an interval and a timeout; a heartbeat waits to be pinged. */
  scheduled: boolean;
  /** Placeholders of shared fields whose default differs for this type. */
  defaults?: Readonly<Record<string, string>>;
  fields: readonly FieldDefinition[];
}

export const MONITOR_TYPES: readonly TypeDefinition[] = [
  {
    value: "http",
    label: "HTTP",
    summary: "Sends a request and checks the status, body and response time.",
    scheduled: true,
    fields: [
      { key: "url", label: "URL", input: "text", required: true, placeholder: "https://shop.example/health" },
      {
        key: "method",
        label: "Method",
        input: "select",
        options: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        initial: "GET",
      },
      {
        key: "expectedStatus",
        label: "Expected status",
        input: "status-list",
        placeholder: "200-399",
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
  },
  {
    value: "tcp",
    label: "TCP",
    summary: "Opens a connection to a host and port.",
    scheduled: true,
    fields: [
      { key: "host", label: "Host", input: "text", required: true, placeholder: "db.internal" },
      { key: "port", label: "Port", input: "integer", required: true, placeholder: "5432" },
    ],
  },
  {
    value: "dns",
    label: "DNS",
    summary: "Resolves a name and checks the answer.",
    scheduled: true,
    fields: [
      { key: "name", label: "Name", input: "text", required: true, placeholder: "shop.example" },
      {
        key: "recordType",
        label: "Record type",
        input: "select",
        options: ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV"],
        initial: "A",
      },
      {
        key: "resolver",
        label: "Resolver",
        input: "text",
        placeholder: "1.1.1.1",
        description: "Empty: the system's resolver.",
      },
    ],
  },
  {
    value: "tls",
    label: "TLS",
    summary: "Checks the certificate chain, host name and days until expiry.",
    scheduled: true,
    fields: [
      { key: "host", label: "Host", input: "text", required: true, placeholder: "shop.example" },
      { key: "port", label: "Port", input: "integer", placeholder: "443" },
      {
        key: "warnDays",
        label: "Warn days",
        input: "integer",
        placeholder: "14",
        description: "Degraded with fewer days to expiry.",
      },
      {
        key: "failDays",
        label: "Fail days",
        input: "integer",
        placeholder: "7",
        description: "Down with fewer days to expiry.",
      },
    ],
  },
  {
    value: "heartbeat",
    label: "Heartbeat",
    summary: "Waits for pings from a cron job or batch run; down when one is late.",
    scheduled: false,
    defaults: { failureThreshold: "1" },
    fields: [
      {
        key: "period",
        label: "Period",
        input: "text",
        required: true,
        placeholder: "5m",
        initial: "5m",
        description: 'How often a ping is expected: "5m", or a cron expression.',
      },
      {
        key: "grace",
        label: "Grace",
        input: "duration",
        placeholder: "1m",
        initial: "1m",
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
  },
];

/** Fields every scheduled type has. */
export const SCHEDULE_FIELDS: readonly FieldDefinition[] = [
  { key: "interval", label: "Interval", input: "duration", placeholder: "60s", initial: "30s" },
  { key: "timeout", label: "Timeout", input: "duration", placeholder: "10s", initial: "5s" },
];

/** How the state follows results; every type has them. */
export const STATE_FIELDS: readonly FieldDefinition[] = [
  {
    key: "failureThreshold",
    label: "Failures before down",
    input: "integer",
    placeholder: "2",
    description: "Consecutive failed checks.",
  },
  {
    key: "recoveryThreshold",
    label: "Successes before up",
    input: "integer",
    placeholder: "1",
    description: "Consecutive good checks.",
  },
];

/** `spec.paused`: a paused monitor keeps its history but runs no checks. */
export const PAUSED_KEY = "paused";

/**
 * Spec keys the form does not edit but every type shares, kept when the type changes; other keys
 * the form does not know belong to the old type and are dropped with it.
 */
export const SHARED_KEYS: ReadonlySet<string> = new Set(["description", "maintenance"]);

export function findType(type: string): TypeDefinition | undefined {
  return MONITOR_TYPES.find((definition) => definition.value === type);
}

/** The fields the form shows for a type, in the order of the form and of the YAML it writes. */
export function fieldsOf(type: TypeDefinition): FieldDefinition[] {
  const state = STATE_FIELDS.map((field) => {
    const placeholder = type.defaults?.[field.key];
    return placeholder ? { ...field, placeholder } : field;
  });
  return [...(type.scheduled ? SCHEDULE_FIELDS : []), ...type.fields, ...state];
}

/** Every spec key the form manages, for any type. */
export const MANAGED_KEYS: ReadonlySet<string> = new Set([
  "type",
  PAUSED_KEY,
  ...SCHEDULE_FIELDS.map((field) => field.key),
  ...STATE_FIELDS.map((field) => field.key),
  ...MONITOR_TYPES.flatMap((type) => type.fields.map((field) => field.key)),
]);
