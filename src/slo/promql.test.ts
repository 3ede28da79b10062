import { describe, expect, it } from "vitest";
import { compileMatchers, formatSelector, parseSliQuery, unquotePromqlString } from "./promql.js";

const parse = (text: string) => {
  const parsed = parseSliQuery(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.query;
};

describe("parseSliQuery", () => {
  it("reads the usual SLI shapes", () => {
    const query = parse('sum(rate(http_requests_total{service="checkout",code!~"5.."}[5m]))');
    expect(query).toMatchObject({ fn: "rate", rangeMs: 300_000, sum: true, by: [] });
    expect(query.matchers).toEqual([
      { name: "__name__", op: "=", value: "http_requests_total" },
      { name: "service", op: "=", value: "checkout" },
      { name: "code", op: "!~", value: "5.." },
    ]);
    expect(parse("sum by (route) (increase(x_total[1h]))")).toMatchObject({
      fn: "increase",
      by: ["route"],
      rangeMs: 3_600_000,
    });
    expect(parse("sum(rate(x_total[5m])) by (route, code)")).toMatchObject({ by: ["route", "code"] });
    expect(parse("x_total")).toMatchObject({ fn: null, sum: false, rangeMs: null });
    expect(parse("((sum((x_total))))")).toMatchObject({ sum: true, fn: null });
    expect(parse('{__name__="x", job=~"a|b"}').matchers).toEqual([
      { name: "__name__", op: "=", value: "x" },
      { name: "job", op: "=~", value: "a|b" },
    ]);
  });

  it.each([
    ["histogram_quantile(0.9, sum(rate(b[5m])) by (le))", "function histogram_quantile()"],
    ["avg(rate(x[5m]))", "aggregation avg"],
    ["sum(rate(x[5m])) / sum(rate(y[5m]))", "arithmetic"],
    ["sum without (a) (x)", "sum without"],
    ["rate(x[5m]) offset 1m", "offset"],
    ["sum(rate(x[5m", "invalid PromQL at character"],
    ['{job!="a"}', "needs a metric name"],
    ['x{a=~"("}', "invalid regular expression"],
    ["", "empty"],
  ])("refuses %s with a clear error", (text, fragment) => {
    const parsed = parseSliQuery(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(fragment);
  });

  it("names the supported forms when it refuses a query", () => {
    const parsed = parseSliQuery("max(x)");
    expect(!parsed.ok && parsed.error).toMatch(/supports a selector .*rate\(selector\[5m\]\).*sum by/);
  });
});

describe("compileMatchers", () => {
  it("anchors regexes and treats a missing label as empty, as Prometheus does", () => {
    const matches = compileMatchers(parse('x{code=~"5..", env!="dev", team=""}').matchers);
    expect(matches({ __name__: "x", code: "503" })).toBe(true);
    expect(matches({ __name__: "x", code: "5030" })).toBe(false);
    expect(matches({ __name__: "x", code: "503", env: "dev" })).toBe(false);
    expect(matches({ __name__: "x", code: "503", team: "a" })).toBe(false);
    expect(matches({ __name__: "y", code: "503" })).toBe(false);
  });
});

it("formats a selector back to PromQL and unquotes every string form", () => {
  expect(formatSelector(parse('x{a="b",c=~"d.*"}').matchers)).toBe('x{a="b",c=~"d.*"}');
  expect(formatSelector(parse('{__name__=~"x|y"}').matchers)).toBe('{__name__=~"x|y"}');
  expect(unquotePromqlString('"a\\"b\\n"')).toBe('a"b\n');
  expect(unquotePromqlString("'it\\'s'")).toBe("it's");
  expect(unquotePromqlString("`raw\\n`")).toBe("raw\\n");
});
