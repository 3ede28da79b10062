import { describe, expect, it } from "vitest";
import { checksum, classifyToken, generateToken, TOKEN_PREFIX } from "./token-format.js";

describe("token format", () => {
  it("is nines_, 40 letters and digits and a 6-digit checksum", () => {
    const token = generateToken();
    expect(token).toMatch(/^nines_[0-9A-Za-z]{46}$/);
    expect(classifyToken(token)).toBe("current");
    expect(generateToken()).not.toBe(token);
  });

  it("refuses every token with one character changed, offline", () => {
    const token = generateToken();
    for (let index = TOKEN_PREFIX.length; index < token.length; index++) {
      const original = token[index] as string;
      const flipped = original === "a" ? "b" : "a";
      const changed = token.slice(0, index) + flipped + token.slice(index + 1);
      expect(classifyToken(changed), `position ${index}`).toBe("bad-checksum");
    }
  });

  it("pads the checksum to six base62 digits", () => {
    expect(checksum("")).toBe("000000");
    expect(checksum("nines_x")).toMatch(/^[0-9A-Za-z]{6}$/);
  });

  it("recognises tokens made before the checksum and refuses anything else", () => {
    expect(classifyToken(`nines_${"A-_b".repeat(10)}xyz`)).toBe("legacy");
    expect(classifyToken("nines_wrong")).toBe("malformed");
    expect(classifyToken(`ghp_${"a".repeat(46)}`)).toBe("malformed");
    expect(classifyToken(`${generateToken()} `)).toBe("malformed");
  });
});
