import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout this benchmark runs in: the nearest folder above the compiled file with `bin/nines.js`. */
function findRepository(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "bin/nines.js"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("bench/probes: cannot find the Nines checkout (bin/nines.js) above this file");
    dir = parent;
  }
  return dir;
}

export const REPOSITORY = findRepository();
