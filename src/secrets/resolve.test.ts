import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../store/database.js";
import { createEphemeralKeyring } from "./keyring.js";
import { assertNoReferences } from "./references.js";
import { MAX_SECRET_FILE_BYTES, type ResolveDeps, resolveReferences } from "./resolve.js";
import { putSecretValue, sealContext } from "./store.js";

let store: Store;
let root: string;
let deps: ResolveDeps;

beforeEach(async () => {
  store = await openStore({ dataDir: ":memory:" });
  root = mkdtempSync(path.join(tmpdir(), "nines-resolve-"));
  const filesDir = path.join(root, "files");
  mkdirSync(path.join(filesDir, "api"), { recursive: true });
  writeFileSync(path.join(filesDir, "api", "token"), "from-a-file\n");
  writeFileSync(path.join(root, "outside"), "not for monitors");
  const keyring = createEphemeralKeyring();
  deps = { db: store.db, keyring, env: { SHOP_TOKEN: "from-the-env" }, filesDir };
  await putSecretValue(
    store.db,
    {
      name: "shop-api",
      key: "token",
      revision: 1,
      sealed: keyring.seal("from-a-secret", sealContext("shop-api", "token")),
    },
    0,
  );
});
afterEach(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

const resolve = (value: unknown) => resolveReferences(value, deps);

describe("resolveReferences", () => {
  it("replaces secretRef, env and file references, wherever they are, and leaves the rest", async () => {
    const spec = {
      type: "http",
      headers: {
        Authorization: { secretRef: { name: "shop-api", key: "token" } },
        "X-Env": { env: "SHOP_TOKEN" },
        Accept: "application/json",
      },
      body: { file: "api/token" },
      expectedStatus: [200],
    };
    expect(await resolve(spec)).toEqual({
      value: {
        type: "http",
        headers: { Authorization: "from-a-secret", "X-Env": "from-the-env", Accept: "application/json" },
        body: "from-a-file",
        expectedStatus: [200],
      },
    });
  });

  it("names what is missing, never a value", async () => {
    expect(await resolve({ secretRef: { name: "shop-api", key: "password" } })).toEqual({
      error: "secret shop-api has no key password",
    });
    expect(await resolve({ secretRef: { name: "other", key: "token" } })).toEqual({
      error: "secret other has no key token",
    });
    expect(await resolve({ env: "UNSET_VARIABLE" })).toEqual({
      error: "environment variable UNSET_VARIABLE is not set",
    });
    expect(await resolve({ file: "api/none" })).toEqual({ error: "file api/none cannot be read (ENOENT)" });
  });

  it("reads files only under the files directory: no '..', no absolute path, no link out, no directory", async () => {
    symlinkSync(path.join(root, "outside"), path.join(root, "files", "link"));
    const refused = {
      "../outside": /not under the files directory/,
      [path.join(root, "outside")]: /not under the files directory/,
      link: /leads outside the files directory/,
      api: /not a regular file/,
    };
    for (const [file, reason] of Object.entries(refused)) {
      const result = await resolve({ file });
      expect(result).toEqual({ error: expect.stringMatching(reason) });
      expect(JSON.stringify(result)).not.toContain("not for monitors");
    }
    expect(await resolveReferences({ file: "api/token" }, { ...deps, filesDir: undefined })).toEqual({
      error: "file api/token is not under the files directory",
    });
  });

  it("refuses a file larger than the cap", async () => {
    writeFileSync(path.join(root, "files", "big"), "x".repeat(MAX_SECRET_FILE_BYTES + 1));
    expect(await resolve({ file: "big" })).toEqual({ error: "file big is larger than 64 KiB" });
  });

  it("reports a value sealed with a key this server does not have", async () => {
    const other = createEphemeralKeyring();
    await putSecretValue(
      store.db,
      { name: "lost", key: "token", revision: 1, sealed: other.seal("x", sealContext("lost", "token")) },
      0,
    );
    expect(await resolve({ secretRef: { name: "lost", key: "token" } })).toEqual({
      error: expect.stringMatching(/^secret lost key token cannot be read: .*does not have/),
    });
  });
});

describe("assertNoReferences", () => {
  it("passes plain specs through and refuses one with a reference", () => {
    expect(assertNoReferences({ headers: { A: "b" } })).toEqual({ headers: { A: "b" } });
    expect(() => assertNoReferences({ headers: { A: { env: "X" } } })).toThrow("/headers/A is a secret reference");
  });
});
