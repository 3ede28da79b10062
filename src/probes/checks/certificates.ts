import type { DetailedPeerCertificate, TLSSocket } from "node:tls";

/** The peer's chain, leaf first, each certificate once (a self-signed root names itself as issuer). */
export function readCertificateChain(socket: TLSSocket): DetailedPeerCertificate[] {
  const chain: DetailedPeerCertificate[] = [];
  const seen = new Set<string>();
  let certificate: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  // Without a certificate Node returns an empty object, not null.
  while (certificate?.raw && !seen.has(certificate.fingerprint256)) {
    seen.add(certificate.fingerprint256);
    chain.push(certificate);
    certificate = certificate.issuerCertificate;
  }
  return chain;
}

export interface Expiry {
  certificate: DetailedPeerCertificate;
  /** Its position in the chain: 0 is the server's own certificate. */
  depth: number;
  expiresAt: number;
}

/** The certificate that expires first, which is the one that breaks the chain first. */
export function findEarliestExpiry(chain: DetailedPeerCertificate[]): Expiry | undefined {
  let earliest: Expiry | undefined;
  chain.forEach((certificate, depth) => {
    const expiresAt = Date.parse(certificate.valid_to);
    if (Number.isNaN(expiresAt)) return;
    if (!earliest || expiresAt < earliest.expiresAt) earliest = { certificate, depth, expiresAt };
  });
  return earliest;
}

/** The names a certificate is for: its DNS and IP subject alternative names, else its common name. */
export function listCertificateNames(certificate: DetailedPeerCertificate): string[] {
  const altNames = (certificate.subjectaltname ?? "")
    .split(", ")
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry)?.[1])
    .filter((name): name is string => name !== undefined);
  if (altNames.length) return altNames;
  const commonName = certificate.subject?.CN;
  return commonName ? [String(commonName)] : [];
}
