import { compile as compileJmesPath } from "@jmespath-community/jmespath";
import { z } from "zod";
import { parseDuration } from "../../core/duration.js";
import { secretValue } from "../../secrets/model.js";
import { commonMonitorFields, durationField, withCommonRules } from "./common.js";
import { compiledField, compileRegex } from "./fields.js";

/** `200`, or a range `"200-299"`; ranges are strings since YAML reads `200-299` as text anyway. */
const statusCodeMatcher = z.union([z.number().int().min(100).max(599), z.string().regex(/^[1-5]\d\d(-[1-5]\d\d)?$/)], {
  error: 'expected an HTTP status code (100 to 599) or a range such as "200-299"',
});

/**
 * Credentials in the URL are refused: the URL is the monitor's target, shown and searched by
 * everyone who may see the monitor. `basicAuth` takes them, as references.
 */
const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }).refine(
  (text) => {
    const url = URL.parse(text);
    return !url || (url.username === "" && url.password === "");
  },
  { error: "expected a URL without user:password@; give them in basicAuth {username, password}" },
);

/** RFC 9110 token characters (\x60 is a backtick, kept out of the generated docs' code spans). */
const headerName = z.string().regex(/^[!#$%&'*+.^_\x60|~0-9A-Za-z-]+$/, { error: "expected an HTTP header name" });
const headerValue = z.string({ error: "expected a header value as a string" }).regex(/^[^\r\n\0]*$/, {
  error: "expected a header value on one line",
});

const jsonAssertion = z
  .strictObject({
    path: compiledField("a JMESPath expression", compileJmesPath).describe(
      "A JMESPath expression evaluated on the JSON body: `status`, `checks[0].ok`, `length(items) > \\`0\\``.",
    ),
    equals: z
      .unknown()
      .optional()
      .describe("The JSON value the expression must give (a string, number, boolean, null, list or mapping)."),
    exists: z
      .boolean()
      .optional()
      .describe("`true`: the expression must give a value (not null); `false`: it must give null."),
  })
  .refine((assertion) => assertion.equals === undefined || assertion.exists === undefined, {
    error: "expected either equals or exists in a JSON assertion, not both",
  });

export const httpMonitorSpec = withCommonRules(
  z
    .strictObject({
      type: z.literal("http").describe("The kind of check: `http` sends a request and checks the response."),
      ...commonMonitorFields,
      url: httpUrl.describe("The http:// or https:// URL to request."),
      method: z
        .enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
        .default("GET")
        .describe("The HTTP method of the request."),
      headers: z
        .record(headerName, secretValue(headerValue))
        .optional()
        .describe(
          "Request headers as a mapping, e.g. `Accept: application/json`; a value may be a reference such as `{secretRef: {name: shop-api, key: token}}`. Authorization and Cookie are not sent on to another origin after a redirect.",
        ),
      body: secretValue(z.string())
        .optional()
        .describe("The request body, sent as given (or a reference to it); set its `Content-Type` in `headers`."),
      basicAuth: z
        .strictObject({
          username: z.string().regex(/^[^:\r\n\0]*$/, { error: "expected a user name without ':' or line breaks" }),
          password: secretValue(headerValue).describe("The password, or a reference to it."),
        })
        .optional()
        .describe(
          "HTTP Basic authentication, sent as an Authorization header: `{username: ci, password: {secretRef: {name: shop-api, key: password}}}`. Prefer it to a password in the URL, which is shown to whoever may see the monitor.",
        ),
      followRedirects: z
        .boolean()
        .default(true)
        .describe("Follow 3xx redirects and judge the final response; `false` judges the 3xx itself."),
      maxRedirects: z
        .number()
        .int()
        .min(0)
        .max(20)
        .default(5)
        .describe("How many redirects to follow; more, or a loop, is down."),
      tlsVerify: z
        .boolean()
        .default(true)
        .describe("Verify the server's certificate chain and host name; `false` accepts any certificate."),
      expectedStatus: z
        .array(statusCodeMatcher)
        .min(1)
        .default(["200-399"])
        .describe('Status codes that count as up: codes such as `200` and ranges such as `"200-299"`.'),
      bodyContains: z.string().min(1).optional().describe("Text the response body must contain."),
      bodyNotContains: z.string().min(1).optional().describe("Text the response body must not contain."),
      bodyMatches: compiledField("a regular expression", compileRegex)
        .optional()
        .describe(
          'A regular expression the body must match, bare (`"status":\\s*"ok"`) or between slashes with flags (`/ok/i`).',
        ),
      json: z
        .array(jsonAssertion)
        .min(1)
        .optional()
        .describe(
          "Assertions on the JSON body, each a JMESPath `path` with `equals` or `exists`, or alone an expression that must be true. A body that is not JSON is down.",
        ),
      degradedAbove: durationField("degradedAbove", 1, 300_000)
        .optional()
        .describe("A response slower than this (redirects included) is `degraded`, e.g. `1s`."),
    })
    .superRefine((spec, ctx) => {
      const degradedAbove = spec.degradedAbove === undefined ? undefined : parseDuration(spec.degradedAbove);
      const timeout = parseDuration(spec.timeout);
      if (degradedAbove !== undefined && timeout !== undefined && degradedAbove >= timeout) {
        ctx.addIssue({
          code: "custom",
          path: ["degradedAbove"],
          message: `expected degradedAbove shorter than the timeout (${spec.timeout}), got "${spec.degradedAbove}"`,
        });
      }
    }),
);

export type HttpMonitorSpec = z.infer<typeof httpMonitorSpec>;
