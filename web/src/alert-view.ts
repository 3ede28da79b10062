import type { AlertGroupView, GettableAlert, LabelSetView, MatcherView } from "../../src/client/index.js";

/**
 * What the alert pages compute from Alertmanager's answers: matchers read from and written as
 * `{name="value", other=~"a|b"}` (the silence link's `filter`), and an alert's state in words.
 */

export type MatcherRead = { ok: true; matchers: MatcherView[] } | { ok: false; error: string };

const OPERATOR = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*/;

/** Reads `{a="b", c=~"d"}` (braces optional, values quoted or bare) as Alertmanager's matchers. */
export function parseMatchers(text: string): MatcherRead {
  let rest = text.trim();
  if (rest.startsWith("{")) {
    if (!rest.endsWith("}")) return { ok: false, error: "expected a closing }" };
    rest = rest.slice(1, -1);
  }
  const matchers: MatcherView[] = [];
  while (rest.trim() !== "") {
    const head = OPERATOR.exec(rest);
    if (!head) return { ok: false, error: `expected a matcher such as severity="page" at "${rest.trim()}"` };
    const [whole, name, operator] = head as unknown as [string, string, string];
    rest = rest.slice(whole.length);
    const value = readValue(rest);
    if (!value) return { ok: false, error: `expected a value after ${name}${operator}` };
    rest = value.rest.replace(/^\s*,?/, "");
    matchers.push({
      name,
      value: value.value,
      isRegex: operator.endsWith("~"),
      isEqual: !operator.startsWith("!"),
    });
  }
  return { ok: true, matchers };
}

function readValue(text: string): { value: string; rest: string } | undefined {
  if (!text.startsWith('"')) {
    const end = text.search(/[,}]/);
    const value = (end === -1 ? text : text.slice(0, end)).trim();
    return value === "" ? undefined : { value, rest: end === -1 ? "" : text.slice(end) };
  }
  let value = "";
  for (let index = 1; index < text.length; index++) {
    const char = text[index]!;
    if (char === "\\" && index + 1 < text.length) {
      const next = text[++index]!;
      value += next === "n" ? "\n" : next;
    } else if (char === '"') return { value, rest: text.slice(index + 1) };
    else value += char;
  }
  return undefined;
}

export function formatMatcher(matcher: MatcherView): string {
  const operator = `${matcher.isEqual === false ? "!" : "="}${matcher.isRegex ? "~" : matcher.isEqual === false ? "=" : ""}`;
  return `${matcher.name}${operator}${JSON.stringify(matcher.value)}`;
}

/** `{alertname="Down", service="cart"}`, the form the silence link and amtool take. */
export const formatMatchers = (matchers: readonly MatcherView[]) => `{${matchers.map(formatMatcher).join(", ")}}`;

/** Equality matchers for every label, in name order. */
export const matchersFromLabels = (labels: LabelSetView): MatcherView[] =>
  Object.keys(labels)
    .sort()
    .map((name) => ({ name, value: labels[name]!, isRegex: false, isEqual: true }));

/** Labels sorted with `alertname` first: the name an operator reads before the rest. */
export function sortedLabels(labels: LabelSetView): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) =>
    a === "alertname" ? -1 : b === "alertname" ? 1 : a.localeCompare(b),
  );
}

export type AlertCondition = "firing" | "suppressed" | "resolved";

/** Firing, suppressed (silenced, inhibited or muted) or resolved, as of `now`. */
export function alertCondition(alert: GettableAlert, now: number): AlertCondition {
  if (Date.parse(alert.endsAt) <= now) return "resolved";
  return alert.status.state === "suppressed" ? "suppressed" : "firing";
}

/** "silenced by 4f2a…, inhibited by 9c1e…": why a suppressed alert sends nothing. */
export function describeSuppression(alert: GettableAlert): string | undefined {
  const { silencedBy, inhibitedBy, mutedBy } = alert.status;
  const parts = [
    silencedBy.length > 0 && `silenced by ${silencedBy.map(shortId).join(", ")}`,
    inhibitedBy.length > 0 && `inhibited by ${inhibitedBy.map(shortId).join(", ")}`,
    mutedBy.length > 0 && `muted by ${mutedBy.join(", ")}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** The first 8 characters of a silence id or fingerprint: enough to tell them apart on screen. */
export const shortId = (id: string) => (id.length > 10 ? `${id.slice(0, 8)}…` : id);

/** A group's own labels as one line, `{}` for the catch-all group. */
export const formatGroupLabels = (labels: LabelSetView) =>
  `{${sortedLabels(labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(", ")}}`;

/** The receiver name the page shows for alerts no Route took: they are kept and listed, sent nowhere. */
export const UNROUTED = "(no route)";

/**
 * The dispatcher's groups, plus one group of the alerts in none of them (no Route matched, or the
 * dispatcher has not placed them yet), so every alert the server holds is on the page.
 */
export function withUngrouped(groups: readonly AlertGroupView[], alerts: readonly GettableAlert[]): AlertGroupView[] {
  const grouped = new Set(groups.flatMap((group) => group.alerts.map((alert) => alert.fingerprint)));
  const rest = alerts.filter((alert) => !grouped.has(alert.fingerprint));
  return rest.length === 0
    ? [...groups]
    : [...groups, { labels: {}, routeLabels: {}, receiver: { name: UNROUTED }, alerts: rest }];
}
