import type net from "node:net";
import { performance } from "node:perf_hooks";
import { StringDecoder } from "node:string_decoder";
import tls from "node:tls";
import { parseDuration } from "../../core/duration.js";
import { formatSnippet } from "../../secrets/redact.js";
import type { Check, CheckContext } from "../check.js";
import type { TcpCheckSpec } from "../model.js";
import { compilePattern, isSlashedRegex } from "../specs/fields.js";
import { type Attempt, runAttempt, type Verdict } from "./attempt.js";
import { findEarliestExpiry, readCertificateChain } from "./certificates.js";
import { describeConnectionError, formatAddress, type NetworkError } from "./network-errors.js";
import { connectorOf } from "./outbound.js";
import { watchSocketPhases } from "./phases.js";

/** How much of a reply is read looking for `expect`; a server that talks on and on is cut off here. */
export const MAX_REPLY_BYTES = 64 * 1024;

export const tcpCheck: Check<TcpCheckSpec> = {
  type: "tcp",
  schedule: "pulled",
  intervalMs: (spec) => parseDuration(spec.interval) as number,
  run: (spec, context) => runAttempt(spec.timeout, context, (attempt) => talk(spec, context, attempt)),
  describeTarget: (spec) => `${formatAddress(spec.host, spec.port)}${spec.tls ? " (TLS)" : ""}`,
};

const ESCAPES: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, "0": 0x00, "\\": 0x5c };

/**
 * The bytes of a payload written in config, with `\n`, `\r`, `\t`, `\0`, `\\` and `\xHH` turned
 * into bytes: YAML leaves them as two characters in plain and single-quoted strings.
 */
export function unescapePayload(text: string): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (const match of text.matchAll(/\\(x[0-9a-fA-F]{2}|[nrt0\\])/g)) {
    parts.push(Buffer.from(text.slice(from, match.index), "utf8"));
    const code = match[1] as string;
    parts.push(Buffer.from([code.length === 3 ? Number.parseInt(code.slice(1), 16) : (ESCAPES[code] as number)]));
    from = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(from), "utf8"));
  return Buffer.concat(parts);
}

/** `expect` as a test on the reply read so far, and how reasons name it. */
function compileExpectation(text: string): { matches: (reply: string) => boolean; describe: string } {
  if (isSlashedRegex(text)) {
    const pattern = compilePattern(text);
    return { matches: (reply) => pattern.test(reply), describe: `matching ${text}` };
  }
  const needle = unescapePayload(text).toString("utf8");
  return { matches: (reply) => reply.includes(needle), describe: `containing ${JSON.stringify(needle)}` };
}

function talk(spec: TcpCheckSpec, context: CheckContext, attempt: Attempt): void {
  const marks = attempt.marks;
  let certificateExpiresAt: number | undefined;
  const finish = (verdict: Verdict) =>
    attempt.finish(certificateExpiresAt === undefined ? verdict : { ...verdict, certificateExpiresAt });

  // SNI is the host when it is a name; the connector leaves it out for an address.
  const socket = connectorOf(context).connect({
    purpose: "probe",
    host: spec.host,
    port: spec.port,
    signal: context.signal,
    tls: spec.tls ? { rejectUnauthorized: spec.tlsVerify } : undefined,
  });
  attempt.onEnd(() => socket.destroy());
  watchSocketPhases(socket, marks);
  socket.on("error", (error: NetworkError) =>
    finish({ status: "down", error: describeConnectionError(error, { host: spec.host, tls: spec.tls }, marks) }),
  );
  socket.once(spec.tls ? "secureConnect" : "connect", () => {
    if (socket instanceof tls.TLSSocket)
      certificateExpiresAt = findEarliestExpiry(readCertificateChain(socket))?.expiresAt;
    const payload = spec.send === undefined ? undefined : unescapePayload(spec.send);
    if (spec.expect === undefined) {
      // Up once the payload is handed to the kernel; a write error arrives as an "error" event.
      if (payload === undefined) finish({ status: "up" });
      else socket.write(payload, (error) => !error && finish({ status: "up" }));
      return;
    }
    if (payload !== undefined) socket.write(payload);
    awaitReply(socket, compileExpectation(spec.expect), attempt, finish);
  });
}

function awaitReply(
  socket: net.Socket,
  expectation: ReturnType<typeof compileExpectation>,
  attempt: Attempt,
  finish: (verdict: Verdict) => void,
): void {
  const decoder = new StringDecoder("utf8");
  let reply = "";
  let received = 0;
  const got = () => (received === 0 ? "nothing" : `${received} bytes: ${formatSnippet(reply)}`);
  attempt.describeTimeout = () =>
    `timed out after ${attempt.timeoutMs} ms waiting for a reply ${expectation.describe} (got ${got()})`;
  socket.on("data", (chunk: Buffer) => {
    attempt.marks.response ??= performance.now();
    const room = MAX_REPLY_BYTES - received;
    received += chunk.length;
    reply += decoder.write(chunk.subarray(0, room));
    if (expectation.matches(reply)) return finish({ status: "up" });
    if (received >= MAX_REPLY_BYTES)
      finish({
        status: "down",
        error: `no reply ${expectation.describe} in the first 64 KiB (got ${formatSnippet(reply)})`,
      });
  });
  socket.on("end", () =>
    finish({ status: "down", error: `connection closed before a reply ${expectation.describe} (got ${got()})` }),
  );
}
