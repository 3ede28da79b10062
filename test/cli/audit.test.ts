import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/database.js";
import { runNines } from "../support/cli.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "nines-audit-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const nines = (args: string[]) => runNines(args, { NINES_DATA: dir, USER: "tester" });

async function tamper(statement: string) {
  const store = await openStore({ dataDir: dir });
  try {
    await sql.raw(statement).execute(store.db);
  } finally {
    await store.close();
  }
}

describe("nines audit", () => {
  it("logs tokens created and revoked on the database, as the CLI's user", async () => {
    expect((await nines(["token", "create", "--name", "ci"])).code).toBe(0);
    expect((await nines(["token", "revoke", "ci"])).code).toBe(0);
    expect((await nines(["token", "revoke", "ci"])).code).toBe(1);
    const list = await nines(["audit", "list"]);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^SEQ\s+AT\s+ACTOR\s+ACTION\s+OBJECT\s+VERSION\s+FROM$/);
    expect(lines[1]).toMatch(/^2\s+\S+Z\s+cli:\S+\s+token\.revoke\s+Token\/ci\s/);
    expect(lines[2]).toMatch(/^1\s+\S+Z\s+cli:\S+\s+token\.create\s+Token\/ci\s/);
    expect(lines).toHaveLength(3);
    const filtered = await nines(["audit", "list", "--limit", "1", "--kind", "Token"]);
    expect(filtered.stdout.trim().split("\n")).toHaveLength(2);
    expect(filtered.stderr).toContain("1 of 2; see more with --offset 1");
    expect((await nines(["audit", "list", "--actor", "nobody"])).stdout).toBe("No audit records.\n");
  });

  it("verifies the chain, prints its head, and exits 1 naming a tampered record", async () => {
    expect((await nines(["audit", "verify"])).stdout).toContain("intact: 0 records");
    for (const name of ["a", "b", "c"]) await nines(["token", "create", "--name", name]);
    const intact = await nines(["audit", "verify"]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain("Audit log intact: 3 records.");
    const head = /Head: (\d+:[0-9a-f]{64})/.exec(intact.stdout)?.[1] as string;
    expect(head).toMatch(/^3:/);
    expect((await nines(["audit", "verify", "--anchor", head])).code).toBe(0);

    await tamper("delete from audit_log where seq = 3");
    expect((await nines(["audit", "verify"])).code).toBe(0);
    const truncated = await nines(["audit", "verify", "--anchor", head]);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/broken: truncated: record 3, the anchored head, is gone/);

    await tamper("update audit_log set name = 'z' where seq = 2");
    const edited = await nines(["audit", "verify"]);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/broken: edited: record 2 \(position 2\): its content does not match its hash/);

    const bad = await nines(["audit", "verify", "--anchor", "3"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--anchor must be SEQ:HASH");
  });
});
