import { type ErrorCode, NinesError, RateLimitedError } from "../core/errors.js";
import type { Problem } from "./problem-schema.js";

const STATUS: Record<ErrorCode, number> = {
  Invalid: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  TooLarge: 413,
  Unavailable: 503,
  RateLimited: 429,
  Misdirected: 421,
};

const TITLE: Record<number, string> = {
  400: "Invalid request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Request body too large",
  415: "Unsupported media type",
  421: "Misdirected request",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

export const problem = (status: number, detail: string, extra: Partial<Problem> = {}): Problem => ({
  type: "about:blank",
  title: TITLE[status] ?? "Error",
  status,
  detail,
  ...extra,
});

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message: string;
}

/**
 * Maps any error to a problem body. Domain errors map by code; Fastify's own (body too large,
 * bad JSON, wrong content type) keep their 4xx; anything else is a 500 whose details stay in
 * the log, not in the answer.
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof NinesError) {
    return problem(STATUS[error.code], error.message, error.issues.length ? { issues: error.issues } : {});
  }
  const fastifyError = error as FastifyLikeError;
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    const detail =
      fastifyError.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? "the request body is larger than the limit of 1 MiB"
        : fastifyError.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE"
          ? `${fastifyError.message}; send application/json or application/yaml`
          : fastifyError.message;
    return problem(status, detail);
  }
  return problem(500, "an unexpected error happened; the server log has the details");
}

/** Headers an error's answer carries beside its body: when to retry a rate-limited request. */
export function problemHeaders(error: unknown): Record<string, string> {
  if (error instanceof RateLimitedError)
    return { "retry-after": String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) };
  return {};
}
