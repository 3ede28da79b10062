import { describe, expect, it } from "vitest";
import type { Document } from "./api.js";
import { buildDocument, fieldOfIssue, newMonitorValues, valuesFromDocument } from "./monitor-document.js";

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
        interval: "30s",
        timeout: "5s",
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

  it("maps issue paths to form fields", () => {
    expect(fieldOfIssue("/spec/url")).toBe("spec.url");
    expect(fieldOfIssue("/spec/expectedStatus/1")).toBe("spec.expectedStatus");
    expect(fieldOfIssue("/metadata/name")).toBe("metadata.name");
    expect(fieldOfIssue("/spec")).toBeUndefined();
  });
});
