import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runNines } from "../../test/support/cli.js";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "nines-store-options-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const nines = runNines;

const settingsFile = (dataDir: string) => {
  const file = path.join(dir, "nines.yaml");
  writeFileSync(file, `dataDir: ${dataDir}\nport: 8080\n`);
  return file;
};

describe("commands that open the database find it as nines server does", () => {
  it("reads the data directory from --config", async () => {
    const data = path.join(dir, "from-file");
    const created = await nines(["token", "create", "--name", "ci", "--config", settingsFile(data)]);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain(path.join(data, "nines.db"));
    expect(existsSync(path.join(data, "nines.db"))).toBe(true);
  });

  it("reads the settings file named by NINES_CONFIG", async () => {
    const data = path.join(dir, "from-env-file");
    await nines(["token", "create", "--name", "ci"], { NINES_CONFIG: settingsFile(data) });
    const listed = await nines(["token", "list", "--data", data]);
    expect(listed.stdout).toMatch(/^ci\s+nines_/m);
  });

  it("puts a flag over the environment over the file", async () => {
    const file = settingsFile(path.join(dir, "file"));
    const created = await nines(["token", "create", "--name", "ci", "--data", path.join(dir, "flag")], {
      NINES_CONFIG: file,
      NINES_DATA: path.join(dir, "env"),
    });
    expect(created.stderr).toContain(path.join(dir, "flag", "nines.db"));
    await nines(["token", "create", "--name", "ci"], { NINES_CONFIG: file, NINES_DATA: path.join(dir, "env") });
    expect(existsSync(path.join(dir, "env", "nines.db"))).toBe(true);
    expect(existsSync(path.join(dir, "file"))).toBe(false);
  });

  it("refuses a settings file the server would refuse", async () => {
    const file = path.join(dir, "bad.yaml");
    writeFileSync(file, "dataDir: x\nportt: 1\n");
    const listed = await nines(["token", "list", "--config", file]);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain("unknown settings: portt");
  });
});
