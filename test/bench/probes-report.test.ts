import { describe, expect, it } from "vitest";
import { formatSpread, measureSpread } from "../../bench/probes/report.js";
import { orderTools, type ToolResult } from "../../bench/probes/result.js";

/** A result with only the figures the spread table reads; the rest of a real one does not matter here. */
function result(tool: ToolResult["tool"], cpuPerThousandChecks: number, rssMiB: number): ToolResult {
  const process = {
    cpuSeconds: 6,
    peakRssBytes: rssMiB * 2 ** 20,
    windowPeakRssBytes: rssMiB * 2 ** 20,
    endRssBytes: 0,
  };
  return {
    tool,
    monitors: 1000,
    checksPerSecond: 33.3,
    cpuPerThousandChecks,
    window: {
      seconds: 60,
      processes: { [tool]: process },
      target: { stats: { jitterMs: { p99: 4 } } },
      core: { othersShare: 0.01 },
    },
  } as unknown as ToolResult;
}

describe("bench/probes rounds", () => {
  it("alternates which tool goes first", () => {
    expect([0, 1, 2, 3].map((round) => orderTools(["nines", "blackbox"], round))).toEqual([
      ["nines", "blackbox"],
      ["blackbox", "nines"],
      ["nines", "blackbox"],
      ["blackbox", "nines"],
    ]);
    expect(orderTools(["nines"], 1)).toEqual(["nines"]);
  });

  it("gives the median and range of a figure", () => {
    expect(measureSpread([])).toBeUndefined();
    expect(measureSpread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(measureSpread([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it("tabulates each figure's spread per tool", () => {
    const nines = [result("nines", 0.7, 180), result("nines", 0.9, 190), result("nines", 0.8, 186)];
    const blackbox = [result("prometheus+blackbox", 1.6, 1300), result("prometheus+blackbox", 1.5, 1340)];
    const table = formatSpread(nines, blackbox).split("\n");
    expect(table[0]).toBe("| 1,000 monitors, 3 rounds: median (min–max) | Nines | Prometheus + blackbox_exporter |");
    expect(table).toContain("| CPU s per 1,000 checks | 0.800 (0.700–0.900) | 1.550 (1.500–1.600) |");
    expect(table).toContain("| RSS peak in the window, MiB | 186 (180–190) | 1320 (1300–1340) |");
    // Prometheus exposes no start lateness.
    expect(table).toContain("| start lateness p99, s | – | – |");
  });
});
