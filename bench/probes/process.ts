import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Child processes of the benchmark: each started in its own process group, pinned to a CPU with
 * taskset and given a priority with nice, so it can be measured through /proc and stopped with
 * everything it started.
 */
export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The last few KiB of stdout and stderr, for error messages. */
  output(): string;
  /** Resolves when the output matches; rejects when the child exits first or the time is up. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Where a child runs. A negative `nice` lets the measured processes win their core from other work
 * on a shared machine (builds, tests); both tools get the same.
 */
export interface Placement {
  /** A taskset CPU list. */
  cpu: string;
  nice: number;
}

const OUTPUT_TAIL_CHARS = 8192;
const running = new Set<Child>();

export function spawnPinned(
  name: string,
  placement: Placement,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Child {
  // nice and taskset exec the command, so the pid is the command's own and /proc/<pid> measures it.
  const child = spawn("nice", ["-n", String(placement.nice), "taskset", "-c", placement.cpu, command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  let tail = "";
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const handle: Child = {
    name,
    pid: child.pid,
    process: child,
    output: () => tail,
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = (error?: Error) => {
          listeners.delete(check);
          clearTimeout(timer);
          child.off("exit", onExit);
          if (error) reject(error);
          else resolve(tail);
        };
        const check = () => {
          if (pattern.test(tail)) done();
        };
        const onExit = (code: number | null, signal: string | null) =>
          done(new Error(`${name} exited (${signal ?? code}) before printing ${pattern}:\n${tail}`));
        const timer = setTimeout(
          () => done(new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${tail}`)),
          timeoutMs,
        );
        listeners.add(check);
        child.once("exit", onExit);
        check();
      });
    },
    async stop(graceMs = 20_000) {
      running.delete(handle);
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child.pid as number, "SIGTERM");
      const killed = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
      if (killed) {
        signalGroup(child.pid as number, "SIGKILL");
        await exited;
      }
    },
  };
  running.add(handle);
  return handle;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Kills every child still running; for exits on errors and Ctrl-C. */
export function killAllChildren(): void {
  for (const child of running) signalGroup(child.pid, "SIGKILL");
  running.clear();
}

let clockTicks: number | undefined;

function parseStat(path: string): { name: string; userSeconds: number; systemSeconds: number } {
  clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const stat = readFileSync(path, "utf8");
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis don't.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
    userSeconds: Number(fields[11]) / clockTicks,
    systemSeconds: Number(fields[12]) / clockTicks,
  };
}

/** User plus system CPU time of a process (all its threads), in seconds. */
export function readCpuSeconds(pid: number): number {
  const { userSeconds, systemSeconds } = parseStat(`/proc/${pid}/stat`);
  return userSeconds + systemSeconds;
}

export type ThreadTimes = Map<string, { userSeconds: number; systemSeconds: number }>;

/** CPU time of each thread of a process, by thread id (threads that ended are not listed). */
export function readThreadTimes(pid: number): ThreadTimes {
  const threads: ThreadTimes = new Map();
  for (const id of readdirSync(`/proc/${pid}/task`)) {
    try {
      threads.set(id, parseStat(`/proc/${pid}/task/${id}/stat`));
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return threads;
}

/**
 * CPU time spent between two readings, user and system (kernel) time, of the main thread (whose id
 * is the process id) and of all the others: garbage collection helpers and thread pools.
 */
export function subtractThreadTimes(
  pid: number,
  after: ThreadTimes,
  before: ThreadTimes,
): Record<"main" | "others", { user: number; system: number }> {
  const times = { main: { user: 0, system: 0 }, others: { user: 0, system: 0 } };
  for (const [id, thread] of after) {
    const earlier = before.get(id);
    const entry = id === String(pid) ? times.main : times.others;
    entry.user += thread.userSeconds - (earlier?.userSeconds ?? 0);
    entry.system += thread.systemSeconds - (earlier?.systemSeconds ?? 0);
  }
  for (const entry of Object.values(times)) {
    entry.user = Math.round(entry.user * 100) / 100;
    entry.system = Math.round(entry.system * 100) / 100;
  }
  return times;
}

/** Busy and total time of the listed CPUs since boot, in clock ticks, from /proc/stat. */
export function readCoreTimes(cpuList: string): { busy: number; total: number; cores: number } {
  const cpus = new Set<string>();
  for (const part of cpuList.split(",")) {
    const [low, high = low] = part.split("-").map(Number) as [number, number?];
    for (let cpu = low; cpu <= high; cpu++) cpus.add(`cpu${cpu}`);
  }
  let busy = 0;
  let total = 0;
  for (const line of readFileSync("/proc/stat", "utf8").split("\n")) {
    const [name, ...fields] = line.split(/\s+/);
    if (!name || !cpus.has(name)) continue;
    // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
    const ticks = fields.slice(0, 8).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    const sum = ticks.reduce((a, b) => a + b, 0);
    busy += sum - idle;
    total += sum;
  }
  return { busy, total, cores: cpus.size };
}

export interface Memory {
  rssBytes: number;
  /** VmHWM: the highest resident set size since the process started. */
  peakRssBytes: number;
}

export function readMemory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rssBytes: kib("VmRSS"), peakRssBytes: kib("VmHWM") };
}

/** A port free on loopback right now (the OS picks it; a race with other programs is unlikely). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Polls a URL until it answers 2xx. */
export async function waitForHttp(url: string, timeoutMs: number, child?: Child): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && (child.process.exitCode !== null || child.process.signalCode !== null))
      throw new Error(`${child.name} exited while starting:\n${child.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** Samples each process's RSS every second, so a peak inside the window is seen. */
export function sampleMemory(pids: number[], everyMs = 1000): { stop(): number[] } {
  const peaks = pids.map(() => 0);
  const sample = () =>
    pids.forEach((pid, index) => {
      try {
        peaks[index] = Math.max(peaks[index] as number, readMemory(pid).rssBytes);
      } catch {
        // The process exited; the run reports that on its own.
      }
    });
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}
