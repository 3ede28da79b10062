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

  it("quotes strings that a YAML 1.1 reader would take for a date, number, boolean or null", () => {
    const ambiguous = [
      "2026-01-05 00:00:00",
      "2026-01-05",
      "2026-01-05T10:00:00Z",
      "yes",
      "No",
      "on",
      "OFF",
      "y",
      "n",
      "1_000",
      "0x1F",
      "0o17",
      "017",
      "0b101",
      "1:20",
      "190:20:30.15",
      "1.5",
      ".5",
      "1e3",
      "+12_3",
      ".inf",
      ".NaN",
      "~",
      "null",
      "<<",
    ];
    const plain = ["plain", "28d", "1h", "10.0.0.1", "1.2.3", "http://127.0.0.1:9090", "2026-01-05x", "yess"];
    const document = {
      apiVersion: "openslo/v1",
      kind: "DataSource",
      metadata: { name: "a" },
      spec: { type: "Prometheus", connectionDetails: { ambiguous, plain, yes: "key" } },
    };
    const text = toYaml([document]);
    for (const value of ambiguous) expect(text).toContain(`  - "${value}"\n`);
    for (const value of plain) expect(text).toContain(`  - ${value}\n`);
    expect(text).toContain('    "yes": key\n');
    expect(loadAll(text)).toEqual([document]);
    expect(toYaml(loadAll(text))).toBe(text);
  });

  it("keeps a calendar start time quoted through export and load", () => {
    const slo = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: monthly
spec:
  service: checkout
  indicatorRef: checkout-availability
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: "2026-01-05 00:00:00"
        timeZone: Europe/Berlin
  budgetingMethod: Occurrences
  objectives:
    - target: 0.99
`;
    expect(toYaml(loadAll(slo))).toBe(slo);
  });

  it("writes nothing for no documents", () => {
    expect(toYaml([])).toBe("");
  });
});
