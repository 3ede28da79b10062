import { loadavg } from "node:os";
import {
  type Placement,
  readCoreTimes,
  readCpuSeconds,
  readMemory,
  readThreadTimes,
  sampleMemory,
  subtractThreadTimes,
  type ThreadTimes,
} from "./process.js";
import type { Target, TargetStats } from "./target.js";

/**
 * The measured window of one tool's run: CPU time and memory of its processes read from /proc at
 * both ends, RSS sampled every second in between, and the target's own count of requests.
 */
export interface ProcessMeasurement {
  cpuSeconds: number;
  /** The same CPU seconds split into the main thread and the others, user and system (kernel) time. */
  threads: Record<"main" | "others", { user: number; system: number }>;
  /** VmHWM at the end: the peak since start, loading the monitors included. */
  peakRssBytes: number;
  /** The highest RSS sampled inside the window: the steady state. */
  windowPeakRssBytes: number;
  endRssBytes: number;
}

export interface WindowMeasurement {
  startedAt: number;
  endedAt: number;
  seconds: number;
  processes: Record<string, ProcessMeasurement>;
  /**
   * How busy the tool's core was, and the part of it that other processes took (builds and tests
   * of a shared machine): anything well above zero means the figures of this window are disturbed.
   */
  core: { busyShare: number; othersShare: number; loadAverage: number };
  target: { cpuSeconds: number; stats: TargetStats };
}

export interface OpenWindow {
  close(): Promise<WindowMeasurement>;
}

export async function openWindow(
  pids: Record<string, number>,
  target: Target,
  placement: Placement,
): Promise<OpenWindow> {
  const names = Object.keys(pids);
  const coreBefore = readCoreTimes(placement.cpu);
  await target.reset();
  const startedAt = Date.now();
  const cpuBefore = names.map((name) => readCpuSeconds(pids[name] as number));
  const threadsBefore = names.map((name) => readThreadTimes(pids[name] as number));
  const targetCpuBefore = target.cpuSeconds();
  const sampler = sampleMemory(names.map((name) => pids[name] as number));
  return {
    async close() {
      const cpuAfter = names.map((name) => readCpuSeconds(pids[name] as number));
      const threadsAfter = names.map((name) => readThreadTimes(pids[name] as number));
      const targetCpuAfter = target.cpuSeconds();
      const coreAfter = readCoreTimes(placement.cpu);
      const endedAt = Date.now();
      const stats = await target.stats();
      const windowPeaks = sampler.stop();
      const processes: Record<string, ProcessMeasurement> = {};
      names.forEach((name, index) => {
        const memory = readMemory(pids[name] as number);
        processes[name] = {
          cpuSeconds: (cpuAfter[index] as number) - (cpuBefore[index] as number),
          threads: subtractThreadTimes(
            pids[name] as number,
            threadsAfter[index] as ThreadTimes,
            threadsBefore[index] as ThreadTimes,
          ),
          peakRssBytes: memory.peakRssBytes,
          windowPeakRssBytes: windowPeaks[index] as number,
          endRssBytes: memory.rssBytes,
        };
      });
      const toolCpuSeconds = Object.values(processes).reduce((sum, process) => sum + process.cpuSeconds, 0);
      const seconds = (endedAt - startedAt) / 1000;
      const busyShare = (coreAfter.busy - coreBefore.busy) / Math.max(1, coreAfter.total - coreBefore.total);
      return {
        startedAt,
        endedAt,
        seconds,
        processes,
        core: {
          busyShare,
          othersShare: Math.max(0, busyShare - toolCpuSeconds / seconds / coreAfter.cores),
          loadAverage: loadavg()[0] ?? 0,
        },
        target: { cpuSeconds: targetCpuAfter - targetCpuBefore, stats },
      };
    },
  };
}
