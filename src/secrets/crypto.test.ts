import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KEY_BYTES, keyIdOf, open, seal, sealedKeyId } from "./crypto.js";

const key = randomBytes(KEY_BYTES);

/** Flips one bit of one base64url part of a sealed value (2: nonce, 3: ciphertext, 4: tag). */
function flip(sealed: string, part: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[part] as string, "base64url");
  bytes[0] = (bytes[0] as number) ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("seal and open", () => {
  it("round-trips any text, and seals the same text differently each time", () => {
    for (const text of ["", "s3cr3t", "pässwörd 🔑", "x".repeat(70_000)]) {
      const sealed = seal(key, text, "Secret/a/b");
      expect(open(key, sealed, "Secret/a/b")).toBe(text);
      if (text) expect(sealed).not.toContain(text);
    }
    expect(seal(key, "same", "c")).not.toBe(seal(key, "same", "c"));
  });

  it("names the key that sealed a value", () => {
    const sealed = seal(key, "value", "c");
    expect(sealedKeyId(sealed)).toBe(keyIdOf(key));
    expect(sealedKeyId("plain text")).toBeUndefined();
  });

  it("refuses a value changed by one bit, under another context or another key", () => {
    const sealed = seal(key, "value", "Secret/a/token");
    for (const part of [2, 3, 4]) expect(() => open(key, flip(sealed, part), "Secret/a/token")).toThrow(/integrity/);
    expect(() => open(key, sealed, "Secret/b/token")).toThrow(/integrity/);
    expect(() => open(randomBytes(KEY_BYTES), sealed, "Secret/a/token")).toThrow(/integrity/);
    expect(() => open(key, "v1.x.y", "Secret/a/token")).toThrow(/not a sealed/);
  });
});
