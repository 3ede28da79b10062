import type { LabelSet } from "./model.js";

/**
 * Alertmanager's fingerprint of a label set (`model.LabelSet.Fingerprint`): FNV-1a 64 over the
 * label names in order, each name and value followed by the 0xff separator, as 16 hex digits. Nines
 * computes the same identity, so amtool and Prometheus see the fingerprints they expect.
 */
export function alertFingerprint(labels: Readonly<LabelSet>): string {
  let hash = FNV_OFFSET_BASIS;
  // Go sorts the names bytewise; label names are ASCII, where that is the same as JavaScript's order.
  for (const name of Object.keys(labels).sort(compareBytewise)) {
    hash = addBytes(hash, encoder.encode(name));
    hash = addByte(hash, SEPARATOR);
    hash = addBytes(hash, encoder.encode(labels[name] as string));
    hash = addByte(hash, SEPARATOR);
  }
  return hash.toString(16).padStart(16, "0");
}

const FNV_OFFSET_BASIS = 14695981039346656037n;
const FNV_PRIME = 1099511628211n;
const MASK_64 = (1n << 64n) - 1n;
/** A byte that never occurs in UTF-8, so `a=bc` and `ab=c` hash differently. */
const SEPARATOR = 0xff;
const encoder = new TextEncoder();

const addByte = (hash: bigint, byte: number) => ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;

function addBytes(hash: bigint, bytes: Uint8Array): bigint {
  let sum = hash;
  for (const byte of bytes) sum = addByte(sum, byte);
  return sum;
}

/** Go's string order (bytes of UTF-8), which differs from UTF-16 order past U+FFFF. */
export function compareBytewise(left: string, right: string): number {
  if (left === right) return 0;
  return Buffer.compare(encoder.encode(left), encoder.encode(right));
}
