import fc from "fast-check";

/**
 * Requests generated from the OpenAPI document: every operation, with path parameters, query
 * strings, bodies, media types and credentials drawn from a mix of plausible and hostile values
 * (wrong types, huge and deeply nested values, unicode, NUL bytes, lone surrogates, broken
 * percent-encoding). Deterministic for a seed, so a failure found in CI replays exactly.
 */
export interface FuzzRequest {
  method: string;
  /** The path as sent, percent-encoding (broken or not) included. */
  url: string;
  /** The operation's path template, for reports. */
  operation: string;
  headers: Record<string, string>;
  payload?: string;
}

interface Operation {
  method: string;
  path: string;
  queryNames: string[];
  /** Media types the operation's body may be sent as; empty without a body. */
  bodyTypes: string[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: unknown }>>;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const content = (operation.requestBody as { content?: Record<string, unknown> } | undefined)?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        queryNames: (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        bodyTypes: content ? Object.keys(content) : [],
      });
    }
  }
  return operations;
}

export interface FuzzContext {
  /** Names of objects that exist, so some requests reach the code behind a successful lookup. */
  names: string[];
  /** Authorization header values: valid tokens of every role, and none. */
  credentials: string[];
}

const HOSTILE_TEXT = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "💥",
  "ä/ö",
  "../../etc/passwd",
  "%",
  "%00",
  "%E0%A4%A",
  "%ZZ",
  "%2e%2e%2f",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a request that tries to expand the server's environment
  "${NINES_SECRET_KEY}",
  "{{7*7}}",
  "'; drop table objects; --",
  "<script>alert(1)</script>",
  "-1",
  "0",
  "1e309",
  "NaN",
  "9007199254740993",
  "true",
  "null",
  "[]",
  "{}",
  "x".repeat(5000),
];

/** A text that may or may not be sensible: printable, full unicode, or one of the hostile ones. */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/) },
);

/** Percent-encodes a text for a URL, except for the broken encodings meant to arrive as they are. */
const encodeSegment = (value: string) => (/^%|%[0-9A-Za-z]{0,2}$/.test(value) ? value : encodeURIComponentLoose(value));

function encodeURIComponentLoose(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be encoded as UTF-8: send its escapes raw, as an attacker would.
    return [...value].map((char) => (/[\ud800-\udfff]/.test(char) ? "%ED%A0%80" : encodeURIComponent(char))).join("");
  }
}

/** Nested arrays or objects of a given depth, built as text so no stack is spent building them. */
const deepJson = fc
  .record({ depth: fc.constantFrom(10, 1000, 100_000), array: fc.boolean() })
  .map(({ depth, array }) =>
    array ? "[".repeat(depth) + "]".repeat(depth) : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
  );

const monitorLike = fc.record(
  {
    apiVersion: fc.oneof(fc.constant("nines/v1"), fc.constant("openslo/v1"), text),
    kind: fc.oneof(fc.constantFrom("Monitor", "Service", "SLO", "SLI", "Secret", "DataSource"), text),
    metadata: fc.oneof(
      fc.record({ name: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), text) }),
      fc.jsonValue({ maxDepth: 3 }),
    ),
    spec: fc.oneof(
      fc.record(
        {
          type: fc.oneof(fc.constantFrom("http", "tcp", "dns", "tls", "heartbeat"), text),
          url: fc.oneof(fc.constantFrom("http://127.0.0.1:1/", "https://shop.example/health"), text),
          host: text,
          port: fc.oneof(fc.integer({ min: -10, max: 70_000 }), text),
          interval: fc.oneof(fc.constantFrom("30s", "1s", "24h", "0s", "-1s"), text),
          bodyMatches: fc.oneof(fc.constantFrom("^(a+)+$", "(?=x)", "\\1", "[", "/ok/i"), text),
          headers: fc.dictionary(text, fc.oneof(text, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 3 }),
          caFile: fc.constantFrom("/dev/zero", "/root/.ssh/id_rsa", "../../etc/passwd", "ca.pem"),
          data: fc.dictionary(text, text, { maxKeys: 3 }),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 3 }),
    ),
  },
  { requiredKeys: [] },
);

const jsonBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record(
        { documents: fc.array(monitorLike, { maxLength: 3 }), prune: fc.boolean() },
        { requiredKeys: ["documents"] },
      )
      .map((value) => JSON.stringify(value)),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: text },
  {
    weight: 1,
    arbitrary: fc.constant(
      JSON.stringify({
        documents: Array.from({ length: 2000 }, (_, i) => ({ kind: "Monitor", metadata: { name: `m${i}` } })),
      }),
    ),
  },
);

const yamlBody = fc.oneof(
  fc.constantFrom(
    "apiVersion: nines/v1\nkind: Monitor\nmetadata: {name: fuzz}\nspec: {type: http, url: 'http://127.0.0.1:1/'}\n",
    "a: &a [*a]\n",
    "x: !!binary AAAA\n",
    "- &a [&b [*a, *b]]\n",
    "key: [unclosed\n",
    "\u0000: \u0000\n",
    `${"- ".repeat(5000)}x\n`,
    "a: b\n---\n: :\n",
  ),
  text,
);

const credential = (credentials: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...credentials) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "Bearer ",
        "Bearer nines_",
        "Bearer nines_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Basic dXNlcjpwYXNz",
        "bearer\u0000x",
        `Bearer ${"x".repeat(10_000)}`,
      ),
    },
    { weight: 1, arbitrary: text.map((value) => `Bearer ${value}`) },
  );

export function fuzzRequests(
  document: OpenApiDocument,
  context: FuzzContext,
  options: { seed: number; runs: number },
): FuzzRequest[] {
  const operations = operationsOf(document);
  const pathValue = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...context.names) },
    { weight: 3, arbitrary: text },
  );
  const request = fc
    .record({
      operation: fc.constantFrom(...operations),
      params: fc.array(pathValue, { minLength: 4, maxLength: 4 }),
      query: fc.array(fc.tuple(fc.oneof(fc.constant(""), text), text), { maxLength: 4 }),
      queryPick: fc.array(fc.nat(), { maxLength: 4 }),
      jsonBody,
      yamlBody,
      mediaType: fc.oneof(
        { weight: 6, arbitrary: fc.constant("default") },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/json; charset=latin1",
            "",
            "multipart/form-data; boundary=x",
            "application/yaml",
          ),
        },
      ),
      authorization: fc.option(credential(context.credentials), { nil: undefined, freq: 5 }),
      wrongMethod: fc.oneof(
        { weight: 20, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom("PATCH", "PUT", "OPTIONS", "DELETE") },
      ),
    })
    .map(({ operation, params, query, queryPick, jsonBody, yamlBody, mediaType, authorization, wrongMethod }) => {
      let index = 0;
      const path = operation.path.replace(/\{[A-Za-z]+\}/g, () => encodeSegment(params[index++] ?? "x"));
      const pairs = [
        ...queryPick.map(
          (pick, i) =>
            [
              operation.queryNames[pick % Math.max(1, operation.queryNames.length)] ?? "q",
              query[i]?.[1] ?? "",
            ] as const,
        ),
        ...query.slice(queryPick.length),
      ];
      const search = pairs.map(([name, value]) => `${encodeSegment(name)}=${encodeSegment(value)}`).join("&");
      const headers: Record<string, string> = {};
      if (authorization !== undefined) headers.authorization = authorization;
      let payload: string | undefined;
      const method = wrongMethod ?? operation.method;
      if (operation.bodyTypes.length > 0 || method !== "GET") {
        const yaml =
          mediaType === "application/yaml" ||
          (mediaType === "default" && operation.bodyTypes.includes("application/yaml") && queryPick.length % 2 === 1);
        payload = yaml ? yamlBody : jsonBody;
        headers["content-type"] =
          mediaType === "default" ? (yaml ? "application/yaml" : "application/json") : mediaType;
        if (headers["content-type"] === "") delete headers["content-type"];
      }
      return {
        method,
        url: search ? `${path}?${search}` : path,
        operation: `${operation.method} ${operation.path}`,
        headers,
        ...(payload !== undefined ? { payload } : {}),
      };
    });
  return fc.sample(request, { seed: options.seed, numRuns: options.runs });
}
