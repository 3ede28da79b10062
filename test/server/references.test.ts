import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app.js";

const SERVICE = { apiVersion: "openslo/v1", kind: "Service", metadata: { name: "shop" }, spec: {} };
const slo = (service: string) => ({
  apiVersion: "openslo/v1",
  kind: "SLO",
  metadata: { name: "checkout" },
  spec: {
    service,
    indicator: {
      metadata: { name: "checkout-requests" },
      spec: { thresholdMetric: { metricSource: { type: "Prometheus", spec: { query: "p99" } } } },
    },
    timeWindow: [{ duration: "28d", isRolling: true }],
    objectives: [{ target: 0.99, op: "lt", value: 0.3 }],
  },
});

describe("references over HTTP", () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(async () => {
    await app.close();
  });

  const post = (url: string, documents: unknown[]) =>
    app.nines.app.inject({ method: "POST", url, headers: app.auth, payload: { documents } });

  it("answers 400 naming a dangling reference, on plan and on apply", async () => {
    await post("/api/v1/apply", [SERVICE]);
    for (const url of ["/api/v1/plan", "/api/v1/apply"]) {
      const response = await post(url, [slo("shops")]);
      expect(response.statusCode).toBe(400);
      expect(response.json().issues).toEqual([
        { message: 'Service "shops" does not exist; did you mean "shop"?', path: "/spec/service", document: 0 },
      ]);
    }
  });

  it("answers 409 naming the referrers when deleting a referenced object", async () => {
    expect((await post("/api/v1/apply", [SERVICE, slo("shop")])).statusCode).toBe(200);
    const refused = await app.nines.app.inject({
      method: "DELETE",
      url: "/api/v1/objects/Service/shop",
      headers: app.auth,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(
      'refusing to delete: Service "shop" is still named by SLO "checkout" (/spec/service); change or delete it first',
    );
  });
});
