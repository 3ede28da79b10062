import protobuf from "protobufjs/minimal.js";
import { compressSync } from "snappy";

/**
 * remote_write 1.0 bodies as Prometheus sends them: a prometheus.WriteRequest of time series, each
 * its labels sorted by name and its samples, protobuf-encoded and snappy-compressed (block format).
 */

export type LabelPairs = readonly (readonly [string, string])[];

export interface SeriesSamples {
  labels: LabelPairs;
  samples: readonly { value: number; timestamp: number }[];
}

export function encodeWriteRequest(series: readonly SeriesSamples[]): Buffer {
  const writer = protobuf.Writer.create();
  for (const item of series) {
    writer.uint32((1 << 3) | 2).fork();
    for (const [name, value] of item.labels) {
      writer.uint32((1 << 3) | 2).fork();
      writer.uint32((1 << 3) | 2).string(name);
      writer.uint32((2 << 3) | 2).string(value);
      writer.ldelim();
    }
    for (const sample of item.samples) {
      writer.uint32((2 << 3) | 2).fork();
      writer.uint32((1 << 3) | 1).double(sample.value);
      writer.uint32((2 << 3) | 0).int64(sample.timestamp);
      writer.ldelim();
    }
    writer.ldelim();
  }
  return compressSync(Buffer.from(writer.finish()));
}

export const WRITE_HEADERS = {
  "content-type": "application/x-protobuf",
  "content-encoding": "snappy",
  "x-prometheus-remote-write-version": "0.1.0",
};

/** POSTs a body and fails on anything but a 2xx, with what the receiver said. */
export async function postWriteRequest(url: string, body: Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...WRITE_HEADERS, ...headers },
    body: new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text.slice(0, 300)}`);
}
