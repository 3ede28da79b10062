import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import { RE2JS } from "re2js";

/**
 * The PromQL an SLI may use where Nines evaluates it itself (remote_write data) or turns it into
 * exact per-minute counts (a Prometheus query API): a counter or gauge selector, optionally inside
 * `rate(...[d])` or `increase(...[d])`, optionally summed, optionally `by` labels. The range `[d]`
 * is read but not used for counting: Nines counts every minute's increase exactly, whatever the
 * range says. Parsing is lezer-promql's (Prometheus' own grammar for its UI).
 */

export const MATCH_OPS = ["=", "!=", "=~", "!~"] as const;
export type MatchOp = (typeof MATCH_OPS)[number];

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

export interface SliQuery {
  /** The query as written. */
  text: string;
  /** The series it reads; the metric name is a `__name__` matcher. */
  matchers: LabelMatcher[];
  /** `rate` or `increase` around the selector, or none (a bare selector). */
  fn: "rate" | "increase" | null;
  /** The range of `rate`/`increase` in ms, as written (informative only). */
  rangeMs: number | null;
  /** Whether the series are summed (`sum(...)`); without, the query must select one series. */
  sum: boolean;
  /** The labels of `sum by (...)`, kept in the result. */
  by: string[];
}

export type ParsedSliQuery = { ok: true; query: SliQuery } | { ok: false; error: string };

export const SUPPORTED_FORMS =
  'a selector (metric{label="value"}), rate(selector[5m]) or increase(selector[5m]), each optionally inside sum(...) or sum by (labels) (...)';

const unsupported = (what: string) =>
  `the embedded PromQL engine can't evaluate ${what}; it supports ${SUPPORTED_FORMS}. For other queries, read them from a Prometheus query API (a DataSource of type Prometheus with a url)`;

const DURATION_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

function parseRange(text: string): number | null {
  let total = 0;
  const pattern = /(\d+)(ms|s|m|h|d|w|y)/g;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    total += Number(match[1]) * (DURATION_MS[match[2] as string] as number);
    consumed += match[0].length;
  }
  return consumed === text.length && total > 0 ? total : null;
}

/** PromQL string literals: "double" (Go escapes), 'single', or `raw`. */
export function unquotePromqlString(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === "`") return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_match, sequence: string) => {
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v" };
    if (sequence.length === 1) return simple[sequence] ?? sequence;
    if (sequence[0] === "u" || sequence[0] === "x") return String.fromCharCode(Number.parseInt(sequence.slice(1), 16));
    return String.fromCharCode(Number.parseInt(sequence, 8));
  });
}

const textOf = (source: string, node: SyntaxNode) => source.slice(node.from, node.to);

function firstError(node: SyntaxNode): SyntaxNode | undefined {
  const cursor = node.cursor();
  do {
    if (cursor.type.isError) return cursor.node;
  } while (cursor.next());
  return undefined;
}

/** Skips `( ... )` around an expression. */
function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.name === "ParenExpr") {
    const child = [...children(current)].find((item) => item.name !== "(" && item.name !== ")");
    if (!child) break;
    current = child;
  }
  return current;
}

function* children(node: SyntaxNode): Generator<SyntaxNode> {
  for (let child = node.firstChild; child; child = child.nextSibling) yield child;
}

function readMatchers(source: string, selector: SyntaxNode): LabelMatcher[] | string {
  const matchers: LabelMatcher[] = [];
  for (const child of children(selector)) {
    if (child.name === "Identifier") matchers.push({ name: "__name__", op: "=", value: textOf(source, child) });
    if (child.name !== "LabelMatchers") continue;
    for (const matcher of children(child)) {
      if (matcher.name === "QuotedLabelName") {
        const name = matcher.getChild("StringLiteral");
        if (name) matchers.push({ name: "__name__", op: "=", value: unquotePromqlString(textOf(source, name)) });
        continue;
      }
      if (matcher.name !== "UnquotedLabelMatcher" && matcher.name !== "QuotedLabelMatcher") continue;
      const nameNode = matcher.getChild("LabelName") ?? matcher.getChild("QuotedLabelName")?.getChild("StringLiteral");
      const opNode = matcher.getChild("MatchOp");
      const valueNode = matcher.getChildren("StringLiteral").at(-1);
      if (!nameNode || !opNode || !valueNode) return `can't read the label matcher ${textOf(source, matcher)}`;
      const rawName = textOf(source, nameNode);
      const name = nameNode.name === "StringLiteral" ? unquotePromqlString(rawName) : rawName;
      matchers.push({
        name,
        op: textOf(source, opNode) as MatchOp,
        value: unquotePromqlString(textOf(source, valueNode)),
      });
    }
  }
  if (!matchers.some((matcher) => matcher.op === "=" || matcher.op === "=~"))
    return "a selector needs a metric name or at least one = or =~ matcher";
  for (const matcher of matchers) {
    if (matcher.op === "=~" || matcher.op === "!~") {
      try {
        RE2JS.compile(matcher.value);
      } catch (error) {
        return `invalid regular expression ${JSON.stringify(matcher.value)} for label ${matcher.name}: ${(error as Error).message}`;
      }
    }
  }
  return matchers;
}

interface Inner {
  matchers: LabelMatcher[];
  fn: "rate" | "increase" | null;
  rangeMs: number | null;
}

