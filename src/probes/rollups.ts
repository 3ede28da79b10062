/**
 * Latency histograms with fixed log-scale buckets, so the percentiles of any union of hours are
 * those of the sum of their histograms. Bucket 0 holds [0, 1 ms); bucket i (1..70) holds
 * [1.2^(i-1), 1.2^i) ms, up to about 349 s (past the longest timeout, 300 s); the last bucket holds
 * anything longer. A percentile is reported as its bucket's geometric middle, so it is within
 * ±9.6% of the true value from 1 ms up (and within 0.5 ms below that).
 */
export type Histogram = number[];

export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

export const HISTOGRAM_GROWTH = 1.2;
const FINITE_BUCKETS = 70;
/** Multiplies ln(ms) to give the bucket below; shared with the SQL that buckets raw results. */
export const HISTOGRAM_SCALE = 1 / Math.log(HISTOGRAM_GROWTH);
/** From here on everything falls into the overflow bucket. */
export const HISTOGRAM_MAX_MS = HISTOGRAM_GROWTH ** FINITE_BUCKETS;
export const OVERFLOW_BUCKET = FINITE_BUCKETS + 1;
export const HISTOGRAM_BUCKETS = OVERFLOW_BUCKET + 1;
/** The largest relative error of a percentile of 1 ms or more. */
export const HISTOGRAM_RELATIVE_ERROR = Math.sqrt(HISTOGRAM_GROWTH) - 1;

export function createHistogram(): Histogram {
  return new Array<number>(HISTOGRAM_BUCKETS).fill(0);
}

/** The bucket a duration falls into; the SQL in `rollup-store.ts` computes the same. */
export function findLatencyBucket(ms: number): number {
  if (!(ms >= 1)) return 0;
  if (ms >= HISTOGRAM_MAX_MS) return OVERFLOW_BUCKET;
  return Math.floor(Math.log(ms) * HISTOGRAM_SCALE) + 1;
}

/** The value a bucket stands for: the geometric middle of its bounds. */
export function estimateBucketValue(bucket: number): number {
  if (bucket <= 0) return 0.5;
  if (bucket >= OVERFLOW_BUCKET) return HISTOGRAM_MAX_MS;
  return HISTOGRAM_GROWTH ** (bucket - 0.5);
}

export function addToHistogram(histogram: Histogram, ms: number, count = 1): Histogram {
  addToBucket(histogram, findLatencyBucket(ms), count);
  return histogram;
}

export function addToBucket(histogram: Histogram, bucket: number, count: number): void {
  const index = Math.max(0, Math.min(OVERFLOW_BUCKET, Math.trunc(bucket)));
  histogram[index] = (histogram[index] ?? 0) + count;
}

/** Adds `source` into `target` and returns `target`. */
export function mergeHistograms(target: Histogram, source: Histogram): Histogram {
  for (let bucket = 0; bucket < source.length; bucket++) {
    const count = source[bucket] ?? 0;
    if (count !== 0) addToBucket(target, bucket, count);
  }
  return target;
}

export function countHistogram(histogram: Histogram): number {
  return histogram.reduce((sum, count) => sum + count, 0);
}

/**
 * The q-quantile (0 < q ≤ 1) by nearest rank: the value of the ceil(q·n)-th smallest sample, as
 * its bucket's middle; `null` for an empty histogram.
 */
export function percentile(histogram: Histogram, q: number): number | null {
  const total = countHistogram(histogram);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    seen += histogram[bucket] ?? 0;
    if (seen >= rank) return estimateBucketValue(bucket);
  }
  return estimateBucketValue(OVERFLOW_BUCKET);
}

export function summarizeLatency(histogram: Histogram): LatencyPercentiles | null {
  const p50 = percentile(histogram, 0.5);
  if (p50 === null) return null;
  return { p50, p95: percentile(histogram, 0.95) ?? p50, p99: percentile(histogram, 0.99) ?? p50 };
}

/** Sparse text, `bucket:count` pairs joined by commas: a typical hour takes a few dozen bytes. */
export function encodeHistogram(histogram: Histogram): string {
  const pairs: string[] = [];
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    const count = histogram[bucket] ?? 0;
    if (count !== 0) pairs.push(`${bucket}:${count}`);
  }
  return pairs.join(",");
}

export function decodeHistogram(text: string): Histogram {
  const histogram = createHistogram();
  if (text === "") return histogram;
  for (const pair of text.split(",")) {
    const separator = pair.indexOf(":");
    const bucket = Number(pair.slice(0, separator));
    const count = Number(pair.slice(separator + 1));
    if (separator > 0 && Number.isInteger(bucket) && Number.isFinite(count)) addToBucket(histogram, bucket, count);
  }
  return histogram;
}
