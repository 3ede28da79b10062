import { z } from "zod";
import { commonMonitorFields, withCommonRules } from "./common.js";

/** `200`, or a range `"200-299"`; ranges are strings since YAML reads `200-299` as text anyway. */
const statusCodeMatcher = z.union([z.number().int().min(100).max(599), z.string().regex(/^[1-5]\d\d(-[1-5]\d\d)?$/)], {
  error: 'expected an HTTP status code (100 to 599) or a range such as "200-299"',
});

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });

export const httpMonitorSpec = withCommonRules(
  z.strictObject({
    type: z.literal("http").describe("The kind of check: `http` sends a request and checks the response."),
    ...commonMonitorFields,
    url: httpUrl.describe("The http:// or https:// URL to request."),
    method: z
      .enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
      .default("GET")
      .describe("The HTTP method of the request."),
    expectedStatus: z
      .array(statusCodeMatcher)
      .min(1)
      .default(["200-399"])
      .describe('Status codes that count as up: codes such as `200` and ranges such as `"200-299"`.'),
  }),
);

export type HttpMonitorSpec = z.infer<typeof httpMonitorSpec>;
