import { describe, expect, it } from "vitest";
import { KINDS } from "../kinds.js";
import type { NinesDocument } from "./document.js";
import type { StoredObject } from "./objects.js";
import { computePlan } from "./plan.js";

// DataSource's connectionDetails take any YAML, so they can hold whatever shape a test needs.
const dataSource = (name: string, connectionDetails: unknown): NinesDocument => ({
  apiVersion: "openslo/v1",
  kind: "DataSource",
  metadata: { name },
  spec: { type: "Prometheus", connectionDetails },
});

const service = (name: string): NinesDocument => ({
  apiVersion: "openslo/v1",
  kind: "Service",
  metadata: { name },
  spec: {},
});

let nextId = 1;
const stored = (document: NinesDocument): StoredObject => ({
  ...(document as StoredObject),
  id: nextId++,
  generation: 1,
  createdAt: 0,
  updatedAt: 0,
});

describe("computePlan", () => {
  it("finds nothing to change when only key order differs, at every depth and inside lists", () => {
    const before = dataSource("prometheus", {
      url: "http://prometheus:9090",
      headers: { accept: "json", auth: { user: "a", scheme: "basic" } },
      replicas: [
        { host: "a", port: 1, tags: [{ zone: "x", rack: 1 }] },
        { host: "b", port: 2 },
      ],
    });
    const after = dataSource("prometheus", {
      replicas: [
        { tags: [{ rack: 1, zone: "x" }], port: 1, host: "a" },
        { port: 2, host: "b" },
      ],
      headers: { auth: { scheme: "basic", user: "a" }, accept: "json" },
      url: "http://prometheus:9090",
    });
    expect(computePlan(KINDS, [stored(before)], [after]).changes).toEqual([
      { action: "unchanged", apiVersion: "openslo/v1", kind: "DataSource", name: "prometheus" },
    ]);
  });

  it("points at changed fields with RFC 6901 pointers, escaping ~ and /", () => {
    const before = dataSource("prometheus", { "a/b": { "c~d": 1 }, "~/": "x" });
    const after = dataSource("prometheus", { "a/b": { "c~d": 2 }, "~/": "y" });
    const [change] = computePlan(KINDS, [stored(before)], [after]).changes;
    expect(change?.fields).toEqual([
      { path: "/spec/connectionDetails/a~1b/c~0d", before: 1, after: 2 },
      { path: "/spec/connectionDetails/~0~1", before: "x", after: "y" },
    ]);
  });

  it("reports a list whole when an item is added, removed or moved", () => {
    const hosts = (...names: string[]) => dataSource("prometheus", { hosts: names.map((host) => ({ host })) });
    const path = "/spec/connectionDetails/hosts";
    const fieldsOf = (before: NinesDocument, after: NinesDocument) =>
      computePlan(KINDS, [stored(before)], [after]).changes[0]?.fields;
    expect(fieldsOf(hosts("a", "b"), hosts("a", "b", "c"))).toEqual([
      { path, before: [{ host: "a" }, { host: "b" }], after: [{ host: "a" }, { host: "b" }, { host: "c" }] },
    ]);
    expect(fieldsOf(hosts("a", "b"), hosts("a"))).toEqual([
      { path, before: [{ host: "a" }, { host: "b" }], after: [{ host: "a" }] },
    ]);
    expect(fieldsOf(hosts("a", "b"), hosts("b", "a"))).toEqual([
      { path, before: [{ host: "a" }, { host: "b" }], after: [{ host: "b" }, { host: "a" }] },
    ]);
  });

  it("reports fields that appear or disappear without the missing side", () => {
    const [change] = computePlan(
      KINDS,
      [stored(dataSource("prometheus", { url: "u", old: 1 }))],
      [dataSource("prometheus", { url: "u", added: 2 })],
    ).changes;
    expect(change?.fields).toEqual([
      { path: "/spec/connectionDetails/added", after: 2 },
      { path: "/spec/connectionDetails/old", before: 1 },
    ]);
  });

  it("prunes only stored objects of the kinds given, and only with prune", () => {
    const current = [service("keep"), service("gone"), dataSource("other", {})].map(stored);
    const desired = [service("keep")];
    expect(computePlan(KINDS, current, desired).summary).toEqual({ create: 0, change: 0, delete: 0, unchanged: 1 });
    const pruned = computePlan(KINDS, current, desired, { prune: true });
    expect(pruned.changes.filter((change) => change.action === "delete")).toEqual([
      { action: "delete", apiVersion: "openslo/v1", kind: "Service", name: "gone" },
    ]);
    expect(pruned.summary).toEqual({ create: 0, change: 0, delete: 1, unchanged: 1 });
  });

  it("creates what is not stored, ordered by kind as KINDS lists them, then by name", () => {
    const plan = computePlan(KINDS, [], [dataSource("b", {}), service("z"), dataSource("a", {})]);
    expect(plan.changes.map((change) => `${change.action} ${change.kind}/${change.name}`)).toEqual([
      "create Service/z",
      "create DataSource/a",
      "create DataSource/b",
    ]);
  });
});
