/** A set of labels: name to value. */
export type LabelSet = Record<string, string>;

/**
 * Alertmanager's fingerprint of a label set (`model.LabelSet.Fingerprint`): FNV-1a 64 over the
 * label names in order, each name and value followed by the 0xff separator, as 16 hex digits. Nines
 * computes the same identity, so amtool and Prometheus see the fingerprints they expect.
 */
export function alertFingerprint(labels: Readonly<LabelSet>): string {
  const hash = new Fnv1a64();
  // Go sorts the names bytewise; label names are ASCII, where that is the same as JavaScript's order.
  for (const name of Object.keys(labels).sort(compareBytewise)) {
    hash.addText(name);
    hash.addByte(SEPARATOR);
    hash.addText(labels[name] as string);
    hash.addByte(SEPARATOR);
  }
  return hash.toHex();
}

/** A byte that never occurs in UTF-8, so `a=bc` and `ab=c` hash differently. */
const SEPARATOR = 0xff;
const encoder = new TextEncoder();
/** Below U+D800, UTF-16 order is UTF-8 byte order (and ASCII is its own UTF-8). */
const NEEDS_UTF8_ORDER = /[\ud800-\uffff]/;

/**
 * FNV-1a 64 in four 16-bit limbs of plain numbers, since a BigInt allocated for every byte made
 * fingerprints a visible part of ingest: the offset basis 0xcbf29ce484222325, times the prime
 * 2^40 + 0x1b3 modulo 2^64.
 */
class Fnv1a64 {
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  addByte(byte: number): void {
    const h0 = this.h0 ^ byte;
    const t0 = h0 * 0x1b3;
    const t1 = this.h1 * 0x1b3 + (t0 >>> 16);
    const t2 = this.h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    this.h3 = (this.h3 * 0x1b3 + (this.h1 << 8) + (t2 >>> 16)) & 0xffff;
    this.h2 = t2 & 0xffff;
    this.h1 = t1 & 0xffff;
    this.h0 = t0 & 0xffff;
  }

  addText(text: string): void {
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code > 0x7f) {
        // ASCII is its own UTF-8, so only the rest from the first other character needs encoding.
        for (const byte of encoder.encode(text.slice(index))) this.addByte(byte);
        return;
      }
      this.addByte(code);
    }
  }

  toHex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((limb) => limb.toString(16).padStart(4, "0")).join("");
  }
}

/** Go's string order (bytes of UTF-8), which differs from UTF-16 order past U+FFFF. */
export function compareBytewise(left: string, right: string): number {
  if (left === right) return 0;
  if (!NEEDS_UTF8_ORDER.test(left) && !NEEDS_UTF8_ORDER.test(right)) return left < right ? -1 : 1;
  return Buffer.compare(encoder.encode(left), encoder.encode(right));
}
