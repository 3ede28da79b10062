import { describe, expect, it } from "vitest";
import { compilePattern, compileRegex } from "./fields.js";

const complaint = (text: string) => {
  try {
    compileRegex(text);
    return "accepted";
  } catch (error) {
    return (error as Error).message;
  }
};

describe("regular expressions from config", () => {
  it("translates the slashed flags i, m and s to RE2's", () => {
    expect(compileRegex("/^OK$/i").test("ok")).toBe(true);
    expect(compileRegex("/^b$/m").test("a\nb\nc")).toBe(true);
    expect(compileRegex("/^b$/").test("a\nb\nc")).toBe(false);
    expect(compileRegex("/a.b/s").test("a\nb")).toBe(true);
    expect(compileRegex("/a.b/").test("a\nb")).toBe(false);
    expect(compileRegex('"status":\\s*"ok"').test('{"status": "ok"}')).toBe(true);
  });

  it("names the syntax RE2 does not have", () => {
    expect(complaint("(a)\\1")).toMatch(/^backreferences such as \\1 or \\k<name> are not supported: patterns use RE2/);
    expect(complaint("(?<q>a)\\k<q>")).toMatch(/^backreferences/);
    expect(complaint("a(?=b)")).toMatch(/^lookahead and lookbehind/);
    expect(complaint("(?<!a)b")).toMatch(/^lookahead and lookbehind/);
    expect(complaint("a++")).toMatch(/^possessive quantifiers/);
    expect(complaint("/a/v")).toBe('the flag "v" is not supported (use i, m or s)');
    expect(complaint("(unclosed")).toBe("missing closing ): `(unclosed` (RE2 syntax)");
  });

  it("accepts what only looks like unsupported syntax", () => {
    expect(compileRegex("\\\\1").test("\\1")).toBe(true);
    expect(compileRegex("(?<name>a)b").test("ab")).toBe(true);
  });

  it("matches ^(a+)+$ over a long text without backtracking", () => {
    // A backtracking engine takes longer than the age of the universe here; RE2 reads the text once.
    expect(compileRegex("^(a+)+$").test(`${"a".repeat(64 * 1024)}!`)).toBe(false);
    expect(compileRegex("^(a+)+$").test("a".repeat(64 * 1024))).toBe(true);
  });

  it("takes text outside slashes literally", () => {
    expect(compilePattern("+PONG (1)").test("> +PONG (1)")).toBe(true);
    expect(compilePattern("/^\\+PONG/").test("+PONG")).toBe(true);
  });
});
