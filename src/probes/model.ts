import { z } from "zod";
import { description, documentSchema } from "../config/document.js";
import { parseDuration } from "../core/duration.js";

/** A duration such as `30s`, `5m`, `1h30m`, within [min, max]. */
export function durationField(what: string, minMs: number, maxMs: number) {
  return z.string({ error: `expected ${what} as a duration such as "30s", "5m" or "1h"` }).superRefine((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `expected ${what} as a duration such as "30s", "5m" or "1h", got "${text}"`,
      });
    } else if (ms < minMs || ms > maxMs) {
      ctx.addIssue({
        code: "custom",
        message: `expected ${what} between ${formatBound(minMs)} and ${formatBound(maxMs)}, got "${text}"`,
      });
    }
  });
}

const formatBound = (ms: number) =>
  ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;

/** `200`, or a range `"200-299"`; ranges are strings since YAML reads `200-299` as text anyway. */
const statusCodeMatcher = z.union([z.number().int().min(100).max(599), z.string().regex(/^[1-5]\d\d(-[1-5]\d\d)?$/)], {
  error: 'expected an HTTP status code (100 to 599) or a range such as "200-299"',
});

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });

export const httpMonitorSpec = z
  .strictObject({
    type: z.literal("http"),
    description: description.optional(),
    url: httpUrl,
    method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]).default("GET"),
    interval: durationField("the interval", 1000, 86_400_000).default("60s"),
    timeout: durationField("the timeout", 100, 300_000).default("10s"),
    expectedStatus: z.array(statusCodeMatcher).min(1).default(["200-399"]),
  })
  .superRefine((spec, ctx) => {
    const interval = parseDuration(spec.interval);
    const timeout = parseDuration(spec.timeout);
    if (interval !== undefined && timeout !== undefined && timeout > interval) {
      ctx.addIssue({
        code: "custom",
        path: ["timeout"],
        message: `expected a timeout no longer than the interval (${spec.interval}), got "${spec.timeout}"`,
      });
    }
  });

/** Every check type adds its spec here; `type` picks the branch. */
export const monitorSpec = z.discriminatedUnion("type", [httpMonitorSpec], {
  error: (issue) => (issue.code === "invalid_union" ? 'expected spec.type to be one of: "http"' : undefined),
});

export const monitorDocument = documentSchema("nines/v1", "Monitor", monitorSpec);

export type HttpMonitorSpec = z.infer<typeof httpMonitorSpec>;
export type MonitorSpec = z.infer<typeof monitorSpec>;
export type MonitorDocument = z.infer<typeof monitorDocument>;

export const MONITOR_EXAMPLE = `apiVersion: nines/v1
kind: Monitor
metadata:
  name: shop-health
  displayName: Shop health endpoint
spec:
  type: http
  url: https://shop.example/health
  interval: 30s
  timeout: 5s
  expectedStatus: [200]
`;
