import protobuf from "protobufjs/minimal.js";
import { uncompressSync } from "snappy";
import { invalid, NinesError } from "../core/errors.js";

/**
 * Prometheus remote_write 1.0: a snappy-compressed (block format) `prometheus.WriteRequest`
 * (src/slo/proto/). Decoded by hand on protobufjs' Reader, because a generic decoder builds
 * every exemplar, histogram and metadata entry only for us to throw them away.
 */

export interface Sample {
  /** Epoch ms. */
  timestamp: number;
  /** NaN for Prometheus' stale marker (the series is gone) and for any other NaN sent. */
  value: number;
}

export interface TimeSeries {
  labels: Record<string, string>;
  samples: Sample[];
}

export interface WriteRequest {
  series: TimeSeries[];
  /** Series left undecoded because `keepName` declined their metric name, and their samples. */
  skipped?: { series: number; samples: number };
}

export interface DecodeLimits {
  /** Refuse bodies that would decompress to more than this; default 32 MiB. */
  maxUncompressedBytes?: number;
  /**
   * Whether series of this metric name are wanted. Prometheus sends each series' labels sorted, so
   * `__name__` comes first: a series nobody wants is then skipped without decoding the rest of
   * its labels and samples (most of a remote_write stream, for an SLO engine).
   */
  keepName?: (name: string) => boolean;
}

export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 32 * 1024 * 1024;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;

type Reader = protobuf.Reader;

/** Decodes a remote_write 1.0 body, or throws Invalid saying what is wrong with it. */
export function decodeWriteRequest(body: Buffer, limits: DecodeLimits = {}): WriteRequest {
  const max = limits.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES;
  const length = readSnappyLength(body);
  // The header is the sender's claim: checked before a single byte is decompressed, so a tiny
  // body claiming 4 GiB costs nothing.
  if (length > max)
    throw invalid(
      `the body would decompress to ${formatBytes(length)}, more than the limit of ${formatBytes(max)}; send smaller batches (queue_config.max_samples_per_send)`,
    );
  let raw: Buffer;
  try {
    raw = uncompressSync(body, { asBuffer: true }) as Buffer;
  } catch (error) {
    throw invalid(`${notSnappy(body)}: ${(error as Error).message}`);
  }
  if (raw.length !== length) throw invalid(`${notSnappy(body)}: it decompressed to a length other than its header's`);
  return decodeProtobuf(raw, limits.keepName);
}

function notSnappy(body: Buffer): string {
  const gzip = body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
  return gzip
    ? "the body is gzip-compressed; remote_write bodies are snappy-compressed (block format, Content-Encoding: snappy)"
    : "the body is not snappy-compressed (block format, as remote_write sends with Content-Encoding: snappy)";
}

/** The uncompressed length: the varint (at most 5 bytes) a snappy block starts with. */
function readSnappyLength(body: Buffer): number {
  let length = 0;
  for (let index = 0; index < 5; index++) {
    const byte = body[index];
    if (byte === undefined) break;
    length += (byte & 0x7f) * 2 ** (7 * index);
    if (byte < 0x80) return length;
  }
  throw invalid(`${notSnappy(body)}: its header holds no valid length`);
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Math.round((bytes / 1024 ** 3) * 10) / 10} GiB`;
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

function decodeProtobuf(raw: Buffer, keepName: ((name: string) => boolean) | undefined): WriteRequest {
  const reader = protobuf.Reader.create(raw);
  const series: TimeSeries[] = [];
  const skipped = { series: 0, samples: 0 };
  try {
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      // WriteRequest: 1 timeseries; 3 metadata and anything newer are skipped.
      if (tag >>> 3 === 1) {
        expectWireType(tag, WIRE_LENGTH, "WriteRequest.timeseries");
        const decoded = readTimeSeries(reader, series.length + skipped.series, keepName);
        if (typeof decoded === "number") {
          skipped.series++;
          skipped.samples += decoded;
        } else series.push(decoded);
      } else reader.skipType(tag & 7);
    }
  } catch (error) {
    if (error instanceof NinesError) throw error;
    throw invalid(
      `the body is not a remote_write protobuf (prometheus.WriteRequest): ${(error as Error).message} at byte ${reader.pos} of ${raw.length}`,
    );
  }
  return skipped.series > 0 ? { series, skipped } : { series };
}

class WireError extends Error {}

function expectWireType(tag: number, expected: number, field: string) {
  if ((tag & 7) !== expected) throw new WireError(`${field} has wire type ${tag & 7}, expected ${expected}`);
}

/** The end of a length-delimited field starting at the reader's position, checked against its parent. */
function fieldEnd(reader: Reader): number {
  const length = reader.size();
  const end = reader.pos + length;
  if (end > reader.len) throw new WireError(`a field of ${length} bytes runs past the end of the body`);
  return end;
}

function checkEnd(reader: Reader, end: number, field: string) {
  if (reader.pos !== end) throw new WireError(`${field} ends at byte ${reader.pos}, not at its length's ${end}`);
}

