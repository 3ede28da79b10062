import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureServerBuilt, repoRoot, withThisNode } from "../support/build.js";

/**
 * `bin/nines`, the installed command, starts Node with the memory settings the benchmarks measure
 * (docs/operations.md), and leaves each alone when the operator has set it.
 */
const dir = mkdtempSync(path.join(tmpdir(), "nines-launcher-"));
const report = path.join(dir, "report.mjs");
const launcher = path.join(repoRoot, "bin/nines");
const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  ensureServerBuilt();
  // Loaded into the Node that bin/nines starts: tells what it was started with.
  writeFileSync(
    report,
    "process.stderr.write(JSON.stringify({ arenas: process.env.MALLOC_ARENA_MAX, execArgv: process.execArgv }));\n",
  );
});

/** Runs `<command> --version` and returns what its Node was started with. */
function start(command: string, env: { MALLOC_ARENA_MAX?: string; NINES_NODE_FLAGS?: string } = {}) {
  const { MALLOC_ARENA_MAX: _arenas, NINES_NODE_FLAGS: _flags, ...inherited } = process.env;
  const result = spawnSync(command, ["--version"], {
    env: {
      ...inherited,
      ...env,
      NODE_OPTIONS: `--import=${pathToFileURL(report).href}`,
      PATH: withThisNode(process.env.PATH),
    },
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout.trim()).toBe(version);
  return JSON.parse(result.stderr) as { arenas?: string; execArgv: string[] };
}

describe("bin/nines", () => {
  it("starts Node with two malloc arenas, a slower-growing heap and a smaller young generation", () => {
    expect(start(launcher)).toEqual({
      arenas: "2",
      execArgv: ["--heap-growing-percent=50", "--max-semi-space-size=8"],
    });
  });

  it("keeps the operator's own settings", () => {
    expect(start(launcher, { MALLOC_ARENA_MAX: "8", NINES_NODE_FLAGS: "--max-semi-space-size=32" })).toEqual({
      arenas: "8",
      execArgv: ["--max-semi-space-size=32"],
    });
    // Empty: Node's own defaults.
    expect(start(launcher, { NINES_NODE_FLAGS: "" }).execArgv).toEqual([]);
  });

  it("finds bin/nines.js when run through a link, as npm installs it", () => {
    const linked = path.join(dir, "bin", "nines");
    mkdirSync(path.dirname(linked));
    symlinkSync(launcher, linked);
    expect(start(linked).arenas).toBe("2");
  });
});
