import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Tests that run `bin/nines.js` as a real process need `dist/`; build it when missing or stale. */
export function ensureServerBuilt(): void {
  const main = path.join(repoRoot, "dist/cli/main.js");
  if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(path.join(repoRoot, "src"))) return;
  execFileSync(
    process.execPath,
    [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    { cwd: repoRoot, stdio: "inherit" },
  );
}

/** A PATH on which `node` is the Node running the tests, for `bin/nines`, which runs `node`. */
export function withThisNode(pathVariable: string | undefined): string {
  return [path.dirname(process.execPath), pathVariable].filter(Boolean).join(path.delimiter);
}
