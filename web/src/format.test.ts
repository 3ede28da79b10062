import { describe, expect, it } from "vitest";
import { formatAgo, formatDuration, formatInterval, formatUptime } from "./format.js";

describe("formatUptime", () => {
  it("rounds down so an outage never shows as 100%", () => {
    expect(formatUptime(0.99996)).toBe("99.99%");
    expect(formatUptime(1)).toBe("100.00%");
    expect(formatUptime(0)).toBe("0.00%");
    expect(formatUptime(null)).toBe("—");
  });
});

describe("formatInterval", () => {
  it("writes intervals the way YAML declares them", () => {
    expect(formatInterval(30_000)).toBe("30s");
    expect(formatInterval(60_000)).toBe("1m");
    expect(formatInterval(5_400_000)).toBe("1h30m");
    expect(formatInterval(500)).toBe("500ms");
  });
});

describe("formatAgo", () => {
  it("counts seconds, then minutes, hours and days", () => {
    const now = 1_700_000_000_000;
    expect(formatAgo(now - 500, now)).toBe("just now");
    expect(formatAgo(now - 12_000, now)).toBe("12 s ago");
    expect(formatAgo(now - 240_000, now)).toBe("4 min ago");
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe("3 h ago");
    expect(formatAgo(now - 72 * 3_600_000, now)).toBe("3 d ago");
    expect(formatAgo(now + 5000, now)).toBe("just now");
  });
});

describe("formatDuration", () => {
  it("uses ms below a second", () => {
    expect(formatDuration(87.4)).toBe("87 ms");
    expect(formatDuration(1240)).toBe("1.24 s");
    expect(formatDuration(12_400)).toBe("12.4 s");
  });
});
