import type { LabelSet } from "./model.js";

const SEPARATOR = 0xff;
const encoder = new TextEncoder();

/**
 * Alertmanager's fingerprint of a label set (`model.LabelSet.Fingerprint`): FNV-1a 64 over the
 * label names in order, each name and value followed by the 0xff separator, as 16 hex digits. Nines
 * computes the same identity, so amtool and Prometheus see the fingerprints they expect.
 */
export function alertFingerprint(labels: Readonly<LabelSet>): string {
  // The 64-bit state in four 16-bit limbs, low first: exact in doubles, no BigInt per byte.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const add = (byte: number) => {
    h0 ^= byte;
    // Times the FNV prime 2^40 + 0x1b3.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  };
  const addText = (text: string) => {
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code >= 0x80) {
        for (const byte of encoder.encode(text.slice(index))) add(byte);
        return;
      }
      add(code);
    }
  };
  for (const name of Object.keys(labels).sort()) {
    addText(name);
    add(SEPARATOR);
    addText(labels[name] as string);
    add(SEPARATOR);
  }
  const hex = (limb: number) => limb.toString(16).padStart(4, "0");
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}
