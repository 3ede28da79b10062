import { spawn } from "node:child_process";
import { closeSync, openSync, rmSync, writeSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { slothId } from "./sloth-rules.js";
import { countsAt, MINUTE_MS, serviceName } from "./workload.js";

/**
 * Prometheus' history of the benchmark's series, written with `promtool tsdb create-blocks-from
 * openmetrics`: the raw counters `http_requests_total{service, code}` every minute, for at most the
 * 3 days the raw windows read, and the 5-minute error ratio Sloth's rules record, every rule
 * interval, for the whole history the 30-day rule averages. promtool reads its whole input once per
 * 2-hour block, so the history goes in as one file per block, two promtools at a time.
 */

export interface BackfillResult {
  /** History of the recorded 5-minute ratios; the raw counters have `rawHours` of it. */
  hours: number;
  rawHours: number;
  samples: number;
  bytes: number;
  seconds: number;
}

const RAW_KEEP_MINUTES = 3 * 24 * 60 + 10;
const BLOCK_MINUTES = 120;
const PARALLEL = 2;

export async function backfill(options: {
  dir: string;
  slos: number;
  hours: number;
  /** Epoch minute the history ends at (exclusive). */
  endMinute: number;
  intervalSeconds: number;
}): Promise<BackfillResult & { counters: { good: Float64Array; bad: Float64Array } }> {
  const started = performance.now();
  const { slos, endMinute } = options;
  const startMinute = endMinute - Math.round(options.hours * 60);
  const rawStartMinute = Math.max(startMinute, endMinute - RAW_KEEP_MINUTES);
  const tsdb = path.join(options.dir, "tsdb");
  let samples = 0;
  let bytes = 0;
  const running = new Set<Promise<void>>();
  // Counters carry on from one block file to the next.
  const good = new Float64Array(slos);
  const bad = new Float64Array(slos);
  const firstBlock = Math.floor(startMinute / BLOCK_MINUTES);
  for (let block = firstBlock; block * BLOCK_MINUTES < endMinute; block++) {
    const from = Math.max(startMinute, block * BLOCK_MINUTES);
    const to = Math.min(endMinute, (block + 1) * BLOCK_MINUTES);
    const file = path.join(options.dir, `block-${block}.om`);
    const written = writeBlock(file, {
      slos,
      from,
      to,
      rawStartMinute,
      intervalSeconds: options.intervalSeconds,
      good,
      bad,
    });
    samples += written.samples;
    bytes += written.bytes;
    if (running.size >= PARALLEL) await Promise.race(running);
    const job = promtool(file, tsdb).finally(() => {
      running.delete(job);
      rmSync(file, { force: true });
    });
    running.add(job);
  }
  await Promise.all(running);
  return {
    hours: (endMinute - startMinute) / 60,
    rawHours: (endMinute - rawStartMinute) / 60,
    samples,
    bytes,
    seconds: (performance.now() - started) / 1000,
    counters: { good, bad },
  };
}

interface BlockSpec {
  slos: number;
  from: number;
  to: number;
  rawStartMinute: number;
  intervalSeconds: number;
  good: Float64Array;
  bad: Float64Array;
}

function writeBlock(file: string, spec: BlockSpec): { samples: number; bytes: number } {
  const fd = openSync(file, "w");
  let buffer = "";
  let samples = 0;
  let bytes = 0;
  const put = (text: string) => {
    buffer += text;
    if (buffer.length > 1 << 20) flush();
  };
  const flush = () => {
    bytes += writeSync(fd, buffer);
    buffer = "";
  };
  put("# TYPE http_requests counter\n");
  for (let index = 0; index < spec.slos; index++) {
    const service = serviceName(index);
    let good = spec.good[index] as number;
    let bad = spec.bad[index] as number;
    let goodLines = "";
    let badLines = "";
    for (let minute = spec.from; minute < spec.to; minute++) {
      if (minute >= spec.rawStartMinute) {
        const seconds = minute * 60;
        goodLines += `http_requests_total{code="200",service="${service}"} ${good} ${seconds}\n`;
        badLines += `http_requests_total{code="500",service="${service}"} ${bad} ${seconds}\n`;
        samples += 2;
      }
      const counts = countsAt(index, minute);
      good += counts.total - counts.bad;
      bad += counts.bad;
    }
    spec.good[index] = good;
    spec.bad[index] = bad;
    put(goodLines);
    put(badLines);
  }
  put("# TYPE slo:sli_error:ratio_rate5m gauge\n");
  const step = spec.intervalSeconds * 1000;
  for (let index = 0; index < spec.slos; index++) {
    const labels = `{sloth_id="${slothId(index)}",sloth_service="${serviceName(index)}",sloth_slo="requests",sloth_window="5m"}`;
    let lines = "";
    for (let at = Math.ceil((spec.from * MINUTE_MS) / step) * step; at < spec.to * MINUTE_MS; at += step) {
      const minute = Math.floor(at / MINUTE_MS);
      let total = 0;
      let errors = 0;
      for (let back = minute - 5; back < minute; back++) {
        const counts = countsAt(index, back);
        total += counts.total;
        errors += counts.bad;
      }
      lines += `slo:sli_error:ratio_rate5m${labels} ${errors / total} ${at / 1000}\n`;
      samples++;
    }
    put(lines);
  }
  put("# EOF\n");
  flush();
  closeSync(fd);
  return { samples, bytes };
}

function promtool(file: string, tsdb: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Any core: nothing is measured while the history is written.
    const anyCore = `0-${cpus().length - 1}`;
    const args = ["-c", anyCore, "promtool", "tsdb", "create-blocks-from", "openmetrics", "--quiet", file, tsdb];
    const child = spawn("taskset", args, { stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`promtool failed on ${file} (${code}): ${errors}`)),
    );
  });
}
