import { describe, expect, it } from "vitest";
import { findUnstorableText, truncateText } from "./text.js";

describe("text the database can't store", () => {
  it("finds NUL and lone surrogates in values and keys, by JSON pointer", () => {
    expect(findUnstorableText({ a: [1, "ok", "x\u0000"] })).toEqual({
      path: "/a/2",
      message: "contains a NUL character (U+0000), which cannot be stored",
    });
    expect(findUnstorableText({ "a/b~": { "\ud800": 1 } })?.path).toBe("/a~1b~0/\\ud800");
    expect(findUnstorableText("\udc00")?.path).toBe("/");
    expect(findUnstorableText({ emoji: "🛒", escaped: "\\0", n: null, b: true })).toBeUndefined();
  });

  it("truncates without splitting a surrogate pair", () => {
    expect(truncateText("ab🛒", 3)).toBe("ab");
    expect(truncateText("ab🛒", 4)).toBe("ab🛒");
    expect(truncateText("abc", 2)).toBe("ab");
    expect(findUnstorableText(truncateText("🛒".repeat(600), 1000))).toBeUndefined();
  });
});
