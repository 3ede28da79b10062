import { describe, expect, it } from "vitest";
import type { GettableAlert } from "../../src/client/index.js";
import {
  alertCondition,
  describeSuppression,
  formatMatchers,
  matchersFromLabels,
  parseMatchers,
  sortedLabels,
  UNROUTED,
  withUngrouped,
} from "./alert-view.js";

const alert = (overrides: Partial<GettableAlert> = {}): GettableAlert => ({
  fingerprint: "0123456789abcdef",
  labels: { alertname: "Down" },
  annotations: {},
  startsAt: "2026-03-01T10:00:00.000Z",
  endsAt: "2026-03-01T11:00:00.000Z",
  updatedAt: "2026-03-01T10:00:00.000Z",
  receivers: [{ name: "ops" }],
  status: { state: "active", silencedBy: [], inhibitedBy: [], mutedBy: [] },
  ...overrides,
});

describe("parseMatchers", () => {
  it("reads the silence link's filter with every operator", () => {
    expect(parseMatchers('{alertname="Down", service=~"cart|shop",env!="dev",team!~"a.*"}')).toEqual({
      ok: true,
      matchers: [
        { name: "alertname", value: "Down", isRegex: false, isEqual: true },
        { name: "service", value: "cart|shop", isRegex: true, isEqual: true },
        { name: "env", value: "dev", isRegex: false, isEqual: false },
        { name: "team", value: "a.*", isRegex: true, isEqual: false },
      ],
    });
  });

  it("takes bare values, escapes and commas inside quotes", () => {
    expect(parseMatchers('job=batch, note="a, \\"b\\""')).toEqual({
      ok: true,
      matchers: [
        { name: "job", value: "batch", isRegex: false, isEqual: true },
        { name: "note", value: 'a, "b"', isRegex: false, isEqual: true },
      ],
    });
    expect(parseMatchers("{}")).toEqual({ ok: true, matchers: [] });
  });

  it("says what is wrong", () => {
    expect(parseMatchers('{a="b"')).toMatchObject({ ok: false, error: "expected a closing }" });
    expect(parseMatchers("1a=b")).toMatchObject({ ok: false });
    expect(parseMatchers('a="unterminated')).toMatchObject({ ok: false, error: "expected a value after a=" });
  });

  it("reads back what formatMatchers writes", () => {
    const text = '{a="x\\"y", b=~"1|2", c!="3", d!~"4"}';
    const read = parseMatchers(text);
    expect(read.ok && formatMatchers(read.matchers)).toBe(text);
  });
});

describe("alert state", () => {
  const now = Date.parse("2026-03-01T10:30:00.000Z");

  it("is resolved once endsAt passed, whatever the status", () => {
    expect(alertCondition(alert({ endsAt: "2026-03-01T10:29:59.000Z" }), now)).toBe("resolved");
    expect(alertCondition(alert(), now)).toBe("firing");
    expect(
      alertCondition(alert({ status: { state: "suppressed", silencedBy: ["s"], inhibitedBy: [], mutedBy: [] } }), now),
    ).toBe("suppressed");
  });

  it("names what suppresses an alert", () => {
    expect(describeSuppression(alert())).toBeUndefined();
    expect(
      describeSuppression(
        alert({
          status: { state: "suppressed", silencedBy: ["5d3f0c2a-aaaa-bbbb"], inhibitedBy: ["fp1"], mutedBy: [] },
        }),
      ),
    ).toBe("silenced by 5d3f0c2a…; inhibited by fp1");
  });

  it("puts alertname first and builds equality matchers from labels", () => {
    expect(sortedLabels({ zone: "a", alertname: "Down", env: "prod" }).map(([name]) => name)).toEqual([
      "alertname",
      "env",
      "zone",
    ]);
    expect(formatMatchers(matchersFromLabels({ service: "cart", alertname: "Down" }))).toBe(
      '{alertname="Down", service="cart"}',
    );
  });
});

describe("withUngrouped", () => {
  it("adds the alerts no group holds as one group of their own", () => {
    const a = alert({ fingerprint: "a" });
    const b = alert({ fingerprint: "b" });
    const group = { labels: { service: "cart" }, routeLabels: {}, receiver: { name: "ops" }, alerts: [a] };
    expect(withUngrouped([group], [a, b])).toEqual([
      group,
      { labels: {}, routeLabels: {}, receiver: { name: UNROUTED }, alerts: [b] },
    ]);
    expect(withUngrouped([group], [a])).toEqual([group]);
  });
});
