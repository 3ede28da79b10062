import { sql } from "kysely";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConfigService, createConfigService } from "../../src/config/apply.js";
import { ObjectEvents } from "../../src/config/events.js";
import { toYaml } from "../../src/config/export.js";
import { loadDocuments } from "../../src/config/load.js";
import { toDocument } from "../../src/config/objects.js";
import { createManualClock } from "../../src/core/clock.js";
import { KINDS } from "../../src/kinds.js";
import { createEphemeralKeyring, createKeyring, type Keyring } from "../../src/secrets/keyring.js";
import { resolveReferences } from "../../src/secrets/resolve.js";
import { reencryptSecretValues } from "../../src/secrets/rotation.js";
import { createSecretVault } from "../../src/secrets/seal.js";
import { listSecretValues } from "../../src/secrets/store.js";
import type { Store } from "../../src/store/database.js";
import { backends, dropTestSchemas } from "../support/databases.js";

const PLANTED = "planted-Zq8vW2kX9";

const secret = (name: string, data: Record<string, unknown>) => ({
  apiVersion: "nines/v1",
  kind: "Secret",
  metadata: { name },
  spec: { data },
});

const monitor = (name: string, headers: Record<string, unknown>) => ({
  apiVersion: "nines/v1",
  kind: "Monitor",
  metadata: { name },
  spec: { type: "http", url: `https://${name}.example/health`, headers },
});

const tokenRef = (key = "token", name = "shop-api") => ({ secretRef: { name, key } });

afterAll(dropTestSchemas);

