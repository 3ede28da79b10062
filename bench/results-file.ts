import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Where a benchmark run keeps its results: a new file per run, named by the date and the revision
 * measured, so a figure in BENCHMARKS.md can cite the file it came from and no later run replaces it.
 */
export interface Revision {
  /** `git rev-parse --short HEAD`, or "unknown" outside a git checkout. */
  commit: string;
  /** Uncommitted changes: the figures are of code that no commit holds. */
  dirty: boolean;
}

/** `resultsDirectory` is left out: an earlier run's uncommitted results change no code. */
export function describeRevision(repository: string, resultsDirectory?: string): Revision {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repository, encoding: "utf8" }).trim();
  try {
    const commit = git("rev-parse", "--short", "HEAD");
    const exclude = resultsDirectory ? [`:(exclude)${path.relative(repository, resultsDirectory) || "."}`] : [];
    // Untracked files count too: a new source file changes what is measured.
    return { commit, dirty: git("status", "--porcelain", "--", ".", ...exclude).length > 0 };
  } catch {
    return { commit: "unknown", dirty: false };
  }
}

/** `2026-12-01-408cb4a.json`, `2026-12-01-408cb4a-dirty-quick.json`; `-2`, `-3` … for further runs. */
export function chooseResultsName(
  existing: ReadonlySet<string>,
  options: { date: Date; revision: Revision; label?: string | undefined },
): string {
  const parts = [options.date.toISOString().slice(0, 10), options.revision.commit];
  if (options.revision.dirty) parts.push("dirty");
  if (options.label) parts.push(options.label);
  const stem = parts.join("-");
  for (let run = 1; ; run++) {
    const name = `${stem}${run === 1 ? "" : `-${run}`}.json`;
    if (!existing.has(name)) return name;
  }
}

/** Writes `document` to a new file in `directory` and returns its path; never overwrites one. */
export function writeResultsFile(
  directory: string,
  document: unknown,
  options: { repository: string; label?: string | undefined; date?: Date },
): string {
  mkdirSync(directory, { recursive: true });
  const revision = describeRevision(options.repository, directory);
  const date = options.date ?? new Date();
  for (;;) {
    const name = chooseResultsName(new Set(readdirSync(directory)), { date, revision, label: options.label });
    const file = path.join(directory, name);
    try {
      // `wx` fails when the file exists: two runs finishing at once still get a file each.
      writeFileSync(file, `${JSON.stringify({ revision, ...(document as object) }, null, 1)}\n`, { flag: "wx" });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
