import { describe, expect, it } from "vitest";
import {
  compileMatcher,
  compileMatchers,
  describeRegexProblem,
  formatMatcher,
  formatMatchers,
  type Matcher,
  matchesAll,
  parseMatcher,
  parseMatchers,
} from "./matchers.js";

const parsed = (text: string): Matcher => {
  const result = parseMatcher(text);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};
const matches = (text: string, labels: Record<string, string>) => compileMatcher(parsed(text)).matches(labels);

describe("parseMatcher", () => {
  it("reads the four operators, quoted or bare, with spaces around the parts", () => {
    expect(parsed('severity="page"')).toEqual({ name: "severity", type: "=", value: "page" });
    expect(parsed(" team != ops ")).toEqual({ name: "team", type: "!=", value: "ops" });
    expect(parsed('service=~"checkout|cart"')).toEqual({ name: "service", type: "=~", value: "checkout|cart" });
    expect(parsed("env!~prod.*")).toEqual({ name: "env", type: "!~", value: "prod.*" });
    expect(parsed("note=")).toEqual({ name: "note", type: "=", value: "" });
  });

  it("unescapes as Alertmanager's classic parser does: only \\\" \\\\ and \\n, other backslashes stay", () => {
    expect(parsed('q="say \\"hi\\""').value).toBe('say "hi"');
    expect(parsed('q="a\\\\b"').value).toBe("a\\b");
    expect(parsed('q="two\\nlines"').value).toBe("two\nlines");
    // Regular expressions keep their escapes: JSON would have refused \. and \d.
    expect(parsed('instance=~"db\\.prod\\d+"').value).toBe("db\\.prod\\d+");
    expect(parsed('q="tab\\t"').value).toBe("tab\\t");
    expect(parsed('q="ends\\\\"').value).toBe("ends\\");
  });

  it("refuses unescaped quotes inside, unterminated quotes and names that are not label names", () => {
    expect(parseMatcher('q="a"b"').ok).toBe(false);
    expect(parseMatcher('q="open').ok).toBe(false);
    expect(parseMatcher('q="escaped end\\"').ok).toBe(false);
    expect(parseMatcher('q=bare"quote').ok).toBe(false);
    expect(parseMatcher('9lives="x"').ok).toBe(false);
    expect(parseMatcher("severity").ok).toBe(false);
  });

  it("refuses a regular expression RE2 rejects, or one that only compiles once wrapped in ^(?:...)$", () => {
    expect(parseMatcher('x=~"a++"').ok).toBe(false);
    expect(parseMatcher('x=~"(a"').ok).toBe(false);
    expect(describeRegexProblem("a)|(b")).toMatch(/invalid regular expression/);
    expect(describeRegexProblem("a{1001}")).toMatch(/repeat/);
    expect(describeRegexProblem("checkout|cart")).toBeUndefined();
  });
});

describe("parseMatchers", () => {
  it("splits at commas outside quotes, with or without braces, a trailing comma allowed", () => {
    const list = parseMatchers('{quote="She said: \\"Hi, all\\"", code=~"5..", }');
    expect(list).toEqual({
      ok: true,
      value: [
        { name: "quote", type: "=", value: 'She said: "Hi, all"' },
        { name: "code", type: "=~", value: "5.." },
      ],
    });
    expect(parseMatchers("foo=bar,dings!=bums")).toEqual({
      ok: true,
      value: [
        { name: "foo", type: "=", value: "bar" },
        { name: "dings", type: "!=", value: "bums" },
      ],
    });
    expect(parseMatchers('{a="b"').ok).toBe(false);
    expect(parseMatchers('a="b",,c="d"').ok).toBe(false);
  });
});

describe("compileMatcher", () => {
  it("anchors regular expressions at both ends", () => {
    expect(matches('service=~"check"', { service: "checkout" })).toBe(false);
    expect(matches('service=~"check.*"', { service: "checkout" })).toBe(true);
    expect(matches('service=~"a|b"', { service: "ab" })).toBe(false);
  });

  it("reads a missing label as empty, so negative matchers match it and positive ones on empty do too", () => {
    expect(matches('team!="ops"', {})).toBe(true);
    expect(matches('team=""', {})).toBe(true);
    expect(matches('team=~".*"', {})).toBe(true);
    expect(matches('team=~".+"', {})).toBe(false);
    expect(matches('team!~"ops|dev"', { team: "dev" })).toBe(false);
  });

  it("never reads Object.prototype for a label the alert lacks", () => {
    expect(matches('constructor=~".+"', {})).toBe(false);
    expect(matches('toString!=""', {})).toBe(false);
    expect(matches('__proto__=""', {})).toBe(true);
  });

  it("needs every matcher of a list", () => {
    const list = compileMatchers([parsed('a="1"'), parsed('b=~"2|3"')]);
    expect(matchesAll(list, { a: "1", b: "3" })).toBe(true);
    expect(matchesAll(list, { a: "1", b: "4" })).toBe(false);
    expect(matchesAll([], {})).toBe(true);
  });
});

describe("formatMatcher", () => {
  it("prints Alertmanager's form, which parses back to the same matcher", () => {
    for (const matcher of [
      parsed('q="say \\"hi\\" \\\\ and\\nmore"'),
      parsed('instance=~"db\\.prod\\d+"'),
      parsed("x!="),
      parsed('emoji="🔥, yes"'),
    ])
      expect(parsed(formatMatcher(matcher))).toEqual(matcher);
    expect(formatMatcher(parsed('q="a\\"b"'))).toBe('q="a\\"b"');
  });

  it("sorts a list by name, value, then type, as Alertmanager's route keys do", () => {
    const list = ['owner="team-A"', 'level!="critical"', 'env=~"x"', 'env="x"'].map(parsed);
    expect(formatMatchers(list)).toBe('{env="x",env=~"x",level!="critical",owner="team-A"}');
    expect(formatMatchers([])).toBe("{}");
  });
});
