import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { compressSync } from "snappy";
import { describe, expect, it } from "vitest";
import {
  encodeWriteRequest,
  encodeWriteRequestProtobuf,
  STALE,
  WriteRequestType,
} from "../../test/support/remote-write.js";
import { NinesError } from "../core/errors.js";
import { decodeWriteRequest } from "./remote-write.js";

const T = 1_700_000_000_000;

function refusal(body: Buffer, limits?: { maxUncompressedBytes?: number }): NinesError {
  try {
    decodeWriteRequest(body, limits);
  } catch (error) {
    if (error instanceof NinesError) return error;
    throw error;
  }
  throw new Error("the body was accepted");
}

describe("decodeWriteRequest", () => {
  it("reads series, labels and samples as Prometheus sends them", () => {
    const body = encodeWriteRequest([
      {
        labels: { __name__: "http_requests_total", job: "api", code: "200" },
        samples: [
          { timestamp: T, value: 10 },
          { timestamp: T + 15_000, value: 12.5 },
        ],
      },
      { labels: { __name__: "up", job: "api" }, samples: [{ timestamp: T, value: 1 }] },
    ]);
    expect(decodeWriteRequest(body)).toEqual({
      series: [
        {
          labels: { __name__: "http_requests_total", code: "200", job: "api" },
          samples: [
            { timestamp: T, value: 10 },
            { timestamp: T + 15_000, value: 12.5 },
          ],
        },
        { labels: { __name__: "up", job: "api" }, samples: [{ timestamp: T, value: 1 }] },
      ],
    });
  });

  it("keeps the stale marker as a NaN sample", () => {
    const body = encodeWriteRequest([
      {
        labels: { __name__: "x_total" },
        samples: [
          { timestamp: T, value: 3 },
          { timestamp: T + 1000, value: STALE },
        ],
      },
    ]);
    const [series] = decodeWriteRequest(body).series;
    expect(series?.samples[0]).toEqual({ timestamp: T, value: 3 });
    expect(series?.samples[1]?.timestamp).toBe(T + 1000);
    expect(series?.samples[1]?.value).toBeNaN();
  });

  it("skips exemplars, histograms and metadata, and keeps the samples beside them", () => {
    const body = encodeWriteRequest([
      {
        labels: { __name__: "latency_seconds" },
        samples: [{ timestamp: T, value: 0.25 }],
        exemplars: [{ labels: { trace_id: "abc" }, value: 0.3, timestamp: T }],
        histograms: [{ count_int: 4, sum: 1.5, schema: 3, timestamp: T }],
      },
    ]);
    const withMetadata = compressSync(
      Buffer.concat([
        encodeWriteRequestProtobuf([], [{ type: 1, metric_family_name: "latency_seconds", help: "how long" }]),
        encodeWriteRequestProtobuf([{ labels: { __name__: "b" }, samples: [{ timestamp: T, value: 1 }] }]),
      ]),
    );
    expect(decodeWriteRequest(body).series).toEqual([
      { labels: { __name__: "latency_seconds" }, samples: [{ timestamp: T, value: 0.25 }] },
    ]);
    expect(decodeWriteRequest(withMetadata).series).toEqual([
      { labels: { __name__: "b" }, samples: [{ timestamp: T, value: 1 }] },
    ]);
  });

  it("reads negative and far timestamps exactly", () => {
    const body = encodeWriteRequest([
      {
        labels: { __name__: "x" },
        samples: [
          { timestamp: -5000, value: 1 },
          { timestamp: 2 ** 52, value: 2 },
          { timestamp: -(2 ** 40) - 3, value: 3 },
          { timestamp: T, value: 4 },
        ],
      },
    ]);
    expect(decodeWriteRequest(body).series[0]?.samples.map((sample) => sample.timestamp)).toEqual([
      -5000,
      2 ** 52,
      -(2 ** 40) - 3,
      T,
    ]);
  });

  it("decodes what protobufjs' generic decoder decodes, for any labels and samples", () => {
    const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/);
    const series = fc.record({
      labels: fc.dictionary(labelName, fc.string({ unit: "grapheme", maxLength: 12 }), { minKeys: 1, maxKeys: 6 }),
      samples: fc.array(
        fc.record({
          timestamp: fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
          value: fc.double({ noNaN: true }),
        }),
        { maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(fc.array(series, { maxLength: 5 }), (input) => {
        const protobufBytes = encodeWriteRequestProtobuf(input);
        const generic = WriteRequestType.toObject(WriteRequestType.decode(protobufBytes), {
          longs: Number,
          defaults: true,
        }) as {
          timeseries?: {
            labels?: { name: string; value: string }[];
            samples?: { timestamp: number; value: number }[];
          }[];
        };
        const expected = (generic.timeseries ?? []).map((item) => ({
          labels: Object.fromEntries((item.labels ?? []).map((label) => [label.name, label.value])),
          samples: (item.samples ?? []).map((sample) => ({
            timestamp: sample.timestamp ?? 0,
            value: sample.value ?? 0,
          })),
        }));
        expect(decodeWriteRequest(compressSync(protobufBytes)).series).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a series without labels", () => {
    const body = encodeWriteRequest([
      { labels: { __name__: "a" }, samples: [{ timestamp: T, value: 1 }] },
      { labels: {}, samples: [{ timestamp: T, value: 1 }] },
    ]);
    expect(refusal(body).message).toBe(
      "series 1 of the write request has no labels; every series needs at least __name__",
    );
  });

  it("refuses a body that is not snappy, naming gzip when it is gzip", () => {
    const protobufBytes = encodeWriteRequestProtobuf([{ labels: { __name__: "a" } }]);
    expect(refusal(gzipSync(protobufBytes)).message).toMatch(
      /^the body is gzip-compressed; remote_write bodies are snappy/,
    );
    expect(refusal(protobufBytes).message).toMatch(/^the body is not snappy-compressed/);
    expect(refusal(Buffer.alloc(0)).message).toMatch(
      /^the body is not snappy-compressed .*: its header holds no valid length/,
    );
  });

  it("refuses a snappy header claiming more than the limit before decompressing anything", () => {
    // 4 GiB claimed by a 6-byte body: the varint 2^32, then one literal byte.
    const bomb = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x10, 0x00]);
    expect(refusal(bomb).message).toBe(
      "the body would decompress to 4 GiB, more than the limit of 32 MiB; send smaller batches (queue_config.max_samples_per_send)",
    );
    // Just past the limit: 32 MiB + 1.
    const justOver = Buffer.from([0x81, 0x80, 0x80, 0x10, 0x00]);
    expect(refusal(justOver).message).toMatch(/^the body would decompress to 32 MiB, more than the limit of 32 MiB/);
    const body = encodeWriteRequest([{ labels: { __name__: "a", pad: "x".repeat(2000) } }]);
    expect(refusal(body, { maxUncompressedBytes: 1024 }).message).toMatch(
      /^the body would decompress to 2 KiB, more than the limit of 1 KiB/,
    );
    expect(decodeWriteRequest(body, { maxUncompressedBytes: 4096 }).series).toHaveLength(1);
  });

  it("refuses truncated and malformed protobuf with the byte where it broke", () => {
    const protobufBytes = encodeWriteRequestProtobuf([
      { labels: { __name__: "http_requests_total", job: "api" }, samples: [{ timestamp: T, value: 1 }] },
    ]);
    for (let cut = 1; cut < protobufBytes.length; cut++) {
      const error = refusal(compressSync(protobufBytes.subarray(0, cut)));
      expect(error.code).toBe("Invalid");
      expect(error.message).toMatch(
        /^the body is not a remote_write protobuf \(prometheus\.WriteRequest\): .* at byte \d+ of \d+$/,
      );
    }
    // Field 1 (timeseries) sent as a varint instead of a message.
    expect(refusal(compressSync(Buffer.from([0x08, 0x01]))).message).toMatch(
      /WriteRequest\.timeseries has wire type 0, expected 2/,
    );
  });

  it("refuses random bytes with a domain error, never a crash", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.boolean(), (bytes, compress) => {
        const body = compress ? compressSync(Buffer.from(bytes)) : Buffer.from(bytes);
        try {
          decodeWriteRequest(body);
        } catch (error) {
          expect(error).toBeInstanceOf(NinesError);
          expect((error as NinesError).code).toBe("Invalid");
        }
      }),
      { numRuns: 500 },
    );
    expect(refusal(randomBytes(4096)).code).toBe("Invalid");
  });
});

