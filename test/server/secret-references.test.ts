import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, monitorDocument, type TestApp } from "../support/app.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const secret = {
  apiVersion: "nines/v1",
  kind: "Secret",
  metadata: { name: "shop-api" },
  spec: { data: { token: "s3cret" } },
};
const monitor = monitorDocument("shop", {
  headers: { Authorization: { secretRef: { name: "shop-api", key: "token" } } },
});
const apply = (documents: unknown[], prune = false) =>
  t.nines.app.inject({ method: "POST", url: "/api/v1/apply", headers: t.auth, payload: { documents, prune } });

describe("a monitor naming a Secret", () => {
  it("keeps the Secret from being deleted while it is named, naming the monitor", async () => {
    expect((await apply([secret, monitor])).statusCode).toBe(200);
    const refused = await t.nines.app.inject({
      method: "DELETE",
      url: "/api/v1/objects/Secret/shop-api",
      headers: t.auth,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('Monitor "shop" (/spec/headers/Authorization)');
    // Once the monitor is gone, so may the Secret be.
    await t.nines.app.inject({ method: "DELETE", url: "/api/v1/objects/Monitor/shop", headers: t.auth });
    const deleted = await t.nines.app.inject({
      method: "DELETE",
      url: "/api/v1/objects/Secret/shop-api",
      headers: t.auth,
    });
    expect(deleted.statusCode).toBe(200);
  });

  it("is refused when the Secret exists neither in the request nor in the store", async () => {
    const answer = await apply([monitor]);
    expect(answer.statusCode).toBe(400);
    expect(JSON.stringify(answer.json().issues)).toContain("shop-api");
  });
});