/** A series, or the number of its samples when its metric name is not wanted. */
function readTimeSeries(
  reader: Reader,
  index: number,
  keepName: ((name: string) => boolean) | undefined,
): TimeSeries | number {
  const end = fieldEnd(reader);
  const labels: Record<string, string> = {};
  const samples: Sample[] = [];
  let labelCount = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    // TimeSeries: 1 labels, 2 samples; 3 exemplars and 4 histograms are skipped.
    if (field === 1) {
      expectWireType(tag, WIRE_LENGTH, "TimeSeries.labels");
      readLabel(reader, labels);
      labelCount++;
      if (labelCount === 1 && keepName && labels.__name__ !== undefined && !keepName(labels.__name__))
        return countSamples(reader, end);
    } else if (field === 2) {
      expectWireType(tag, WIRE_LENGTH, "TimeSeries.samples");
      samples.push(readSample(reader));
    } else reader.skipType(tag & 7);
  }
  checkEnd(reader, end, "a TimeSeries");
  if (labelCount === 0)
    throw invalid(`series ${index} of the write request has no labels; every series needs at least __name__`);
  return { labels, samples };
}

/** Skips the rest of a series, counting its samples without decoding them. */
function countSamples(reader: Reader, end: number): number {
  let samples = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag >>> 3 === 2) samples++;
    reader.skipType(tag & 7);
  }
  checkEnd(reader, end, "a TimeSeries");
  return samples;
}

function readLabel(reader: Reader, labels: Record<string, string>) {
  const end = fieldEnd(reader);
  let name = "";
  let value = "";
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) {
      expectWireType(tag, WIRE_LENGTH, "Label.name");
      name = reader.string();
    } else if (field === 2) {
      expectWireType(tag, WIRE_LENGTH, "Label.value");
      value = reader.string();
    } else reader.skipType(tag & 7);
  }
  checkEnd(reader, end, "a Label");
  labels[name] = value;
}

function readSample(reader: Reader): Sample {
  const end = fieldEnd(reader);
  let value = 0;
  let timestamp = 0;
  while (reader.pos < end) {
    const tag = reader.tag();
    const field = tag >>> 3;
    if (field === 1) {
      expectWireType(tag, WIRE_FIXED64, "Sample.value");
      value = reader.double();
    } else if (field === 2) {
      expectWireType(tag, WIRE_VARINT, "Sample.timestamp");
      timestamp = readInt64(reader);
    } else reader.skipType(tag & 7);
  }
  checkEnd(reader, end, "a Sample");
  return { timestamp, value };
}

/**
 * An int64 varint as a number, without the Long object protobufjs' int64() allocates: epoch
 * milliseconds need 41 bits, far inside the 53 a double holds exactly.
 */
function readInt64(reader: Reader): number {
  const buffer = reader.buf;
  const limit = reader.len;
  let pos = reader.pos;
  let low = 0;
  let high = 0;
  let byte = 0x80;
  // Seven bits a byte: four bytes fill bits 0-27, the fifth splits over the two halves, five more fill the high half.
  for (let shift = 0; shift < 28 && byte >= 0x80; shift += 7) {
    if (pos >= limit) throw new WireError("a varint runs past the end of the body");
    byte = buffer[pos++] as number;
    low |= (byte & 0x7f) << shift;
  }
  if (byte >= 0x80) {
    if (pos >= limit) throw new WireError("a varint runs past the end of the body");
    byte = buffer[pos++] as number;
    low |= (byte & 0x0f) << 28;
    high = (byte & 0x7f) >> 4;
    for (let shift = 3; shift < 38 && byte >= 0x80; shift += 7) {
      if (pos >= limit) throw new WireError("a varint runs past the end of the body");
      byte = buffer[pos++] as number;
      high |= (byte & 0x7f) << shift;
    }
    if (byte >= 0x80) throw new WireError("a varint is longer than ten bytes");
  }
  reader.pos = pos;
  // A negative int64 is two's complement: the signed high half carries the sign.
  return (high | 0) * 4294967296 + (low >>> 0);
}
