import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { createConfigService } from "../../src/config/apply.js";
import { ObjectEvents } from "../../src/config/events.js";
import { systemClock } from "../../src/core/clock.js";
import { KINDS } from "../../src/kinds.js";
import { loadKeyring } from "../../src/secrets/keyring.js";
import { resolveReferences } from "../../src/secrets/resolve.js";
import { createSecretVault } from "../../src/secrets/seal.js";
import { openStore } from "../../src/store/database.js";

let data: string;
beforeEach(() => {
  data = mkdtempSync(path.join(tmpdir(), "nines-secret-cli-"));
});
afterEach(() => rmSync(data, { recursive: true, force: true }));

async function nines(args: string[]) {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: (text: string) => {
      stderr += text;
    },
    env: {},
  };
  const code = await runCli([...args, "--data", data], io);
  return { code, stdout, stderr };
}

describe("nines secret", () => {
  it("lists keys without values and rotates the key, keeping every value readable", async () => {
    const keyFile = path.join(data, "secret.key");
    const store = await openStore({ dataDir: data });
    try {
      const vault = createSecretVault({ keyring: loadKeyring({ keyFile }) });
      const config = createConfigService({
        store,
        kinds: KINDS,
        events: new ObjectEvents(),
        clock: systemClock,
        vault,
      });
      await config.apply([
        {
          apiVersion: "nines/v1",
          kind: "Secret",
          metadata: { name: "shop-api" },
          spec: { data: { token: "t0k3n-planted" } },
        },
      ]);
    } finally {
      await store.close();
    }

    const listed = await nines(["secret", "list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/shop-api\s+token\s+1/);
    expect(listed.stdout).not.toContain("t0k3n-planted");

    const rotated = await nines(["secret", "rotate-key"]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/^Re-encrypted 1 value with new key [0-9a-f]{12}/);
    expect(readFileSync(keyFile, "utf8").trim().split("\n")).toHaveLength(2);

    const reopened = await openStore({ dataDir: data });
    try {
      const keyring = loadKeyring({ keyFile });
      const reference = { secretRef: { name: "shop-api", key: "token" } };
      expect(await resolveReferences(reference, { db: reopened.db, keyring, env: {} })).toEqual({
        value: "t0k3n-planted",
      });
    } finally {
      await reopened.close();
    }
  });
});
