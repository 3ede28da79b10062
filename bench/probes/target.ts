import { fileURLToPath } from "node:url";
import { type Child, type Placement, readCpuSeconds, spawnPinned } from "./process.js";

export interface TargetStats {
  requests: number;
  /** Pairs of consecutive requests to one URL, each giving one interval. */
  intervals: number;
  /** Intervals longer than 1.5 × the schedule's: a slot was skipped or started very late. */
  missedSlots: number;
  /** |time between two requests to one URL − the interval|, in ms. */
  jitterMs: { p50: number | null; p90: number | null; p99: number | null; max: number | null };
}

export interface Target {
  child: Child;
  ports: number[];
  /** The URL of monitor `index`: monitors are spread over the ports, each with its own path. */
  urlOf(index: number): string;
  cpuSeconds(): number;
  /** Starts a new window of counts; `forget` also drops the last arrivals (a new tool starts). */
  reset(forget?: boolean): Promise<void>;
  stats(): Promise<TargetStats>;
  stop(): Promise<void>;
}

export async function startTarget(options: {
  placement: Placement;
  ports: number;
  intervalMs: number;
}): Promise<Target> {
  const program = fileURLToPath(new URL("./target-server.js", import.meta.url));
  const child = spawnPinned("target", options.placement, process.execPath, [
    program,
    "--ports",
    String(options.ports),
    "--interval-ms",
    String(options.intervalMs),
  ]);
  const output = await child.waitForOutput(/\{"ports".*\}\n/, 10_000);
  const { ports, control } = JSON.parse(/\{"ports".*\}/.exec(output)?.[0] ?? "{}") as {
    ports: number[];
    control: number;
  };
  const call = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${control}${path}`, { method: path === "/stats" ? "GET" : "POST" });
    return response.json() as Promise<unknown>;
  };
  return {
    child,
    ports,
    urlOf: (index) => `http://127.0.0.1:${ports[index % ports.length]}/health/${index}`,
    cpuSeconds: () => readCpuSeconds(child.pid),
    async reset(forget = false) {
      await call(forget ? "/forget" : "/reset");
    },
    stats: () => call("/stats") as Promise<TargetStats>,
    stop: () => child.stop(),
  };
}
