import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KINDS } from "../kinds.js";
import { referenceFileName, renderReference, renderReferenceIndex } from "./reference.js";

const DIRECTORY = join(import.meta.dirname, "../../docs/reference");
const pages = new Map([
  ["README.md", renderReferenceIndex(KINDS)],
  ...KINDS.all.map((kind) => [referenceFileName(kind), renderReference(kind)] as const),
]);

describe("docs/reference", () => {
  if (process.env.UPDATE_REFERENCE === "1") {
    it("writes the pages", () => {
      mkdirSync(DIRECTORY, { recursive: true });
      for (const [name, text] of pages) writeFileSync(join(DIRECTORY, name), text);
    });
    return;
  }

  it.each([...pages.keys()])("%s matches the schemas", (name) => {
    const path = join(DIRECTORY, name);
    expect(
      existsSync(path),
      `${path} is missing; run UPDATE_REFERENCE=1 npx vitest run src/config/reference.test.ts`,
    ).toBe(true);
    expect(
      readFileSync(path, "utf8"),
      "out of date; run UPDATE_REFERENCE=1 npx vitest run src/config/reference.test.ts",
    ).toBe(pages.get(name));
  });

  it("has no page for a kind that no longer exists", () => {
    const stale = readdirSync(DIRECTORY).filter((name) => name.endsWith(".md") && !pages.has(name));
    expect(stale).toEqual([]);
  });

  it("documents every field of a kind, nested ones included", () => {
    const slo = pages.get("slo.md") ?? "";
    for (const field of [
      "spec.objectives[].target",
      "spec.timeWindow[].calendar.timeZone",
      "spec.alertPolicies[].alertPolicyRef",
    ]) {
      expect(slo).toContain(`| \`${field}\` |`);
    }
    expect(slo).toContain("inline [SLI](sli.md)");
  });
});