describe.each(backends)("secrets on $name", (backend) => {
  let store: Store;
  let config: ConfigService;
  let keyring: Keyring;
  const clock = createManualClock(Date.UTC(2026, 10, 26, 12));

  beforeEach(async (context) => {
    if (backend.skip) context.skip(backend.skip);
    store = await backend.open();
    keyring = createEphemeralKeyring();
    config = createConfigService({
      store,
      kinds: KINDS,
      events: new ObjectEvents(),
      clock,
      vault: createSecretVault({ keyring, filesDir: "/srv/nines/files" }),
    });
  });
  afterEach(async () => {
    await store?.close();
  });

  /** Every table's rows as text: the planted value must be in none of them. */
  async function dumpTables(): Promise<string> {
    const rows = await Promise.all(
      ["objects", "secret_values"].map((table) => sql`select * from ${sql.table(table)}`.execute(store.db)),
    );
    return JSON.stringify(rows.map((result) => result.rows));
  }

  it("stores values sealed, never in plain text, and keeps only keys and revisions in the document", async () => {
    await config.apply([secret("shop-api", { token: PLANTED, user: "ci" })]);
    expect(await dumpTables()).not.toContain(PLANTED);
    expect((await config.get("secrets", "shop-api")).spec).toEqual({
      data: { token: { kept: true, revision: 1 }, user: { kept: true, revision: 1 } },
    });
    const values = await listSecretValues(store.db);
    expect(values.map((value) => [value.name, value.key, value.revision])).toEqual([
      ["shop-api", "token", 1],
      ["shop-api", "user", 1],
    ]);
  });

  it("finds the same values unchanged, and a new one changed without showing either", async () => {
    await config.apply([secret("shop-api", { token: PLANTED })]);
    expect((await config.apply([secret("shop-api", { token: PLANTED })])).summary.unchanged).toBe(1);
    const plan = await config.apply([secret("shop-api", { token: `${PLANTED}-2` })], { dryRun: true });
    expect(plan.changes).toEqual([
      {
        action: "change",
        apiVersion: "nines/v1",
        kind: "Secret",
        name: "shop-api",
        fields: [{ path: "/spec/data/token/revision", before: 1, after: 2 }],
      },
    ]);
    expect(JSON.stringify(plan)).not.toContain(PLANTED);
    // A dry run wrote nothing: the stored value is still the first.
    const stored = await resolveReferences(tokenRef(), { db: store.db, keyring, env: {} });
    expect(stored).toEqual({ value: PLANTED });
    await config.apply([secret("shop-api", { token: `${PLANTED}-2` })]);
    expect(await resolveReferences(tokenRef(), { db: store.db, keyring, env: {} })).toEqual({
      value: `${PLANTED}-2`,
    });
  });

  it("exports {kept: true} in place of values, and the export applies back to no change", async () => {
    await config.apply([secret("shop-api", { token: PLANTED }), monitor("shop", { Authorization: tokenRef() })]);
    const exported = toYaml(
      (await config.list()).map((object) => toDocument(object, KINDS)),
      KINDS.names(),
    );
    expect(exported).not.toContain(PLANTED);
    expect(exported).toContain("token:\n      kept: true\n      revision: 1");
    const { documents, issues } = loadDocuments(exported, "export.yaml", { kinds: KINDS });
    expect(issues).toEqual([]);
    const plan = await config.apply(documents.map((loaded) => loaded.document));
    expect(plan.summary).toEqual({ create: 0, change: 0, delete: 0, unchanged: 2 });
    expect(await resolveReferences(tokenRef(), { db: store.db, keyring, env: {} })).toEqual({ value: PLANTED });
  });

  it("refuses to keep a value that was never stored, and references to Secrets or keys that do not exist", async () => {
    await expect(config.apply([secret("new", { token: { kept: true } })])).rejects.toMatchObject({
      code: "Invalid",
      issues: [
        expect.objectContaining({ path: "/spec/data/token", message: expect.stringMatching(/no stored value/) }),
      ],
    });
    await expect(config.apply([monitor("shop", { Authorization: tokenRef() })])).rejects.toMatchObject({
      issues: [
        {
          path: "/spec/headers/Authorization",
          document: 0,
          message: 'Secret "shop-api" does not exist; apply it first or in the same documents',
        },
      ],
    });
    await config.apply([secret("shop-api", { token: PLANTED })]);
    await expect(config.apply([monitor("shop", { Authorization: tokenRef("password") })])).rejects.toMatchObject({
      issues: [expect.objectContaining({ message: 'Secret "shop-api" has no key "password" (it has: token)' })],
    });
    await expect(config.apply([monitor("shop", { Authorization: { file: "../etc/passwd" } })])).rejects.toMatchObject({
      issues: [expect.objectContaining({ message: expect.stringMatching(/not under the files directory/) })],
    });
    expect((await config.apply([monitor("shop", { Authorization: tokenRef() })])).summary.create).toBe(1);
  });

  it("drops the values of a removed key, and of a deleted or pruned Secret", async () => {
    await config.apply([secret("a", { one: "1", two: "2" }), secret("b", { one: "1" })]);
    await config.apply([secret("a", { one: "1" }), secret("b", { one: "1" })]);
    expect((await listSecretValues(store.db)).map((value) => `${value.name}/${value.key}`)).toEqual(["a/one", "b/one"]);
    await config.remove("secrets", "a");
    await config.apply([secret("c", { one: "1" })], { prune: true });
    expect((await listSecretValues(store.db)).map((value) => `${value.name}/${value.key}`)).toEqual(["c/one"]);
  });

  it("re-encrypts every value with a new key while the old one still opens them", async () => {
    const oldKey = Buffer.alloc(32, 1);
    const newKey = Buffer.alloc(32, 2);
    const before = createKeyring([oldKey]);
    const vault = createSecretVault({ keyring: before });
    const withOld = createConfigService({ store, kinds: KINDS, events: new ObjectEvents(), clock, vault });
    await withOld.apply([secret("a", { one: PLANTED }), secret("b", { two: "second" })]);

    const during = createKeyring([newKey, oldKey]);
    expect(await reencryptSecretValues(store.db, during)).toEqual({ reencrypted: 2, current: 0 });
    expect(await reencryptSecretValues(store.db, during)).toEqual({ reencrypted: 0, current: 2 });
    const onlyNew = createKeyring([newKey]);
    expect(await resolveReferences(tokenRef("one", "a"), { db: store.db, keyring: onlyNew, env: {} })).toEqual({
      value: PLANTED,
    });
    expect(await dumpTables()).not.toContain(PLANTED);
    // A server still on the old keyring cannot open them now: it must get the new key.
    expect(await resolveReferences(tokenRef("one", "a"), { db: store.db, keyring: before, env: {} })).toEqual({
      error: expect.stringMatching(/does not have/),
    });
  });
});
