import { fileURLToPath } from "node:url";
import { type Placement, spawnPinned } from "../probes/process.js";

/** The measured programs of this benchmark, each run in its own pinned Node process. */
export const scriptPath = (name: string) => fileURLToPath(new URL(`./${name}.js`, import.meta.url));

/** Runs a script that prints one JSON line last, and returns that line parsed. */
export async function runJsonChild<T>(
  name: string,
  placement: Placement,
  args: string[],
  nodeOptions: string[] = [],
): Promise<T> {
  const child = spawnPinned(name, placement, process.execPath, [...nodeOptions, scriptPath(name), ...args]);
  const code = await new Promise<number | null>((resolve) => child.process.once("exit", (exit) => resolve(exit)));
  await child.stop();
  const output = child.output();
  const line = output
    .split("\n")
    .reverse()
    .find((text) => text.startsWith("{"));
  if (code !== 0 || !line) throw new Error(`${name} failed (exit ${code}):\n${output}`);
  return JSON.parse(line) as T;
}
