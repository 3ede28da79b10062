import { describe, expect, it } from "vitest";
import { burnAlertPolicies, toObjectName, toWindowShorthand } from "./import-common.js";

describe("toWindowShorthand", () => {
  it.each([
    ["28d", "28d"],
    ["2w", "2w"],
    ["1h30m", "90m"],
    ["1y", "365d"],
    ["48h0m", "2d"],
    ["120s", "2m"],
  ])("reads %s as %s", (text, shorthand) => expect(toWindowShorthand(text)).toBe(shorthand));

  it.each(["", "soon", "30", "90s", "1d 2h", "0d"])("refuses %j", (text) =>
    expect(toWindowShorthand(text)).toEqual({ error: expect.stringMatching(/expected a window/) }),
  );
});

describe("toObjectName", () => {
  it("keeps valid names and mends the rest", () => {
    expect(toObjectName("payments-charge_ok.v2")).toBe("payments-charge_ok.v2");
    expect(toObjectName("Payments API / charge (EU)")).toBe("Payments-API-charge-EU");
    expect(toObjectName(`-${"x".repeat(80)}-`)).toHaveLength(63);
    expect(toObjectName("///")).toBe("imported");
  });
});

describe("burnAlertPolicies", () => {
  it("writes one policy per tier of the severities asked for, shorter than the window", () => {
    const policies = burnAlertPolicies(24, ["page", "ticket"], (severity) => severity);
    expect(policies.map((policy) => policy.metadata.name)).toEqual(["page-1h", "page-6h", "ticket-1d"]);
    expect(policies.map((policy) => policy.spec.conditions[0]?.spec.condition.threshold)).toEqual([0.48, 0.2, 0.1]);
    expect(burnAlertPolicies(720, ["ticket"], () => "").map((policy) => policy.metadata.name)).toEqual([
      "ticket-1d",
      "ticket-3d",
    ]);
  });
});
