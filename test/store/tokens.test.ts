import { sql } from "kysely";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createToken, hashToken, listTokens, revokeToken, verifyToken } from "../../src/auth/tokens.js";
import { createManualClock } from "../../src/core/clock.js";
import type { Store } from "../../src/store/database.js";
import { backends, countQueries, dropTestSchemas } from "../support/databases.js";

afterAll(dropTestSchemas);

describe.each(backends)("token store on $name", (backend) => {
  let store: Store;
  const clock = createManualClock(Date.UTC(2026, 10, 26, 12));

  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    store = await backend.open();
  });
  afterEach(async () => {
    await store?.close();
  });

  it("stores tokens hashed, with their role, and verifies them", async () => {
    const { token, info } = await createToken(store.db, "ci", clock.now(), { role: "editor" });
    expect(token).toMatch(/^nines_[0-9A-Za-z]{46}$/);
    expect(info).toMatchObject({ name: "ci", role: "editor", expiresAt: null, prefix: token.slice(0, 12) });
    const row = await store.db.selectFrom("api_tokens").selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token.slice(6));
    expect(await verifyToken(store.db, token, clock.now())).toEqual({
      ok: true,
      holder: { name: "ci", role: "editor" },
    });
    expect(await verifyToken(store.db, `${token}x`, clock.now())).toEqual({ ok: false, reason: "malformed" });
    expect((await listTokens(store.db))[0]).toMatchObject({ name: "ci", role: "editor", lastUsedAt: clock.now() });
    await expect(createToken(store.db, "ci", clock.now(), { role: "viewer" })).rejects.toMatchObject({
      code: "Conflict",
    });
    await revokeToken(store.db, "ci");
    expect(await verifyToken(store.db, token, clock.now())).toEqual({ ok: false, reason: "unknown" });
    await expect(revokeToken(store.db, "ci")).rejects.toMatchObject({ code: "NotFound" });
  });

  it("refuses an expired token from the instant it expires", async () => {
    const expiresAt = clock.now() + 90 * 86_400_000;
    const { token } = await createToken(store.db, "temp", clock.now(), { role: "viewer", expiresAt });
    expect((await listTokens(store.db))[0]?.expiresAt).toBe(expiresAt);
    expect((await verifyToken(store.db, token, expiresAt - 1)).ok).toBe(true);
    expect(await verifyToken(store.db, token, expiresAt)).toEqual({ ok: false, reason: "expired" });
    await expect(
      createToken(store.db, "past", clock.now(), { role: "viewer", expiresAt: clock.now() }),
    ).rejects.toMatchObject({ code: "Invalid" });
  });

  it("refuses a token with a bad checksum without asking the database", async () => {
    const { token } = await createToken(store.db, "ci", clock.now(), { role: "viewer" });
    const last = token.at(-1) === "A" ? "B" : "A";
    const queries = countQueries(store.db);
    expect(await verifyToken(queries.db, token.slice(0, -1) + last, clock.now())).toEqual({
      ok: false,
      reason: "bad-checksum",
    });
    expect(queries.count).toBe(0);
    expect((await verifyToken(queries.db, token, clock.now())).ok).toBe(true);
    expect(queries.count).toBeGreaterThan(0);
  });

  it("writes the last use at most once a minute", async () => {
    const { token } = await createToken(store.db, "ci", clock.now(), { role: "viewer" });
    const start = clock.now();
    await verifyToken(store.db, token, start);
    await verifyToken(store.db, token, start + 30_000);
    expect((await listTokens(store.db))[0]?.lastUsedAt).toBe(start);
    await verifyToken(store.db, token, start + 61_000);
    expect((await listTokens(store.db))[0]?.lastUsedAt).toBe(start + 61_000);
  });

  it("keeps tokens made before checksums and roles working, as editors", async () => {
    const legacy = `nines_${"Ab-_".repeat(10)}xyz`;
    await sql`insert into api_tokens (name, token_hash, prefix, created_at) values ('old', ${hashToken(legacy)}, 'nines_Ab-_Ab', ${clock.now()})`.execute(
      store.db,
    );
    expect(await verifyToken(store.db, legacy, clock.now())).toEqual({
      ok: true,
      holder: { name: "old", role: "editor" },
    });
  });
});
