import { describe, expect, it } from "vitest";
import {
  addToHistogram,
  countHistogram,
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  estimateBucketValue,
  findLatencyBucket,
  HISTOGRAM_BUCKETS,
  HISTOGRAM_MAX_MS,
  HISTOGRAM_RELATIVE_ERROR,
  type Histogram,
  mergeHistograms,
  OVERFLOW_BUCKET,
  percentile,
  summarizeLatency,
} from "./rollups.js";

/** A reproducible stream of numbers in [0, 1), so failures can be replayed. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function exactPercentile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] as number;
}

const histogramOf = (samples: readonly number[]) =>
  samples.reduce<Histogram>((histogram, ms) => addToHistogram(histogram, ms), createHistogram());

describe("latency histograms", () => {
  it("puts each duration in the bucket whose bounds hold it", () => {
    expect(findLatencyBucket(0)).toBe(0);
    expect(findLatencyBucket(0.99)).toBe(0);
    expect(findLatencyBucket(1)).toBe(1);
    expect(findLatencyBucket(1.19)).toBe(1);
    expect(findLatencyBucket(1.21)).toBe(2);
    expect(findLatencyBucket(300_000)).toBeLessThan(OVERFLOW_BUCKET);
    expect(findLatencyBucket(HISTOGRAM_MAX_MS)).toBe(OVERFLOW_BUCKET);
    expect(findLatencyBucket(Number.NaN)).toBe(0);
    for (const ms of [1.5, 12, 250, 4_000, 60_000]) {
      const middle = estimateBucketValue(findLatencyBucket(ms));
      expect(Math.abs(middle - ms) / ms).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR);
    }
  });

  it("starts with one empty bucket per range, and puts anything far past the last one in overflow", () => {
    expect(createHistogram()).toEqual(new Array(HISTOGRAM_BUCKETS).fill(0));
    expect(findLatencyBucket(10 * HISTOGRAM_MAX_MS)).toBe(OVERFLOW_BUCKET);
    expect(findLatencyBucket(Number.POSITIVE_INFINITY)).toBe(OVERFLOW_BUCKET);
  });

  it("estimates percentiles within the documented error of the exact ones", () => {
    const random = createRandom(42);
    for (const [median, spread] of [
      [20, 0.5],
      [150, 1.2],
      [2_000, 0.3],
    ] as const) {
      // Log-normal latencies: a typical service's shape, long tail included.
      const samples = Array.from({ length: 5_000 }, () => {
        const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
        return median * Math.exp(spread * normal);
      });
      const sorted = [...samples].sort((a, b) => a - b);
      const histogram = histogramOf(samples);
      for (const q of [0.5, 0.95, 0.99]) {
        const exact = exactPercentile(sorted, q);
        const estimate = percentile(histogram, q) as number;
        expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR);
      }
    }
  });

  it("gives the percentiles of a union from the sum of the parts' histograms", () => {
    const random = createRandom(7);
    const hours = Array.from({ length: 24 }, (_, hour) =>
      Array.from({ length: 120 }, () => 10 + hour * 5 + random() * 40),
    );
    const merged = hours
      .map(histogramOf)
      .reduce((sum, histogram) => mergeHistograms(sum, histogram), createHistogram());
    expect(merged).toEqual(histogramOf(hours.flat()));
    expect(countHistogram(merged)).toBe(24 * 120);
    const sorted = hours.flat().sort((a, b) => a - b);
    const latency = summarizeLatency(merged);
    for (const [q, value] of [
      [0.5, latency?.p50],
      [0.95, latency?.p95],
      [0.99, latency?.p99],
    ] as const) {
      const exact = exactPercentile(sorted, q);
      expect(Math.abs((value as number) - exact) / exact).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR);
    }
  });

  it("takes each percentile at its own nearest rank when p50, p95 and p99 all differ", () => {
    // 100 samples: 94 fast, 2 slow, 3 slower, 1 slowest; rank 95 is the first slow one, rank 99 a slower one.
    const samples = [...Array(94).fill(10), 100, 100, 1_000, 1_000, 1_000, 10_000];
    const histogram = histogramOf(samples);
    const at = (ms: number) => estimateBucketValue(findLatencyBucket(ms));
    expect(summarizeLatency(histogram)).toEqual({ p50: at(10), p95: at(100), p99: at(1_000) });
    expect(percentile(histogram, 0.94)).toBe(at(10));
    expect(percentile(histogram, 0.96)).toBe(at(100));
    expect(percentile(histogram, 0.97)).toBe(at(1_000));
    expect(percentile(histogram, 1)).toBe(at(10_000));
    // A small q still takes the first sample (rank 1, not 0).
    expect(percentile(histogram, 0.001)).toBe(at(10));
  });

  it("has no percentiles without samples and a value for a single one", () => {
    expect(percentile(createHistogram(), 0.5)).toBeNull();
    expect(summarizeLatency(createHistogram())).toBeNull();
    const one = histogramOf([0.3]);
    expect(summarizeLatency(one)).toEqual({ p50: 0.5, p95: 0.5, p99: 0.5 });
    expect(percentile(histogramOf([400_000]), 0.99)).toBe(HISTOGRAM_MAX_MS);
  });

  it("skips the pairs of a stored histogram it cannot read, keeping the rest", () => {
    const expected = createHistogram();
    expected[2] = 3;
    // No bucket, no separator, a fractional bucket, a count that is no number.
    expect(decodeHistogram("2:3,:5,9,1.5:4,7:x")).toEqual(expected);
  });

  it("encodes sparsely and decodes back to the same histogram", () => {
    const histogram = histogramOf([0.2, 12, 12.5, 12.8, 480, 480, 1_000_000]);
    const text = encodeHistogram(histogram);
    expect(text).toMatch(/^(\d+:\d+)(,\d+:\d+)*$/);
    expect(text.split(",")).toHaveLength(4);
    expect(decodeHistogram(text)).toEqual(histogram);
    expect(encodeHistogram(createHistogram())).toBe("");
    expect(decodeHistogram("")).toEqual(createHistogram());
  });
});
