import { OutboundRefused } from "../../net/connector.js";
import type { PhaseMarks } from "./phases.js";

const DNS_ERRORS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "ENODATA", "ESERVFAIL"]);

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection closed",
};

export interface NetworkError extends NodeJS.ErrnoException {
  address?: string;
  port?: number;
  hostname?: string;
}

/** What went wrong with a connection, in the words an operator searches for, with the code. */
export function describeConnectionError(
  error: NetworkError,
  target: { host: string; tls: boolean },
  marks: PhaseMarks,
): string {
  // The policy's reason already names the address and why; nothing was sent.
  if (error instanceof OutboundRefused) return error.message;
  const code = errorCode(error);
  if (code && DNS_ERRORS.has(code)) return `DNS lookup failed for ${error.hostname ?? target.host} (${code})`;
  // Between TCP connect and secureConnect only the handshake can fail, whatever the code says.
  const inHandshake = target.tls && marks.connect !== undefined && marks.secureConnect === undefined;
  if (inHandshake || (code && /CERT|TLS|SSL/.test(code)))
    return `TLS error: ${error.message}${code ? ` (${code})` : ""}`;
  if (code === "ECONNRESET" && marks.response === undefined) return "connection closed before a response (ECONNRESET)";
  if (code?.startsWith("HPE_")) return `invalid HTTP response: ${error.message} (${code})`;
  const known = code ? NETWORK_ERRORS[code] : undefined;
  if (known) return `${known} (${code}${error.address ? ` ${formatAddress(error.address, error.port)}` : ""})`;
  return describeError(error);
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = errorCode(error);
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function formatAddress(address: string, port: number | undefined): string {
  const host = address.includes(":") ? `[${address}]` : address;
  return port === undefined ? host : `${host}:${port}`;
}