function readInner(source: string, expression: SyntaxNode): Inner | string {
  const node = unwrap(expression);
  if (node.name === "VectorSelector") {
    const matchers = readMatchers(source, node);
    return typeof matchers === "string" ? matchers : { matchers, fn: null, rangeMs: null };
  }
  if (node.name === "FunctionCall") {
    const identifier = node.getChild("FunctionIdentifier");
    const name = identifier ? textOf(source, identifier) : "";
    if (name !== "rate" && name !== "increase") return unsupported(`the function ${name}()`);
    const body = node.getChild("FunctionCallBody");
    const args = body ? [...children(body)].filter((child) => !["(", ")", ","].includes(child.name)) : [];
    const matrix = args.length === 1 ? unwrap(args[0] as SyntaxNode) : undefined;
    if (matrix?.name !== "MatrixSelector") return `${name}() needs one range selector such as x_total[5m]`;
    const vector = matrix.getChild("VectorSelector");
    const range = matrix.getChild("DurationExpr");
    if (!vector || !range) return `${name}() needs one range selector such as x_total[5m]`;
    const matchers = readMatchers(source, vector);
    if (typeof matchers === "string") return matchers;
    const rangeMs = parseRange(textOf(source, range));
    if (rangeMs === null) return `expected a range such as [5m], got [${textOf(source, range)}]`;
    return { matchers, fn: name, rangeMs };
  }
  return unsupported(describeNode(source, node));
}

function describeNode(source: string, node: SyntaxNode): string {
  const names: Record<string, string> = {
    BinaryExpr: "arithmetic or comparison between expressions",
    OffsetExpr: "offset",
    SubqueryExpr: "subqueries",
    NumberDurationLiteral: "a number",
    StringLiteral: "a string",
    UnaryExpr: "a unary minus",
    MatrixSelector: "a range selector on its own",
    StepInvariantExpr: "@ modifiers",
  };
  return names[node.name] ?? JSON.stringify(textOf(source, node));
}

/** Parses an SLI query into the form Nines evaluates, or says what is wrong and what is supported. */
export function parseSliQuery(text: string): ParsedSliQuery {
  if (text.trim() === "") return { ok: false, error: "expected a PromQL query, got an empty string" };
  const tree = parser.parse(text);
  const top = tree.topNode;
  const error = firstError(top);
  if (error) {
    const at = error.from;
    return {
      ok: false,
      error: `invalid PromQL at character ${at + 1}: ${JSON.stringify(text.slice(Math.max(0, at - 20), at + 20))}`,
    };
  }
  const root = top.firstChild;
  if (!root) return { ok: false, error: "expected a PromQL query" };
  const node = unwrap(root);
  if (node.name === "AggregateExpr") {
    const op = node.getChild("AggregateOp");
    const opName = op ? textOf(text, op) : "";
    if (opName !== "sum") return { ok: false, error: unsupported(`the aggregation ${opName}`) };
    const modifier = node.getChild("AggregateModifier");
    let by: string[] = [];
    if (modifier) {
      if (!modifier.getChild("By")) return { ok: false, error: unsupported("sum without (...)") };
      const grouping = modifier.getChild("GroupingLabels");
      by = grouping ? grouping.getChildren("LabelName").map((label) => textOf(text, label)) : [];
    }
    const body = node.getChild("FunctionCallBody");
    const args = body ? [...children(body)].filter((child) => !["(", ")", ","].includes(child.name)) : [];
    if (args.length !== 1) return { ok: false, error: "sum() takes one expression" };
    const inner = readInner(text, args[0] as SyntaxNode);
    if (typeof inner === "string") return { ok: false, error: inner };
    return { ok: true, query: { text, ...inner, sum: true, by } };
  }
  const inner = readInner(text, node);
  if (typeof inner === "string") return { ok: false, error: inner };
  return { ok: true, query: { text, ...inner, sum: false, by: [] } };
}

export type Labels = Readonly<Record<string, string>>;

/** A matcher function for a query's series; regexes are anchored, as Prometheus does, on RE2. */
export function compileMatchers(matchers: readonly LabelMatcher[]): (labels: Labels) => boolean {
  const tests = matchers.map((matcher) => {
    if (matcher.op === "=") return (value: string) => value === matcher.value;
    if (matcher.op === "!=") return (value: string) => value !== matcher.value;
    const regex = RE2JS.compile(`^(?:${matcher.value})$`);
    return matcher.op === "=~" ? (value: string) => regex.matches(value) : (value: string) => !regex.matches(value);
  });
  return (labels) =>
    matchers.every((matcher, index) => (tests[index] as (value: string) => boolean)(labels[matcher.name] ?? ""));
}

/** The selector as PromQL text, `name{a="b",c=~"d"}`, for queries sent to a Prometheus. */
export function formatSelector(matchers: readonly LabelMatcher[]): string {
  const name = matchers.find((matcher) => matcher.name === "__name__" && matcher.op === "=");
  const rest = matchers.filter((matcher) => matcher !== name);
  const inner = rest.map((matcher) => `${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`).join(",");
  return `${name?.value ?? ""}${inner || !name ? `{${inner}}` : ""}`;
}

/** The metric names a query can match, for a quick first filter on incoming series; null: any. */
export function metricNamesOf(matchers: readonly LabelMatcher[]): string[] | null {
  const name = matchers.find((matcher) => matcher.name === "__name__" && matcher.op === "=");
  return name ? [name.value] : null;
}
