import { z } from "zod";
import { listChoices } from "../config/describe-value.js";
import { objectName } from "../config/document.js";
import { inlineDocument, isPresent, optionalDescription, type Report, requireExactlyOne, withRule } from "./fields.js";

export const metricSource = withRule(
  z.strictObject({
    metricSourceRef: objectName.optional().describe("Name of a DataSource to read from; it must exist."),
    type: z
      .string()
      .min(1)
      .optional()
      .describe('Metric source type, such as "Prometheus"; required without metricSourceRef.'),
    spec: z
      .record(z.string(), z.unknown())
      .describe("What to read, in the data source's own terms (for Prometheus: query). Any YAML mapping."),
  }),
  (source, report) => {
    if (!isPresent(source, "metricSourceRef") && !isPresent(source, "type")) {
      report(
        ["type"],
        'missing "type": expected the metric source type (such as "Prometheus") when "metricSourceRef" is not given',
      );
    }
  },
);

export const metric = z.strictObject({ metricSource });

export const RAW_TYPES = ["success", "failure"] as const;

export const ratioMetric = withRule(
  z.strictObject({
    counter: z
      .boolean()
      .optional()
      .describe("True when the metrics are monotonically increasing counters; ignored with raw."),
    good: metric.optional().describe("Numerator: good events. Exactly one of good or bad, together with total."),
    bad: metric.optional().describe("Numerator: bad events. Exactly one of good or bad, together with total."),
    total: metric.optional().describe("Denominator: all events, with good or bad."),
    rawType: z.enum(RAW_TYPES).optional().describe("With raw: whether the stored ratio is of successes or failures."),
    raw: metric.optional().describe("A precomputed ratio; not together with good, bad or total."),
  }),
  checkRatioMetric,
);

function checkRatioMetric(ratio: Record<string, unknown>, report: Report): void {
  if (isPresent(ratio, "raw")) {
    for (const key of ["good", "bad", "total"]) {
      if (isPresent(ratio, key))
        report([key], `unexpected "${key}": "raw" can't be used together with "good", "bad" or "total"`);
    }
    if (!isPresent(ratio, "rawType"))
      report(["rawType"], `missing "rawType": expected ${listChoices(RAW_TYPES)} with "raw"`);
    return;
  }
  if (isPresent(ratio, "rawType")) report(["rawType"], 'unexpected "rawType": it is only used with "raw"');
  const hasGood = isPresent(ratio, "good");
  const hasBad = isPresent(ratio, "bad");
  if (!hasGood && !hasBad && !isPresent(ratio, "total")) {
    report([], 'expected "good" or "bad" with "total", or "raw" with "rawType"');
    return;
  }
  if (hasGood && hasBad) report(["bad"], 'expected exactly one of "good" or "bad", got both');
  else if (!hasGood && !hasBad) report([], 'expected exactly one of "good" or "bad" with "total"');
  if (!isPresent(ratio, "total"))
    report(["total"], 'missing "total": expected the denominator query with "good" or "bad"');
}

export const sliSpec = withRule(
  z.strictObject({
    description: optionalDescription,
    thresholdMetric: metric
      .optional()
      .describe("A metric compared with each objective's op and value. Exactly one of thresholdMetric or ratioMetric."),
    ratioMetric: ratioMetric
      .optional()
      .describe("Good (or bad) events over total events. Exactly one of thresholdMetric or ratioMetric."),
  }),
  (spec, report) => requireExactlyOne(spec, "thresholdMetric", "ratioMetric", report),
);

export const inlineSli = inlineDocument("SLI", sliSpec);
