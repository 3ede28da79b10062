import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addKeyToFile, addKeyToList, createKeyring, loadKeyring } from "./keyring.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), "nines-keyring-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe("loadKeyring", () => {
  it("makes a key file readable by its owner only on the first start, and reads it afterwards", () => {
    const keyFile = path.join(directory, "data", "secret.key");
    const first = loadKeyring({ keyFile });
    if (process.platform !== "win32") expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const sealed = first.seal("value", "c");
    const again = loadKeyring({ keyFile });
    expect(again.primaryId).toBe(first.primaryId);
    expect(again.open(sealed, "c")).toBe("value");
  });

  it("takes NINES_SECRET_KEY over the file, and explains a key of the wrong size", () => {
    const key = randomBytes(32).toString("base64");
    const keyFile = path.join(directory, "secret.key");
    expect(loadKeyring({ key, keyFile }).primaryId).toBe(createKeyring([Buffer.from(key, "base64")]).primaryId);
    expect(() => loadKeyring({ key: "c2hvcnQ=", keyFile })).toThrow(/base64 of 32 bytes.*got 5/);
  });
});

describe("adding a key", () => {
  it("puts the new key first in the file and keeps the older ones readable", () => {
    const keyFile = path.join(directory, "secret.key");
    const old = loadKeyring({ keyFile });
    const sealed = old.seal("value", "c");
    const next = addKeyToFile(keyFile);
    expect(next.primaryId).not.toBe(old.primaryId);
    expect(next.keyIds).toEqual([next.primaryId, old.primaryId]);
    expect(next.open(sealed, "c")).toBe("value");
    expect(readFileSync(keyFile, "utf8").trim().split("\n")).toHaveLength(2);
  });

  it("lets a server that read the file before a rotation open values sealed with the new key", () => {
    const keyFile = path.join(directory, "secret.key");
    const running = loadKeyring({ keyFile });
    const sealed = addKeyToFile(keyFile).seal("value", "c");
    expect(running.open(sealed, "c")).toBe("value");
  });

  it("makes a list for NINES_SECRET_KEY, newest first", () => {
    const current = randomBytes(32).toString("base64");
    const { keyring, value } = addKeyToList(current);
    expect(value.split(",")).toHaveLength(2);
    expect(value.split(",")[1]).toBe(current);
    expect(keyring.keyIds).toHaveLength(2);
  });

  it("says which key is missing rather than failing obscurely", () => {
    const sealed = createKeyring([randomBytes(32)]).seal("value", "c");
    expect(() => createKeyring([randomBytes(32)]).open(sealed, "c")).toThrow(/sealed with key [0-9a-f]{12}/);
  });

  it("derives a key per purpose from each key, the primary's first", () => {
    const [newer, older] = [randomBytes(32), randomBytes(32)];
    const derived = createKeyring([newer, older]).derive("page links");
    expect(derived).toHaveLength(2);
    expect(derived[0]).toEqual(createKeyring([newer]).derive("page links")[0]);
    expect(derived[1]).toEqual(createKeyring([older]).derive("page links")[0]);
    expect(derived[0]).not.toEqual(newer);
    expect(derived[0]).not.toEqual(createKeyring([newer]).derive("something else")[0]);
  });
});
