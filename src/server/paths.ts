import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The package root: two levels up from both `src/server` and `dist/server`. */
const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

export const VERSION: string = (JSON.parse(readFileSync(`${packageRoot}package.json`, "utf8")) as { version: string })
  .version;

export const webRoot = () => `${packageRoot}dist/web`;