describe("decodeWriteRequest with keepName", () => {
  it("skips the series of unwanted names undecoded, counting their samples", () => {
    const body = encodeWriteRequest([
      { labels: { __name__: "wanted_total", job: "api" }, samples: [{ timestamp: 1000, value: 1 }] },
      {
        labels: { __name__: "other_total", job: "api" },
        samples: [
          { timestamp: 1000, value: 1 },
          { timestamp: 2000, value: 2 },
        ],
      },
      { labels: { __name__: "other_total", job: "web" }, samples: [{ timestamp: 1000, value: 3 }] },
    ]);
    const decoded = decodeWriteRequest(body, { keepName: (name) => name === "wanted_total" });
    expect(decoded.series).toEqual([
      { labels: { __name__: "wanted_total", job: "api" }, samples: [{ timestamp: 1000, value: 1 }] },
    ]);
    expect(decoded.skipped).toEqual({ series: 2, samples: 3 });
    expect(decodeWriteRequest(body).series).toHaveLength(3);
  });

  it("still refuses a skipped series that is cut short", () => {
    const protobuf = encodeWriteRequestProtobuf([
      { labels: { __name__: "other_total", job: "api" }, samples: [{ timestamp: 1, value: 1 }] },
    ]);
    const body = compressSync(protobuf.subarray(0, protobuf.length - 3));
    expect(() => decodeWriteRequest(body, { keepName: () => false })).toThrow(/not a remote_write protobuf/);
  });
});
