/** Just enough of the Prometheus text format to read counters and one histogram out of /metrics. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples whose metric name starts with one of `prefixes`; other lines are not parsed at all. */
export function parseExposition(text: string, prefixes: string[]): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!prefixes.some((prefix) => line.startsWith(prefix))) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(LABEL)) labels[key as string] = value as string;
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

export function sumSamples(
  samples: Sample[],
  name: string,
  where: (labels: Record<string, string>) => boolean = () => true,
) {
  let total = 0;
  for (const sample of samples) if (sample.name === name && where(sample.labels)) total += sample.value;
  return total;
}

export interface Histogram {
  /** Cumulative counts by upper bound, ascending, ending with +Inf. */
  buckets: Array<{ le: number; count: number }>;
  count: number;
  sum: number;
}

export function readHistogram(samples: Sample[], name: string): Histogram {
  const buckets = samples
    .filter((sample) => sample.name === `${name}_bucket`)
    .map((sample) => ({ le: Number(sample.labels.le === "+Inf" ? Infinity : sample.labels.le), count: sample.value }))
    .sort((a, b) => a.le - b.le);
  return { buckets, count: sumSamples(samples, `${name}_count`), sum: sumSamples(samples, `${name}_sum`) };
}

/** What was observed between two scrapes of the same histogram. */
export function subtractHistogram(after: Histogram, before: Histogram): Histogram {
  return {
    buckets: after.buckets.map((bucket) => ({
      le: bucket.le,
      count: bucket.count - (before.buckets.find((other) => other.le === bucket.le)?.count ?? 0),
    })),
    count: after.count - before.count,
    sum: after.sum - before.sum,
  };
}

export interface Quantile {
  /** Linear interpolation inside the bucket, as PromQL's histogram_quantile does. */
  estimate: number;
  /** The bucket the quantile falls in: all the histogram really knows. */
  lower: number;
  upper: number;
}

export function histogramQuantile(histogram: Histogram, q: number): Quantile | null {
  const total = histogram.buckets.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bucket of histogram.buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return { estimate: lower, lower, upper: Infinity };
      const inBucket = bucket.count - below;
      const estimate = inBucket > 0 ? lower + ((bucket.le - lower) * (rank - below)) / inBucket : bucket.le;
      return { estimate, lower, upper: bucket.le };
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return null;
}
