import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { auditEntriesOf } from "../../src/audit/object-changes.js";
import { appendAudit, listAudit, readAuditChain, recordAudit, verifyAuditLog } from "../../src/audit/store.js";
import { createConfigService } from "../../src/config/apply.js";
import { ObjectEvents } from "../../src/config/events.js";
import { createManualClock } from "../../src/core/clock.js";
import { KINDS } from "../../src/kinds.js";
import type { Store } from "../../src/store/database.js";
import { backends, dropTestSchemas, openStoreForEachTest } from "../support/databases.js";

afterAll(dropTestSchemas);

const monitor = (name: string, url = `https://${name}.example/health`) => ({
  apiVersion: "nines/v1",
  kind: "Monitor",
  metadata: { name },
  spec: { type: "http", url, interval: "30s" },
});

const alice = { name: "alice", role: "admin" as const, address: "192.0.2.1" };

describe.each(backends)("audit log on $name", (backend) => {
  let store: Store;
  openStoreForEachTest(backend, (opened) => {
    store = opened;
  });
  const clock = createManualClock(Date.UTC(2026, 10, 26, 12));
  const configService = () =>
    createConfigService({
      store,
      kinds: KINDS,
      events: new ObjectEvents(),
      clock,
      onChangesInTransaction: async (trx, changes, context) => {
        await appendAudit(trx, store.dialect, auditEntriesOf(changes, context));
      },
    });

  it("chains records from 1 and keeps detail keys whatever the backend does with them", async () => {
    await recordAudit(store, { at: 1, actor: alice, action: "token.create", kind: "Token", name: "ci" });
    await recordAudit(store, {
      at: 2,
      actor: { name: "access" },
      action: "login.failures",
      detail: { zeta: 1, alpha: { count: 12, address: "198.51.100.9" } },
    });
    const chain = await readAuditChain(store.db);
    expect(chain.map((record) => record.seq)).toEqual([1, 2]);
    expect(chain[0]).toMatchObject({ actorName: "alice", actorRole: "admin", actorAddress: "192.0.2.1", detail: null });
    expect(chain[1]).toMatchObject({ actorRole: null, kind: null, detail: { alpha: { count: 12 } } });
    expect(chain[1]?.prevHash).toBe(chain[0]?.hash);
    const result = await verifyAuditLog(store.db, { seq: 2, hash: chain[1]?.hash as string });
    expect(result).toEqual({ ok: true, count: 2, head: { seq: 2, hash: chain[1]?.hash }, problem: null });
  });

  it("records applies and deletes with versions and actor, and nothing of the spec", async () => {
    const config = configService();
    await config.apply([monitor("a"), monitor("b")], { actor: alice });
    await config.apply([monitor("a", "https://secret-path.example/x"), monitor("b")]);
    await config.apply([monitor("a", "https://secret-path.example/x")], { prune: true, actor: alice });
    await config.remove("monitors", "a", { actor: { name: "bob", role: "editor" } });
    await config.apply([monitor("c")], { dryRun: true, actor: alice });

    const { items, total } = await listAudit(store.db, { limit: 50, offset: 0 });
    expect(total).toBe(5);
    expect(
      items.map((record) => [
        record.seq,
        record.action,
        record.name,
        record.versionBefore,
        record.versionAfter,
        record.actorName,
      ]),
    ).toEqual([
      [5, "delete", "a", 2, null, "bob"],
      [4, "apply.delete", "b", 1, null, "alice"],
      [3, "apply.change", "a", 1, 2, "system"],
      [2, "apply.create", "b", null, 1, "alice"],
      [1, "apply.create", "a", null, 1, "alice"],
    ]);
    expect(JSON.stringify(items)).not.toContain("secret-path");
    expect((await verifyAuditLog(store.db)).ok).toBe(true);
  });

  it("rolls its record back with a change that fails", async () => {
    const config = configService();
    await expect(config.remove("monitors", "nothing", { actor: alice })).rejects.toThrow(/does not exist/);
    const failing = createConfigService({
      store,
      kinds: KINDS,
      events: new ObjectEvents(),
      clock,
      onChangesInTransaction: async (trx, changes, context) => {
        await appendAudit(trx, store.dialect, auditEntriesOf(changes, context));
        throw new Error("disk full");
      },
    });
    await expect(failing.apply([monitor("a")])).rejects.toThrow("disk full");
    expect((await listAudit(store.db, { limit: 10, offset: 0 })).total).toBe(0);
    expect(await config.list("monitors")).toEqual([]);
  });

  it("filters by kind, name and actor and pages newest first", async () => {
    for (let index = 0; index < 7; index++)
      await recordAudit(store, {
        at: index,
        actor: { name: index % 2 ? "alice" : "bob" },
        action: "apply.create",
        kind: index < 5 ? "Monitor" : "Service",
        name: `n${index % 3}`,
      });
    const page = await listAudit(store.db, { kind: "Monitor", actor: "bob", limit: 2, offset: 1 });
    expect(page.total).toBe(3);
    expect(page.items.map((record) => record.seq)).toEqual([3, 1]);
    expect((await listAudit(store.db, { name: "n0", limit: 50, offset: 0 })).items.map((r) => r.seq)).toEqual([
      7, 4, 1,
    ]);
  });

  it("finds tampering done in SQL on the table itself", async () => {
    for (let index = 0; index < 8; index++)
      await recordAudit(store, { at: index, actor: alice, action: "apply.change", kind: "Monitor", name: `m${index}` });
    const head = (await verifyAuditLog(store.db)).head ?? undefined;
    const verdict = async () => (await verifyAuditLog(store.db, head)).problem;

    await sql`update audit_log set actor_name = 'mallory' where seq = 3`.execute(store.db);
    expect(await verdict()).toMatchObject({ seq: 3, reason: "edited" });
    await sql`update audit_log set actor_name = 'alice' where seq = 3`.execute(store.db);
    expect(await verdict()).toBeNull();

    await sql`update audit_log set detail = ${JSON.stringify({ forged: true })} where seq = 5`.execute(store.db);
    expect(await verdict()).toMatchObject({ seq: 5, reason: "edited" });
    await sql`update audit_log set detail = null where seq = 5`.execute(store.db);

    await sql`delete from audit_log where seq = 4`.execute(store.db);
    expect(await verdict()).toMatchObject({ seq: 5, reason: "deleted" });
  });

  it("sees a truncated tail only against the anchored head", async () => {
    for (let index = 0; index < 4; index++)
      await recordAudit(store, { at: index, actor: alice, action: "token.revoke", kind: "Token", name: `t${index}` });
    const head = (await verifyAuditLog(store.db)).head ?? undefined;
    await sql`delete from audit_log where seq >= 3`.execute(store.db);
    expect((await verifyAuditLog(store.db)).ok).toBe(true);
    expect((await verifyAuditLog(store.db, head)).problem).toMatchObject({ seq: 4, reason: "truncated" });
  });

  it("keeps one chain when applies run concurrently", async () => {
    const config = configService();
    const names = Array.from({ length: 12 }, (_, index) => `m${index}`);
    const results = await Promise.allSettled(names.map((name) => config.apply([monitor(name)], { actor: alice })));
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);
    const verification = await verifyAuditLog(store.db);
    expect(verification).toMatchObject({ ok: true, count: 12 });
    const { items } = await listAudit(store.db, { limit: 50, offset: 0 });
    expect(items.map((record) => record.name).sort()).toEqual([...names].sort());
  });
});
