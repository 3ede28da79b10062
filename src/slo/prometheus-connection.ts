import { z } from "zod";
import { parseDuration } from "../core/duration.js";
import { type Resolved, secretValue } from "../secrets/model.js";

/**
 * The `connectionDetails` of a DataSource of type Prometheus: where its HTTP API is and how to
 * authenticate. Credentials may be references (`{secretRef: {name, key}}`, `{env}`, `{file}`),
 * resolved just before a query, as monitors do.
 */

const MAX_TIMEOUT_MS = 5 * 60_000;

const headerName = z.string().regex(/^[!#$%&'*+.^_\x60|~0-9A-Za-z-]+$/, { error: "expected an HTTP header name" });
const headerValue = z.string({ error: "expected a header value as a string" }).regex(/^[^\r\n\0]*$/, {
  error: "expected a header value on one line",
});

/** Credentials in the URL would be shown wherever the DataSource is; basicAuth takes them, as references. */
const apiUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }).refine(
  (text) => {
    const url = URL.parse(text);
    return !url || (url.username === "" && url.password === "");
  },
  { error: "expected a URL without user:password@; give them in basicAuth {username, password}" },
);

const timeout = z.string().superRefine((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1000 || ms > MAX_TIMEOUT_MS)
    ctx.addIssue({ code: "custom", message: `expected a timeout from 1s to 5m such as "10s", got "${text}"` });
});

export const prometheusConnection = z
  .strictObject({
    url: apiUrl.describe(
      "The Prometheus (or compatible: Thanos, Mimir, VictoriaMetrics) base URL, such as http://prometheus:9090; /api/v1/... is appended.",
    ),
    headers: z
      .record(headerName, secretValue(headerValue))
      .optional()
      .describe("Extra request headers, such as X-Scope-OrgID; a value may be a reference."),
    bearerToken: secretValue(headerValue.min(1))
      .optional()
      .describe(
        "Sent as `Authorization: Bearer <token>`; a reference such as `{secretRef: {name: prom, key: token}}`.",
      ),
    basicAuth: z
      .strictObject({
        username: z.string().regex(/^[^:\r\n\0]*$/, { error: "expected a user name without ':' or line breaks" }),
        password: secretValue(headerValue).describe("The password, or a reference to it."),
      })
      .optional()
      .describe("HTTP Basic authentication: `{username, password}`."),
    timeout: timeout.default("10s").describe("How long one API request may take, 1s to 5m."),
  })
  .refine((connection) => !(connection.bearerToken !== undefined && connection.basicAuth !== undefined), {
    error: "expected bearerToken or basicAuth, not both",
  });

export type PrometheusConnection = z.infer<typeof prometheusConnection>;
export type ResolvedPrometheusConnection = Resolved<PrometheusConnection>;

export type ParsedPrometheusConnection = { ok: true; connection: PrometheusConnection } | { ok: false; error: string };

/** Reads a DataSource's connectionDetails, or says which field is wrong and what was expected. */
export function parsePrometheusConnection(details: unknown): ParsedPrometheusConnection {
  const parsed = prometheusConnection.safeParse(details);
  if (parsed.success) return { ok: true, connection: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const where = ["connectionDetails", ...issue.path.map(String)].join(".");
    // A bad header name is an issue about the key; its own message says what a name must be.
    const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return `${where}: ${message}`;
  });
  return { ok: false, error: `invalid Prometheus connection: ${problems.join("; ")}` };
}

/** The request headers a resolved connection sends with every API call. */
export function connectionHeaders(connection: ResolvedPrometheusConnection): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(connection.headers ?? {})) headers[name.toLowerCase()] = value;
  if (connection.bearerToken !== undefined) headers.authorization = `Bearer ${connection.bearerToken}`;
  if (connection.basicAuth) {
    const { username, password } = connection.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
  }
  return headers;
}

/** The request timeout in ms; the schema's default when the connection was built by hand. */
export const connectionTimeoutMs = (connection: { timeout?: string | undefined }) =>
  parseDuration(connection.timeout ?? "10s") ?? 10_000;
