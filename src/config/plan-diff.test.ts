import { describe, expect, it } from "vitest";
import { KINDS } from "../kinds.js";
import type { NinesDocument } from "./document.js";
import type { StoredObject } from "./objects.js";
import { canonicalJson, computePlan, diffValues, summarize } from "./plan.js";

/** What a plan compares, down to its field pointers; the plan tests of references live in plan.test.ts. */

const service = (name: string, spec: Record<string, unknown> = {}): NinesDocument<Record<string, unknown>> => ({
  apiVersion: "openslo/v1",
  kind: "Service",
  metadata: { name },
  spec,
});

let nextId = 1;
const stored = (document: NinesDocument<Record<string, unknown>>): StoredObject => ({
  ...document,
  id: nextId++,
  generation: 1,
  createdAt: 0,
  updatedAt: 0,
});

const monitor = (name: string): NinesDocument<Record<string, unknown>> => ({
  apiVersion: "nines/v1",
  kind: "Monitor",
  metadata: { name },
  spec: { type: "http", url: `https://${name}.example/`, interval: "30s" },
});

describe("computePlan", () => {
  it("creates, changes, keeps and (pruning) deletes, in kind order and then by name", () => {
    const current = [
      stored(service("checkout", { description: "Checkout" })),
      stored(service("search", { description: "Search" })),
      stored(service("old", { description: "Gone soon" })),
    ];
    const desired = [
      service("search", { description: "Search" }),
      service("checkout", { description: "Checkout and payment" }),
      service("basket"),
      monitor("shop"),
    ];
    const plan = computePlan(KINDS, current, desired, { prune: true });
    expect(plan).toEqual({
      applied: false,
      summary: { create: 2, change: 1, delete: 1, unchanged: 1 },
      changes: [
        { action: "create", apiVersion: "nines/v1", kind: "Monitor", name: "shop" },
        { action: "create", apiVersion: "openslo/v1", kind: "Service", name: "basket" },
        {
          action: "change",
          apiVersion: "openslo/v1",
          kind: "Service",
          name: "checkout",
          fields: [{ path: "/spec/description", before: "Checkout", after: "Checkout and payment" }],
        },
        { action: "delete", apiVersion: "openslo/v1", kind: "Service", name: "old" },
        { action: "unchanged", apiVersion: "openslo/v1", kind: "Service", name: "search" },
      ],
    });
  });

  it("deletes nothing without prune, and prunes only the kinds the documents name", () => {
    const current = [stored(service("old")), stored(monitor("legacy"))];
    expect(computePlan(KINDS, current, [service("new")]).changes.map((change) => change.action)).toEqual(["create"]);
    expect(computePlan(KINDS, current, [service("new")], { prune: false }).summary.delete).toBe(0);
    const pruned = computePlan(KINDS, current, [service("new")], { prune: true });
    expect(pruned.changes.map(({ action, name }) => `${action} ${name}`)).toEqual(["create new", "delete old"]);
  });

  it("tells objects of two kinds with the same name apart", () => {
    const current = [stored(service("shop"))];
    const plan = computePlan(KINDS, current, [monitor("shop"), service("shop")], { prune: true });
    expect(plan.changes.map(({ action, kind }) => `${action} ${kind}`)).toEqual([
      "create Monitor",
      "unchanged Service",
    ]);
  });
});

describe("summarize", () => {
  it("counts each action, zero for the absent ones", () => {
    expect(summarize([])).toEqual({ create: 0, change: 0, delete: 0, unchanged: 0 });
    const base = { apiVersion: "openslo/v1", kind: "Service" };
    expect(
      summarize([
        { action: "delete", ...base, name: "a" },
        { action: "delete", ...base, name: "b" },
        { action: "unchanged", ...base, name: "c" },
      ]),
    ).toEqual({ create: 0, change: 0, delete: 2, unchanged: 1 });
  });
});

describe("diffValues", () => {
  it("points at each changed field, escaping ~ and / in keys", () => {
    const before = { spec: { "a/b": 1, "c~d": { e: true }, same: "x" } };
    const after = { spec: { "a/b": 2, "c~d": { e: false }, same: "x" } };
    expect(diffValues(before, after, "")).toEqual([
      { path: "/spec/a~1b", before: 1, after: 2 },
      { path: "/spec/c~0d/e", before: true, after: false },
    ]);
  });

  it("leaves out the side a field is missing from, and sorts by key", () => {
    // Strictly: a missing side is no key at all, not a key holding undefined.
    expect(diffValues({ b: 1, old: "x" }, { a: 2, b: 1 }, "")).toStrictEqual([
      { path: "/a", after: 2 },
      { path: "/old", before: "x" },
    ]);
  });

  it("reports a list that differs whole, and a changed value at the root as /", () => {
    expect(diffValues({ tags: ["a", "b"] }, { tags: ["a", "c"] }, "")).toEqual([
      { path: "/tags", before: ["a", "b"], after: ["a", "c"] },
    ]);
    expect(diffValues(1, 2, "")).toEqual([{ path: "/", before: 1, after: 2 }]);
    expect(diffValues({ a: 1 }, [1], "/spec")).toEqual([{ path: "/spec", before: { a: 1 }, after: [1] }]);
    expect(diffValues(null, { a: 1 }, "/x")).toEqual([{ path: "/x", before: null, after: { a: 1 } }]);
  });

  it("finds no difference between equal values whatever their key order", () => {
    expect(
      diffValues({ a: [{ x: 1, y: 2 }], b: { c: 1, d: 2 } }, { b: { d: 2, c: 1 }, a: [{ y: 2, x: 1 }] }, ""),
    ).toEqual([]);
  });
});

describe("canonicalJson", () => {
  it("sorts object keys at every depth and keeps list order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
    expect(canonicalJson({ B: 1, a: 2, _: 3 })).toBe('{"B":1,"_":3,"a":2}');
    expect(canonicalJson(undefined)).toBe("undefined");
    expect(canonicalJson("text")).toBe('"text"');
  });
});
