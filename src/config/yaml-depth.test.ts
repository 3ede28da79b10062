import { describe, expect, it } from "vitest";
import { estimateYamlDepth } from "./yaml-depth.js";

describe("estimateYamlDepth", () => {
  it("counts indentation, sequence entries and flow brackets", () => {
    expect(estimateYamlDepth("a: 1\nb: 2\n")).toBe(1);
    expect(estimateYamlDepth("spec:\n  objectives:\n    - target: 0.99\n      op: lt\n")).toBe(4);
    expect(estimateYamlDepth("a: [1, [2, {b: [3]}]]\n")).toBe(5);
    expect(estimateYamlDepth(`${"- ".repeat(5000)}x\n`)).toBe(5001);
    expect(estimateYamlDepth(`${"[".repeat(300)}${"]".repeat(300)}\n`)).toBe(301);
  });

  it("ignores brackets in quotes and comments, and blank or comment lines", () => {
    expect(estimateYamlDepth("a: \"[[[[\"\nb: '{{' # [[[\n\n# - - - -\n")).toBe(1);
  });

  it("is never less than the real depth of a real document", () => {
    const text =
      "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  indicator:\n    spec:\n      ratioMetric:\n        good: {metricSource: {type: Events, spec: {}}}\n";
    // spec > indicator > spec > ratioMetric > good > metricSource > spec: 8 with the top mapping.
    expect(estimateYamlDepth(text)).toBeGreaterThanOrEqual(8);
  });
});
