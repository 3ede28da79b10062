import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

/**
 * The top self-time functions of a V8 CPU profile (`node --cpu-prof`), and the same time by
 * package, optionally only between two instants after the profile started (to leave start-up out):
 *   node dist/bench-probes/probes/profile-summary.js FILE.cpuprofile [--from 40] [--to 100] [--top 25]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: "string", default: "0" }, to: { type: "string" }, top: { type: "string", default: "25" } },
});
if (positionals.length !== 1) {
  console.error("usage: profile-summary FILE.cpuprofile [--from SECONDS] [--to SECONDS] [--top N]");
  process.exit(2);
}

const profile = JSON.parse(readFileSync(positionals[0] as string, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const fromUs = Number(values.from) * 1e6;
const toUs = values.to === undefined ? Infinity : Number(values.to) * 1e6;

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let elapsedUs = 0;
let totalUs = 0;
profile.samples.forEach((id, index) => {
  const deltaUs = profile.timeDeltas[index] ?? 0;
  elapsedUs += deltaUs;
  if (elapsedUs < fromUs || elapsedUs > toUs) return;
  const frame = nodes.get(id)?.callFrame;
  if (!frame) return;
  totalUs += deltaUs;
  const name = `${frame.functionName || "(anonymous)"} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + deltaUs);
  const group = packageOf(frame);
  byPackage.set(group, (byPackage.get(group) ?? 0) + deltaUs);
});

function shortUrl(url: string): string {
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) return url.slice(modules + "node_modules/".length);
  const dist = url.indexOf("/dist/");
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, "");
}

function packageOf(frame: ProfileNode["callFrame"]): string {
  if (!frame.url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (modules) return modules[1] as string;
  if (frame.url.startsWith("node:")) return frame.url.split("/")[0] as string;
  const dist = /\/dist\/([^/]+)/.exec(frame.url);
  return dist ? `nines ${dist[1]}` : frame.url;
}

function print(title: string, table: Map<string, number>, limit: number): void {
  console.log(`\n${title}`);
  for (const [name, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    console.log(`${((100 * us) / totalUs).toFixed(1).padStart(6)}%  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${name}`);
  }
}

console.log(`${(totalUs / 1e6).toFixed(1)} s of samples between ${values.from} s and ${values.to ?? "the end"}`);
print("self time by function", byFunction, Number(values.top));
print("self time by package", byPackage, 15);
