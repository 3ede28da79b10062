import { describe, expect, it } from "vitest";
import { renderDocument } from "../../src/config/export.js";
import { loadDocuments } from "../../src/config/load.js";
import { KINDS } from "../../src/kinds.js";
import type { Document } from "./api.js";
import { buildDocument, fieldOfIssue, newMonitorValues, valuesFromDocument } from "./monitor-document.js";
import { fieldsOf, findType, MONITOR_TYPES } from "./monitor-fields.js";

const stored: Document = {
  apiVersion: "nines/v1",
  kind: "Monitor",
  metadata: { name: "shop", displayName: "Shop", labels: { team: "web" } },
  spec: {
    type: "http",
    description: "The storefront",
    interval: "30s",
    timeout: "5s",
    url: "https://shop.example/health",
    method: "GET",
    expectedStatus: [200, "300-399"],
    headers: { accept: "text/plain" },
  },
};

describe("the monitor form's document", () => {
  it("writes a new monitor as its YAML would declare it, leaving empty fields to the server's defaults", () => {
    const values = newMonitorValues("http");
    values.name = "checkout";
    values.fields.url = " https://shop.example/checkout ";
    values.fields.expectedStatus = "200, 204 300-399";
    values.fields.failureThreshold = "3";
    expect(buildDocument(values)).toEqual({
      apiVersion: "nines/v1",
      kind: "Monitor",
      metadata: { name: "checkout" },
      spec: {
        type: "http",
        interval: "60s",
        timeout: "10s",
        url: "https://shop.example/checkout",
        method: "GET",
        expectedStatus: [200, 204, "300-399"],
        failureThreshold: 3,
      },
    });
  });

  it("round-trips a stored object, keeping the fields and metadata the form does not show", () => {
    expect(buildDocument(valuesFromDocument(stored), stored)).toEqual(stored);
  });

  it("sends back the generation it loaded, except under a new name", () => {
    const loaded = { ...stored, metadata: { ...stored.metadata, generation: 4 } };
    expect(buildDocument(valuesFromDocument(loaded), loaded).metadata.generation).toBe(4);
    const renamed = buildDocument({ ...valuesFromDocument(loaded), name: "shop-2" }, loaded);
    expect(renamed.metadata).toEqual({ name: "shop-2", displayName: "Shop", labels: { team: "web" } });
  });

  it("pauses and resumes through spec.paused", () => {
    const paused = buildDocument({ ...valuesFromDocument(stored), paused: true }, stored);
    expect(paused.spec.paused).toBe(true);
    expect(valuesFromDocument(paused).paused).toBe(true);
    expect(buildDocument({ ...valuesFromDocument(paused), paused: false }, paused).spec.paused).toBe(false);
  });

  it("drops the old type's fields when the type changes, keeping shared ones", () => {
    const values = { ...valuesFromDocument(stored), type: "tcp" as const };
    values.fields.host = "db.internal";
    values.fields.port = "5432";
    expect(buildDocument(values, stored).spec).toEqual({
      type: "tcp",
      interval: "30s",
      timeout: "5s",
      host: "db.internal",
      port: 5432,
      description: "The storefront",
    });
  });

  it("shows YAML that nines apply -f loads back to the same document", () => {
    for (const type of MONITOR_TYPES) {
      const values = newMonitorValues(type.value);
      values.name = `new-${type.value}`;
      // A literal ${ must survive the load, which expands ${NAME} from the environment.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${NAME} reference is the point
      values.displayName = "costs ${PRICE}";
      const examples: Record<string, string> = { url: "https://shop.example/", host: "shop.example", port: "443" };
      for (const field of fieldsOf(type))
        if (field.required && !values.fields[field.key])
          values.fields[field.key] = examples[field.key] ?? "shop.example";
      const document = buildDocument(values);
      const { documents, issues } = loadDocuments(renderDocument(document), "monitor.yaml", { kinds: KINDS, env: {} });
      expect(issues).toEqual([]);
      const loaded = documents[0]?.document;
      expect(loaded?.metadata).toEqual(document.metadata);
      expect(loaded?.spec).toMatchObject(document.spec);
    }
  });

  it("takes choices and defaults from the schemas", () => {
    const http = findType("http");
    const method = http?.fields.find((field) => field.key === "method");
    expect(method?.options).toContain("PATCH");
    expect(method?.initial).toBe("GET");
    expect(fieldsOf(findType("heartbeat")!).find((field) => field.key === "failureThreshold")?.placeholder).toBe("1");
    expect(findType("heartbeat")?.scheduled).toBe(false);
    expect(fieldsOf(http!).map((field) => field.key)).toEqual([
      "interval",
      "timeout",
      "url",
      "method",
      "expectedStatus",
      "bodyContains",
      "degradedAbove",
      "failureThreshold",
      "recoveryThreshold",
    ]);
  });

  it("maps issue paths to form fields", () => {
    expect(fieldOfIssue("/spec/url")).toBe("spec.url");
    expect(fieldOfIssue("/spec/expectedStatus/1")).toBe("spec.expectedStatus");
    expect(fieldOfIssue("/metadata/name")).toBe("metadata.name");
    expect(fieldOfIssue("/spec")).toBeUndefined();
  });
});
