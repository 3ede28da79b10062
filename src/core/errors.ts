/**
 * Domain errors carry a code and never import HTTP; `http/problem.ts` maps codes to status codes.
 */
export type ErrorCode =
  | "Invalid"
  | "NotFound"
  | "Conflict"
  | "Unauthorized"
  | "Forbidden"
  | "TooLarge"
  | "Unavailable"
  | "RateLimited"
  | "Misdirected";

/** Where a problem is and what was expected. `path` is a JSON pointer into the document. */
export interface Issue {
  message: string;
  path: string;
  file?: string;
  line?: number;
  column?: number;
  /** Index of the YAML document within its file (0-based), or of the object in a JSON list. */
  document?: number;
}

export class NinesError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = "NinesError";
  }
}

export const invalid = (message: string, issues: Issue[] = []) => new NinesError("Invalid", message, issues);
export const notFound = (message: string) => new NinesError("NotFound", message);
export const conflict = (message: string) => new NinesError("Conflict", message);
export const unauthorized = (message: string) => new NinesError("Unauthorized", message);
export const forbidden = (message: string) => new NinesError("Forbidden", message);
/** The request was meant for another server: its Host is not one this server answers to. */
export const misdirected = (message: string) => new NinesError("Misdirected", message);

/** Too many attempts; the caller may try again after `retryAfterMs`. */
export class RateLimitedError extends NinesError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super("RateLimited", message);
  }
}

/** `file:line:column: path: message`, the form editors and terminals turn into links. */
export function formatIssue(issue: Issue): string {
  const where = [issue.file, issue.line, issue.column].filter((part) => part !== undefined).join(":");
  const path = issue.path && issue.path !== "/" ? `${issue.path}: ` : "";
  return `${where ? `${where}: ` : ""}${path}${issue.message}`;
}
