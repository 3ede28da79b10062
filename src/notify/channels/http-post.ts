import { HttpRequestError, type HttpResponse, requestHttp } from "../../net/http-request.js";
import { delivered, permanent, retryable, type SendContext, type SendOutcome } from "../channel.js";

/**
 * The one way HTTP channels post: through the connector (purpose `notify`), bounded by the
 * send's time, with the answer mapped to an outcome. Redirects that keep the method (307, 308)
 * are followed a few times, each target checked by the connector again; others are the
 * receiver's misconfiguration. Messages name the receiver by origin only, because webhook paths
 * and queries are credentials (Slack, Teams).
 */

const MAX_REDIRECTS = 3;
/** Receivers answer "ok" or a small JSON; more is not worth reading. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** A Retry-After longer than this is not waited for: the outbox's own backoff takes over. */
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

export interface Post {
  url: string;
  body: string;
  headers?: Record<string, string>;
  /** Default application/json. */
  contentType?: string;
}

export async function postToReceiver(context: SendContext, post: Post): Promise<SendOutcome> {
  const started = context.clock.now();
  let url = post.url;
  for (let hop = 0; ; hop++) {
    const target = originOf(url);
    let response: HttpResponse;
    try {
      response = await requestHttp(context.connector, {
        url,
        method: "POST",
        purpose: "notify",
        headers: { "content-type": post.contentType ?? "application/json", ...post.headers },
        body: post.body,
        timeoutMs: Math.max(1, context.timeoutMs - (context.clock.now() - started)),
        maxBytes: MAX_ANSWER_BYTES,
        signal: context.signal,
      });
    } catch (error) {
      return outcomeOfFailure(target, error);
    }
    const { status } = response;
    if (status >= 200 && status < 300) return delivered;
    if (status === 307 || status === 308) {
      const location = headerOf(response, "location");
      if (!location) return permanent(`POST ${target}: answered ${status} without a Location`);
      if (hop >= MAX_REDIRECTS) return permanent(`POST ${target}: more than ${MAX_REDIRECTS} redirects`);
      url = new URL(location, url).toString();
      continue;
    }
    const answer = `POST ${target}: answered ${status}${describeBody(response)}`;
    if (status >= 300 && status < 400) return permanent(`${answer}; redirects that change the method are not followed`);
    if (status === 408 || status === 429 || status >= 500) return retryable(answer, retryAfterOf(response, context));
    return permanent(answer);
  }
}

/** Where a URL goes, safe to store and show: scheme, host and port, never the path or query. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "an invalid URL";
  }
}

function outcomeOfFailure(target: string, error: unknown): SendOutcome {
  // Network trouble arrives as HttpRequestError; anything else (a header Node refuses) would repeat.
  if (!(error instanceof HttpRequestError)) return permanent(`POST ${target}: ${(error as Error).message}`);
  // requestHttp names the path; the path may be the credential.
  const reason = error.message.replace(/^[A-Z]+ \S+: /, "");
  const message = `POST ${target}: ${reason}`;
  switch (error.failure) {
    case "refused":
    case "invalid-url":
      return permanent(message);
    case "too-large":
      // The receiver answered, but not what a receiver answers: sending again would repeat it.
      return permanent(message);
    default:
      return retryable(message);
  }
}

function headerOf(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `Retry-After` in seconds or as an HTTP date. */
function retryAfterOf(response: HttpResponse, context: SendContext): number | undefined {
  const value = headerOf(response, "retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - context.clock.now();
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** The start of a receiver's answer, which usually says what is wrong (`invalid_token`). */
function describeBody(response: HttpResponse): string {
  const text = response.body.toString("utf8", 0, Math.min(response.body.length, 200)).replace(/\s+/g, " ").trim();
  return text ? `: ${text}` : "";
}
