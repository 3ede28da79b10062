import { readFileSync } from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";
import { compressSync } from "snappy";
import { repoRoot } from "./build.js";

/**
 * Real remote_write bodies for the tests, encoded by protobufjs from Prometheus' own .proto files
 * (src/slo/proto/), so the hand-written decoder is checked against the generic one.
 */
const root = new protobuf.Root();
for (const file of ["types.proto", "remote.proto"])
  protobuf.parse(readFileSync(path.join(repoRoot, "src/slo/proto", file), "utf8"), root, { keepCase: true });

export const WriteRequestType = root.lookupType("prometheus.WriteRequest");

export interface SeriesInput {
  labels: Record<string, string>;
  samples?: { timestamp: number; value: number }[];
  exemplars?: { labels: Record<string, string>; value: number; timestamp: number }[];
  histograms?: { count_int: number; sum: number; schema: number; timestamp: number }[];
}

const toLabels = (labels: Record<string, string>) =>
  Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({ name, value }));

/** The protobuf bytes of a WriteRequest (not compressed); a sample of value `STALE` becomes a stale marker. */
export function encodeWriteRequestProtobuf(
  series: readonly SeriesInput[],
  metadata: { type: number; metric_family_name: string; help: string }[] = [],
): Buffer {
  const message = WriteRequestType.fromObject({
    timeseries: series.map((item) => ({
      labels: toLabels(item.labels),
      samples: item.samples ?? [],
      exemplars: (item.exemplars ?? []).map((exemplar) => ({ ...exemplar, labels: toLabels(exemplar.labels) })),
      histograms: item.histograms ?? [],
    })),
    metadata,
  });
  return patchStaleMarkers(Buffer.from(WriteRequestType.encode(message).finish()));
}

/** A remote_write body as Prometheus sends it: the protobuf, snappy-compressed in block format. */
export const encodeWriteRequest = (series: readonly SeriesInput[]) => compressSync(encodeWriteRequestProtobuf(series));

/** Prometheus' stale marker as a sample value: protobufjs would write a plain NaN, so `encodeWriteRequest` patches it in. */
export const STALE = -0.123456789e-300;

const STALE_PLACEHOLDER = Buffer.alloc(8);
STALE_PLACEHOLDER.writeDoubleLE(STALE);
/** The stale marker's bit pattern, 0x7ff0000000000002, little-endian as a Sample carries it. */
const STALE_MARKER_BITS = Buffer.from([0x02, 0, 0, 0, 0, 0, 0xf0, 0x7f]);

function patchStaleMarkers(bytes: Buffer): Buffer {
  for (let at = bytes.indexOf(STALE_PLACEHOLDER); at !== -1; at = bytes.indexOf(STALE_PLACEHOLDER, at + 8))
    STALE_MARKER_BITS.copy(bytes, at);
  return bytes;
}
