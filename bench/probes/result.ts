import type { Quantile } from "./exposition.js";
import type { Placement } from "./process.js";
import type { WindowMeasurement } from "./window.js";

export type ToolName = "nines" | "blackbox";

/**
 * The order the tools run in, round by round: as given in even rounds, reversed in odd ones, so
 * that with `--repeat` each tool goes first as often as the other.
 */
export function orderTools(tools: readonly ToolName[], round: number): ToolName[] {
  return round % 2 === 0 ? [...tools] : [...tools].reverse();
}

/** What one tool achieved for one number of monitors; the JSON results hold a list of these. */
export interface ToolResult {
  tool: "nines" | "prometheus+blackbox";
  /** Which of the `--repeat` rounds (from 1); absent in results from before rounds existed. */
  round?: number;
  version: string;
  monitors: number;
  intervalSeconds: number;
  /** From starting the process(es) to the monitors being loaded. */
  startupSeconds: number;
  window: WindowMeasurement;
  /** Checks per second the tool itself counted in the window, and how many of them failed. */
  checksPerSecond: number;
  failedChecks: number;
  scheduledPerSecond: number;
  /** CPU seconds of all the tool's processes in the window, per 1,000 checks. */
  cpuPerThousandChecks: number;
  /** Nines' own histogram of check start lateness over the window (seconds). */
  lateness?: { observed: number; p50: Quantile | null; p99: Quantile | null; bucketBounds: number[] };
  /** The server's event loop delay over the window and its heap at the end; Nines only. */
  runtime?: {
    eventLoopDelayP50Seconds: number;
    eventLoopDelayP99Seconds: number;
    eventLoopDelayMaxSeconds: number;
    heapUsedBytes: number;
    heapTotalBytes: number;
    externalBytes: number;
  };
  storage: Storage;
  notes: string[];
}

export interface Storage {
  /** Extrapolated from the files' growth (database and write-ahead log) over the window. */
  bytesPerMonitorPerDay: number;
  /** What each stored check result takes, measured table by table after the run; Nines only. */
  bytesPerResult?: number;
  detail: Record<string, number>;
}

export interface RunSettings {
  monitors: number;
  intervalSeconds: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Where the measured tool runs. */
  placement: Placement;
  keepTemp: boolean;
  log: (message: string) => void;
}
