import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PROBE_KINDS } from "./kinds.js";
import { matchMonitorFilters } from "./monitor-filters.js";
import { MONITORS } from "./monitor-objects.js";
import "./store.js";

type JsonSchema = { properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] };

/** Every key of the kind's spec, across the branches of a union such as Monitor's check types. */
function specKeysOf(schema: z.ZodType): Set<string> {
  const document = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const keys = new Set<string>();
  const visit = (node: JsonSchema | undefined) => {
    if (!node) return;
    for (const key of Object.keys(node.properties ?? {})) keys.add(key);
    for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) visit(branch);
  };
  visit(document.properties?.spec);
  return keys;
}

describe("probes' queries of Monitor objects", () => {
  it("name only spec fields that the Monitor schema has", () => {
    // Every filter at once, so each query part that reads the spec has been built.
    matchMonitorFilters({ search: "shop", type: "http", state: "up" });
    const monitor = PROBE_KINDS.find((kind) => kind.kind === "Monitor");
    const known = specKeysOf(monitor?.schema as z.ZodType);
    const used = MONITORS.specKeysUsed();
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((key) => !known.has(key))).toEqual([]);
    expect(known).toContain("url");
  });
});
