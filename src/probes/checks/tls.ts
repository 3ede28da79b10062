import { X509Certificate } from "node:crypto";
import net from "node:net";
import tls, { type DetailedPeerCertificate } from "node:tls";
import { parseDuration } from "../../core/duration.js";
import type { Issue } from "../../core/errors.js";
import { readConfiguredFile } from "../../core/files.js";
import type { Check, CheckContext } from "../check.js";
import type { TlsMonitorSpec } from "../model.js";
import { type Attempt, runAttempt, type Verdict } from "./attempt.js";
import { findEarliestExpiry, listCertificateNames, readCertificateChain } from "./certificates.js";
import { describeConnectionError, errorCode, formatAddress, type NetworkError } from "./network-errors.js";
import { connectorOf } from "./outbound.js";
import { watchSocketPhases } from "./phases.js";

const DAY_MS = 86_400_000;

export const tlsCheck: Check<TlsMonitorSpec> = {
  type: "tls",
  schedule: "pulled",
  intervalMs: (spec) => parseDuration(spec.interval) as number,
  run: (spec, context) => runAttempt(spec.timeout, context, (attempt) => inspectServer(spec, context, attempt)),
  describeTarget: (spec) => `${formatAddress(spec.host, spec.port)}${spec.servername ? ` (${spec.servername})` : ""}`,
  checkOnApply: async (spec, { filesDir }) => {
    if (spec.caFile === undefined) return [];
    try {
      readCertificates(await readConfiguredFile(filesDir, spec.caFile));
      return [];
    } catch (error) {
      return [{ path: "/caFile", message: (error as Error).message } satisfies Issue];
    }
  },
};

/** What the handshake showed: the chain as sent, and OpenSSL's verdict on it. */
export interface Handshake {
  chain: DetailedPeerCertificate[];
  authorized: boolean;
  authorizationError?: string;
  /** The name the certificate must be for: the SNI name, or the host. */
  name: string;
}

async function inspectServer(spec: TlsMonitorSpec, context: CheckContext, attempt: Attempt): Promise<void> {
  const ca = spec.caFile ? [...tls.rootCertificates, await readCaFile(spec.caFile, context.filesDir)] : undefined;
  if (attempt.ended) return;
  // SNI carries names only; an IP address there is refused by RFC 6066 (and warned about by Node).
  const servername = spec.servername ?? (net.isIP(spec.host) ? undefined : spec.host);
  // Chain and name are judged below, each with its own reason, instead of failing the handshake.
  const socket = connectorOf(context).connect({
    purpose: "probe",
    host: spec.host,
    port: spec.port,
    signal: context.signal,
    tls: { servername, ca, rejectUnauthorized: false, checkServerIdentity: () => undefined },
  });
  attempt.onEnd(() => socket.destroy());
  watchSocketPhases(socket, attempt.marks);
  socket.on("error", (error: NetworkError) =>
    attempt.finish({
      status: "down",
      error: describeConnectionError(error, { host: spec.host, tls: true }, attempt.marks),
    }),
  );
  socket.once("secureConnect", () => {
    const handshake: Handshake = {
      chain: readCertificateChain(socket),
      authorized: socket.authorized,
      name: servername ?? spec.host,
    };
    // Typed as an Error, but Node gives the OpenSSL code as a string.
    const reason = socket.authorizationError as unknown;
    if (reason) handshake.authorizationError = errorCode(reason) ?? String(reason);
    attempt.finish(judgeHandshake(spec, handshake, context.now()));
  });
}

/** Read again at each check with the guards of apply: the file may have changed since. */
async function readCaFile(file: string, filesDir: string | undefined): Promise<string> {
  try {
    return readCertificates(await readConfiguredFile(filesDir, file));
  } catch (error) {
    throw new Error(`cannot use caFile: ${(error as Error).message}`);
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/** The PEM text of `content`, if it holds certificates and each of them parses. */
function readCertificates(content: Buffer): string {
  const text = content.toString("utf8");
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new Error("expected PEM certificates (-----BEGIN CERTIFICATE-----), found none");
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new Error(`certificate ${index + 1} in the file does not parse: ${(error as Error).message}`);
    }
  });
  return text;
}

/** Expired, untrusted, for another name, or close to expiry, in that order; else up. */
export function judgeHandshake(spec: TlsMonitorSpec, handshake: Handshake, now: number): Verdict {
  const { chain, name } = handshake;
  const expiry = findEarliestExpiry(chain);
  const leaf = chain[0];
  if (!expiry || !leaf) return { status: "down", error: `the server sent no certificate for ${name}` };
  const certificateExpiresAt = expiry.expiresAt;
  const whose =
    expiry.depth === 0
      ? `certificate for ${name}`
      : `certificate "${expiry.certificate.subject?.CN ?? "?"}" in the chain of ${name}`;
  const date = new Date(certificateExpiresAt).toISOString().slice(0, 10);
  const remainingMs = certificateExpiresAt - now;
  const down = (error: string): Verdict => ({ status: "down", error, certificateExpiresAt });

  if (remainingMs <= 0) return down(`${whose} expired ${formatSpan(-remainingMs)} ago (${date})`);
  if (!handshake.authorized)
    return down(`certificate chain not trusted: ${handshake.authorizationError ?? "unknown reason"}`);
  if (tls.checkServerIdentity(name, leaf))
    return down(
      `hostname mismatch: certificate is for ${listCertificateNames(leaf).join(", ") || "no name"}, not ${name}`,
    );
  const days = Math.floor(remainingMs / DAY_MS);
  const expires = `${whose} expires in ${formatSpan(remainingMs)} (${date})`;
  if (days < spec.failDays) return down(`${expires}, below failDays ${spec.failDays}`);
  if (days < spec.warnDays)
    return { status: "degraded", error: `${expires}, below warnDays ${spec.warnDays}`, certificateExpiresAt };
  return { status: "up", certificateExpiresAt };
}

/** Whole days, or hours under a day: `5 days`, `1 day`, `3 hours`. */
function formatSpan(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  if (days >= 1) return `${days} day${days === 1 ? "" : "s"}`;
  const hours = Math.max(1, Math.floor(ms / 3_600_000));
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}
