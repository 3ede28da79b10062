// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about literal ${NAME} references
import { describe, expect, it } from "vitest";
import { KINDS } from "../kinds.js";
import type { NinesDocument } from "./document.js";
import { toYaml } from "./export.js";
import { loadDocuments } from "./load.js";

const KIND_ORDER = KINDS.names();

const loadAll = (text: string) => {
  const { documents, issues } = loadDocuments(text, "export.yaml", { env: {}, kinds: KINDS });
  expect(issues).toEqual([]);
  return documents.map((loaded) => loaded.document);
};

describe("toYaml", () => {
  it("round-trips: export, load, export gives the same text", () => {
    const examples = [...KINDS.all].reverse().map((kind) => kind.example);
    const first = toYaml(loadAll(examples.join("---\n")), KIND_ORDER);
    const second = toYaml(loadAll(first), KIND_ORDER);
    expect(second).toBe(first);
    expect(loadAll(first).map((document) => document.kind)).toEqual(KIND_ORDER);
  });

  it("sorts by kind, then name, and puts apiVersion, kind, metadata and spec first", () => {
    const documents = [
      {
        spec: { description: "b" },
        metadata: { displayName: "B", name: "b" },
        kind: "Service",
        apiVersion: "openslo/v1",
      },
      { apiVersion: "openslo/v1", kind: "Service", metadata: { name: "a" }, spec: {} },
      {
        apiVersion: "nines/v1",
        kind: "Monitor",
        metadata: { name: "z" },
        spec: { type: "http", url: "https://z.example" },
      },
    ] satisfies NinesDocument[];
    expect(toYaml(documents, KIND_ORDER)).toBe(`apiVersion: nines/v1
kind: Monitor
metadata:
  name: z
spec:
  type: http
  url: https://z.example
---
apiVersion: openslo/v1
kind: Service
metadata:
  name: a
spec: {}
---
apiVersion: openslo/v1
kind: Service
metadata:
  name: b
  displayName: B
spec:
  description: b
`);
  });

  it("keeps a literal ${ literal through a load", () => {
    const document = {
      apiVersion: "openslo/v1",
      kind: "Service",
      metadata: { name: "a" },
      spec: { description: "costs ${PRICE} or $${X}" },
    };
    const text = toYaml([document]);
    expect(loadAll(text)).toEqual([document]);
  });

  it("writes nothing for no documents", () => {
    expect(toYaml([])).toBe("");
  });
});
