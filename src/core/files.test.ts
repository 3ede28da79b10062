import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeFilePathProblem, readConfiguredFile } from "./files.js";

describe("files that objects name", () => {
  let root: string;
  let filesDir: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "nines-files-"));
    filesDir = path.join(root, "files");
    mkdirSync(path.join(filesDir, "ca"), { recursive: true });
    writeFileSync(path.join(filesDir, "ca", "internal.pem"), "pem");
    writeFileSync(path.join(root, "secret"), "outside");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const refusal = (name: string, maxBytes?: number) =>
    readConfiguredFile(filesDir, name, { maxBytes }).then(
      () => "read",
      (error: Error) => `${error.name}: ${error.message}`,
    );

  it("reads a regular file inside the directory, through links that stay inside", async () => {
    symlinkSync(path.join(filesDir, "ca", "internal.pem"), path.join(filesDir, "link.pem"));
    expect((await readConfiguredFile(filesDir, "ca/internal.pem")).toString()).toBe("pem");
    expect((await readConfiguredFile(filesDir, "link.pem")).toString()).toBe("pem");
  });

  it("refuses names that leave the directory by their text alone", async () => {
    expect(describeFilePathProblem("ca/internal.pem")).toBeUndefined();
    expect(await refusal("/root/.ssh/id_rsa")).toBe(
      'FileRefusal: "/root/.ssh/id_rsa" must be relative to the files directory (--files-dir), not absolute',
    );
    expect(await refusal("ca/../../secret")).toBe(
      'FileRefusal: "ca/../../secret" must stay inside the files directory (--files-dir): `..` is not allowed',
    );
    expect(await refusal("ca\\x.pem")).toMatch(/must use \/ between directories/);
  });

  it("refuses links leading outside, devices, FIFOs, directories and files over the cap", async () => {
    symlinkSync(path.join(root, "secret"), path.join(filesDir, "escape.pem"));
    symlinkSync("/dev/zero", path.join(filesDir, "zero.pem"));
    execFileSync("mkfifo", [path.join(filesDir, "fifo.pem")]);
    writeFileSync(path.join(filesDir, "big.pem"), Buffer.alloc(2048));
    expect(await refusal("escape.pem")).toBe(
      'FileRefusal: "escape.pem" leads outside the files directory (--files-dir) through a symbolic link',
    );
    expect(await refusal("zero.pem")).toMatch(/leads outside the files directory/);
    expect(await refusal("fifo.pem")).toBe('FileRefusal: "fifo.pem" is not a regular file');
    expect(await refusal("ca")).toBe('FileRefusal: "ca" is not a regular file');
    expect(await refusal("big.pem", 1024)).toBe('FileRefusal: "big.pem" is larger than 1 KiB');
    expect(await refusal("big.pem", 2048)).toBe("read");
  });

  it("says a missing file is missing only inside the directory", async () => {
    expect(await refusal("ca/missing.pem")).toBe(
      'FileRefusal: "ca/missing.pem" does not exist in the files directory (--files-dir)',
    );
    expect(await readConfiguredFile(undefined, "ca/internal.pem").catch((error: Error) => error.message)).toBe(
      '"ca/internal.pem" cannot be read: this server has no files directory (--files-dir)',
    );
  });
});
