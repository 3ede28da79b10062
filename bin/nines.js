#!/usr/bin/env node
// The `nines` command. Runs the compiled CLI; `npm install` builds it (the `prepare` script).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (!existsSync(main)) {
  process.stderr.write("nines: the CLI is not built yet; run `npm run build` in the checkout first.\n");
  process.exit(1);
}
const { run } = await import(main);
await run(process.argv);
