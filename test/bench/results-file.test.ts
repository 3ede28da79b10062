import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { chooseResultsName, describeRevision, writeResultsFile } from "../../bench/results-file.js";

const DATE = new Date("2026-12-01T10:00:00Z");
const clean = { commit: "408cb4a", dirty: false };

describe("chooseResultsName", () => {
  it("names a run by date and revision, marking a dirty tree and a label", () => {
    expect(chooseResultsName(new Set(), { date: DATE, revision: clean })).toBe("2026-12-01-408cb4a.json");
    expect(chooseResultsName(new Set(), { date: DATE, revision: { ...clean, dirty: true }, label: "quick" })).toBe(
      "2026-12-01-408cb4a-dirty-quick.json",
    );
  });

  it("never takes a name an earlier run has", () => {
    const existing = new Set(["2026-12-01-408cb4a.json", "2026-12-01-408cb4a-2.json"]);
    expect(chooseResultsName(existing, { date: DATE, revision: clean })).toBe("2026-12-01-408cb4a-3.json");
  });
});

describe("writeResultsFile", () => {
  const dirs: string[] = [];
  const makeDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "nines-bench-results-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("writes each run to a new file with the revision in it, and marks a dirty checkout", () => {
    const repository = makeDir();
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repository, encoding: "utf8" }).trim();
    git("init", "-q");
    writeFileSync(path.join(repository, "a.txt"), "a");
    git("add", "a.txt");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "a");
    const commit = git("rev-parse", "--short", "HEAD");
    expect(describeRevision(repository)).toEqual({ commit, dirty: false });

    // The first run's results, not yet committed, do not make the second run's tree dirty.
    const out = path.join(repository, "results");
    const first = writeResultsFile(out, { figure: 1 }, { repository, date: DATE });
    const second = writeResultsFile(out, { figure: 2 }, { repository, date: DATE });
    expect(path.basename(first)).toBe(`2026-12-01-${commit}.json`);
    expect(path.basename(second)).toBe(`2026-12-01-${commit}-2.json`);
    expect(JSON.parse(readFileSync(first, "utf8"))).toEqual({ revision: { commit, dirty: false }, figure: 1 });
    expect(JSON.parse(readFileSync(second, "utf8")).figure).toBe(2);

    writeFileSync(path.join(repository, "a.txt"), "changed");
    const third = writeResultsFile(out, { figure: 3 }, { repository, date: DATE, label: "quick" });
    expect(path.basename(third)).toBe(`2026-12-01-${commit}-dirty-quick.json`);
    expect(JSON.parse(readFileSync(third, "utf8")).revision).toEqual({ commit, dirty: true });
    expect(readdirSync(out)).toHaveLength(3);
  });

  it("says unknown outside a git checkout", () => {
    expect(describeRevision(makeDir())).toEqual({ commit: "unknown", dirty: false });
  });
});
