import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSeriesCounters, type DroppedSamples, FORGET_AFTER_MS, minuteOf, type SeriesKind } from "./counters.js";

const T = Date.UTC(2026, 0, 5, 12, 0, 0);
const M = minuteOf(T);
const STALE = Number.NaN;

/** Feeds `samples` ([seconds after T, value]) and returns the emitted [minute offset, value] pairs. */
function feed(
  samples: [number, number][],
  options: { kind?: SeriesKind; now?: number; counters?: ReturnType<typeof createSeriesCounters>; key?: string } = {},
) {
  const counters = options.counters ?? createSeriesCounters();
  const emitted: [number, number][] = [];
  const dropped: DroppedSamples = { outOfOrder: 0, future: 0 };
  counters.record(
    options.key ?? "x",
    options.kind ?? "counter",
    samples.map(([seconds, value]) => ({ timestamp: T + seconds * 1000, value })),
    options.now ?? T + 3_600_000,
    (minute, value) => emitted.push([minute - M, value]),
    dropped,
  );
  return { emitted, dropped, counters };
}

describe("counters", () => {
  it("takes the first sample as the baseline and counts each increase in the later sample's minute", () => {
    const { emitted } = feed([
      [10, 100],
      [40, 105],
      [70, 105],
      [100, 112],
    ]);
    expect(emitted).toEqual([
      [0, 5],
      [1, 0],
      [1, 7],
    ]);
  });

  it("counts a drop as a reset whose increase is the new value", () => {
    const { emitted } = feed([
      [0, 50],
      [15, 60],
      [30, 4],
      [45, 9],
    ]);
    expect(emitted).toEqual([
      [0, 10],
      [0, 4],
      [0, 5],
    ]);
  });

  it("puts the whole increase across a gap in the minute of the sample after it", () => {
    const { emitted } = feed([
      [0, 10],
      [600, 70],
    ]);
    expect(emitted).toEqual([[10, 60]]);
  });

  it("drops and counts samples at or before the last timestamp", () => {
    const { emitted, dropped } = feed([
      [0, 10],
      [30, 20],
      [30, 25],
      [20, 15],
      [60, 30],
    ]);
    expect(emitted).toEqual([
      [0, 10],
      [1, 10],
    ]);
    expect(dropped).toEqual({ outOfOrder: 2, future: 0 });
  });

  it("keeps state across calls, so a batch replayed later is out of order", () => {
    const { counters } = feed([
      [0, 1],
      [30, 2],
    ]);
    const replay = feed(
      [
        [0, 1],
        [30, 2],
        [45, 4],
      ],
      { counters },
    );
    expect(replay.emitted).toEqual([[0, 2]]);
    expect(replay.dropped.outOfOrder).toBe(2);
  });

  it("drops and counts samples more than 5 minutes ahead of now", () => {
    const now = T;
    const { emitted, dropped } = feed(
      [
        [0, 1],
        [300, 2],
        [301, 3],
      ],
      { now },
    );
    expect(emitted).toEqual([[5, 1]]);
    expect(dropped).toEqual({ outOfOrder: 0, future: 1 });
  });

  it("ends a series at a stale marker: the next sample is a new baseline", () => {
    const { emitted } = feed([
      [0, 10],
      [15, 12],
      [30, STALE],
      [200, 500],
      [215, 503],
    ]);
    expect(emitted).toEqual([
      [0, 2],
      [3, 3],
    ]);
  });

  it("ends a series at ±Infinity too, never counting an infinite increase", () => {
    const { emitted } = feed([
      [0, 1],
      [10, Number.POSITIVE_INFINITY],
      [20, 5],
      [30, 6],
    ]);
    expect(emitted).toEqual([[0, 1]]);
  });

  it("sums to the counter's real increase, whatever the resets, gaps and batching", () => {
    const step = fc.record({
      gapSeconds: fc.integer({ min: 1, max: 400 }),
      increment: fc.integer({ min: 0, max: 1000 }),
      reset: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(step, { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        (start, steps, batch) => {
          let value = start;
          let seconds = 0;
          let real = 0;
          const samples: [number, number][] = [[0, start]];
          for (const item of steps) {
            seconds += item.gapSeconds;
            // A reset starts again from 0; only one that ends below the last value can be seen, in
            // Prometheus as here.
            const reset = item.reset && item.increment < value;
            value = reset ? item.increment : value + item.increment;
            real += item.increment;
            samples.push([seconds, value]);
          }
          const counters = createSeriesCounters();
          let total = 0;
          for (let index = 0; index < samples.length; index += batch) {
            const { emitted } = feed(samples.slice(index, index + batch), { counters, now: T + 86_400_000 });
            total += emitted.reduce((sum, [, increase]) => sum + increase, 0);
          }
          expect(total).toBe(real);
        },
      ),
    );
  });
});

describe("gauges", () => {
  it("reports each minute's last sample once the minute is closed", () => {
    const { emitted, counters } = feed(
      [
        [0, 0.5],
        [30, 0.7],
        [65, 0.9],
        [80, 0.95],
      ],
      { kind: "gauge" },
    );
    expect(emitted).toEqual([[0, 0.7]]);
    const later = feed([[130, 0.2]], { kind: "gauge", counters });
    expect(later.emitted).toEqual([[1, 0.95]]);
  });

  it("closes the open minute at a stale marker and refuses samples of a minute already reported", () => {
    const { emitted, dropped } = feed(
      [
        [0, 3],
        [20, STALE],
        [40, 4],
        [70, 5],
        [130, 6],
      ],
      { kind: "gauge" },
    );
    expect(emitted).toEqual([
      [0, 3],
      [1, 5],
    ]);
    expect(dropped.outOfOrder).toBe(1);
  });

  it("keeps a series as a counter and as a gauge independently", () => {
    const counters = createSeriesCounters();
    const asCounter = feed(
      [
        [0, 1],
        [70, 3],
      ],
      { counters },
    );
    const asGauge = feed(
      [
        [0, 1],
        [70, 3],
      ],
      { counters, kind: "gauge" },
    );
    expect(asCounter.emitted).toEqual([[1, 2]]);
    expect(asGauge.emitted).toEqual([[0, 1]]);
    expect(counters.size).toBe(2);
  });
});

describe("forgetting idle series", () => {
  it("forgets series not seen for an hour, reporting a gauge's open minute first", () => {
    const counters = createSeriesCounters();
    const seenAt = T + 60_000;
    counters.record("c", "counter", [{ timestamp: T, value: 5 }], seenAt, () => {}, { outOfOrder: 0, future: 0 });
    counters.record("g", "gauge", [{ timestamp: T, value: 0.25 }], seenAt, () => {}, { outOfOrder: 0, future: 0 });
    counters.record("fresh", "counter", [{ timestamp: T, value: 1 }], seenAt + 10 * 60_000, () => {}, {
      outOfOrder: 0,
      future: 0,
    });
    const flushed: unknown[] = [];
    expect(counters.forgetIdle(seenAt + FORGET_AFTER_MS, (...args) => flushed.push(args))).toBe(0);
    expect(counters.forgetIdle(seenAt + FORGET_AFTER_MS + 1, (...args) => flushed.push(args))).toBe(2);
    expect(flushed).toEqual([["g", "gauge", M, 0.25]]);
    expect(counters.size).toBe(1);
    // Forgotten, the counter starts again from a baseline.
    const { emitted } = feed([[7200, 9]], { counters, key: "c", now: seenAt + FORGET_AFTER_MS + 2 });
    expect(emitted).toEqual([]);
  });
});
