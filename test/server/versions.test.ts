import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, monitorDocument, type TestApp } from "../support/app.js";
import { backends, dropTestSchemas } from "../support/databases.js";

afterAll(dropTestSchemas);

describe.each(backends)("object versions on $name", (backend) => {
  let t: TestApp;
  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    t = await createTestApp({ store: await backend.open() });
  });
  afterEach(async () => {
    await t?.close();
  });

  const apply = (documents: unknown[]) =>
    t.nines.app.inject({ method: "POST", url: "/api/v1/apply", headers: t.auth, payload: { documents } });
  const get = async (name: string) => (await t.nines.app.inject({ url: `/api/v1/objects/Monitor/${name}` })).json();
  const remove = (name: string, query = "") =>
    t.nines.app.inject({ method: "DELETE", url: `/api/v1/objects/Monitor/${name}${query}`, headers: t.auth });

  it("answers metadata.generation, raised by each change, and keeps it out of export", async () => {
    await apply([monitorDocument("shop")]);
    expect((await get("shop")).metadata).toEqual({ name: "shop", generation: 1 });
    await apply([monitorDocument("shop", { interval: "1m" })]);
    expect((await get("shop")).metadata.generation).toBe(2);
    const list = (await t.nines.app.inject({ url: "/api/v1/objects" })).json();
    expect(list.items[0].metadata).toEqual({ name: "shop", generation: 2 });
    expect((await t.nines.app.inject({ url: "/api/v1/export" })).body).not.toContain("generation");
  });

  it("applies a document read back with its generation, and refuses it once someone else changed it", async () => {
    await apply([monitorDocument("shop")]);
    const read = await get("shop");
    const edited = { ...read, spec: { ...read.spec, interval: "2m" } };
    expect((await apply([edited])).statusCode).toBe(200);
    const stored = await get("shop");
    expect(stored).toMatchObject({ metadata: { generation: 2 }, spec: { interval: "2m" } });

    const stale = await apply([{ ...read, spec: { ...read.spec, interval: "5m" } }]);
    expect(stale.statusCode).toBe(409);
    expect(stale.headers["content-type"]).toContain("application/problem+json");
    expect(stale.json().detail).toBe(
      "Monitor/shop was changed by someone else: you sent generation 1, it is now at generation 2; reload and try again",
    );
    expect((await get("shop")).spec.interval).toBe("2m");

    // An unchanged document at the current generation is no change, and stores no generation.
    expect((await apply([stored])).json().summary).toMatchObject({ change: 0, unchanged: 1 });
    expect((await t.nines.config.get("Monitor", "shop")).metadata).toEqual({ name: "shop" });
  });

  it("refuses a plan or apply naming a generation of an object that is gone", async () => {
    const ghost = { ...monitorDocument("ghost"), metadata: { name: "ghost", generation: 3 } };
    const planned = await t.nines.app.inject({
      method: "POST",
      url: "/api/v1/plan",
      headers: t.auth,
      payload: { documents: [ghost] },
    });
    expect(planned.statusCode).toBe(409);
    expect(planned.json().detail).toBe(
      "Monitor/ghost was changed by someone else: you sent generation 3, it has been deleted since; reload and try again",
    );
    expect((await apply([ghost])).statusCode).toBe(409);
    expect(await t.nines.config.list()).toEqual([]);
  });

  it("deletes with ?generation= only at that generation", async () => {
    await apply([monitorDocument("shop")]);
    await apply([monitorDocument("shop", { interval: "1m" })]);
    const stale = await remove("shop", "?generation=1");
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toMatch(/^Monitor\/shop was changed by someone else: you sent generation 1, it is now/);
    expect((await remove("shop", "?generation=abc")).statusCode).toBe(400);
    expect((await remove("shop", "?generation=2")).statusCode).toBe(200);
    expect((await remove("shop")).statusCode).toBe(404);
  });

  it("answers 100 racing apply and delete pairs of one object with 200, 404 or 409 only", async () => {
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    for (let round = 0; round < 10; round++) {
      const requests = Array.from({ length: 10 }, (_, pair) => [
        apply([monitorDocument("raced", { interval: `${round * 10 + pair + 1}m` })]),
        remove("raced"),
      ]).flat();
      for (const response of await Promise.all(requests)) {
        count(response.statusCode);
        if (response.statusCode !== 200) expect(response.headers["content-type"]).toContain("application/problem+json");
      }
    }
    expect([...statuses.keys()].filter((status) => ![200, 404, 409].includes(status))).toEqual([]);
    expect(statuses.get(200)).toBeGreaterThan(0);
  });
});
