import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alertFingerprint, compareBytewise } from "./fingerprint.js";

/** FNV-1a 64 as its definition reads, in BigInt: the reference the limb arithmetic must match. */
function referenceFingerprint(labels: Record<string, string>): string {
  const bytes = (text: string) => new TextEncoder().encode(text);
  let hash = 0xcbf29ce484222325n;
  const add = (byte: number) => {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  };
  for (const name of Object.keys(labels).sort((a, b) => Buffer.compare(bytes(a), bytes(b)))) {
    for (const byte of [...bytes(name), 0xff, ...bytes(labels[name] as string), 0xff]) add(byte);
  }
  return hash.toString(16).padStart(16, "0");
}

describe("alertFingerprint", () => {
  it("is FNV-1a 64's offset basis for the empty label set", () => {
    expect(alertFingerprint({})).toBe("cbf29ce484222325");
  });

  it("gives the fingerprints Alertmanager 0.25 showed for these labels (test/alerts/fingerprint-peer.test.ts)", () => {
    expect(alertFingerprint({ alertname: "HighLatency", service: "checkout", severity: "page" })).toBe(
      "75072a3d82457715",
    );
    expect(alertFingerprint({ zone: "eu-1", alertname: "DiskFull", instance: "db-1:9100", _private: "x" })).toBe(
      "ce1f04211cb9410b",
    );
    expect(alertFingerprint({ alertname: "Überlast", team: "運用", mood: "🔥", note: " " })).toBe("262f43d155b589e4");
  });

  it("is FNV-1a 64 over any names and values, ASCII or not", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "binary" }), fc.string({ unit: "binary" })), (labels) => {
        expect(alertFingerprint(labels)).toBe(referenceFingerprint(labels));
      }),
      { numRuns: 300 },
    );
  });

  it("does not depend on the order the labels were written in", () => {
    expect(alertFingerprint({ b: "2", a: "1", c: "3" })).toBe(alertFingerprint({ a: "1", b: "2", c: "3" }));
  });

  it("separates names from values, so moving a character across the = changes it", () => {
    expect(alertFingerprint({ a: "bc" })).not.toBe(alertFingerprint({ ab: "c" }));
    expect(alertFingerprint({ a: "" })).not.toBe(alertFingerprint({}));
  });

  it("is always 16 lowercase hex digits", () => {
    for (let index = 0; index < 200; index++)
      expect(alertFingerprint({ alertname: `A${index}` })).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("compareBytewise", () => {
  it("orders as Go's strings do, by UTF-8 bytes, where UTF-16 order differs", () => {
    // U+FF5E sorts before U+1F525 in UTF-8 (EF.. < F0..) but after it in UTF-16 (FF5E > D83D).
    expect(compareBytewise("～", "🔥")).toBeLessThan(0);
    expect("～" < "🔥").toBe(false);
    expect(compareBytewise("a", "a")).toBe(0);
    expect(compareBytewise("b", "a")).toBeGreaterThan(0);
  });
});
