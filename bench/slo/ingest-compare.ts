import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Child, type Placement, readCpuSeconds, readMemory, spawnPinned } from "../probes/process.js";
import { buildStream, ROUND_MS, type Stream, type StreamOptions } from "./ingest-stream.js";
import { startPrometheus } from "./prometheus.js";
import { postWriteRequest } from "./write-request.js";

/**
 * The same remote_write bodies, at the same concurrency, to Nines' receiver and to Prometheus'
 * (`--web.enable-remote-write-receiver`), each alone on the measured core while this process
 * sends from the other. Warm-up rounds first (new series: Prometheus creates them, Nines decides
 * once whether a query selects them), then the measured rounds: samples a second of wall time and
 * per CPU second of the receiver's process.
 */

export interface ReceiverResult {
  samples: number;
  seconds: number;
  samplesPerSecond: number;
  cpuSeconds: number;
  /** Of the measured core: below 1, the receiver was not the bottleneck. */
  coreShare: number;
  samplesPerCpuSecond: number;
  rssBytes: number;
}

export interface IngestComparison {
  stream: StreamOptions & { warmupRounds: number; bodiesPerRound: number; bytesPerRound: number; concurrency: number };
  nines: ReceiverResult;
  prometheus: ReceiverResult;
}

export async function compareReceivers(options: {
  dataDir: string;
  placement: Placement;
  receiverScript: string;
  series: number;
  batch: number;
  selectedPercent: number;
  warmupRounds: number;
  rounds: number;
  concurrency: number;
  log: (message: string) => void;
}): Promise<IngestComparison> {
  const total = options.warmupRounds + options.rounds;
  const streamOptions: StreamOptions = {
    series: options.series,
    batch: options.batch,
    selectedPercent: options.selectedPercent,
    rounds: total,
    start: Date.now() - total * ROUND_MS,
  };
  const stream = buildStream(streamOptions);
  options.log(
    `ingest: ${stream.rounds[0]?.length} bodies of ${options.batch} series a round, ${(stream.bytesPerRound / 2 ** 20).toFixed(1)} MiB snappy`,
  );

  const receiver = spawnPinned("nines-receiver", options.placement, process.execPath, [
    options.receiverScript,
    "--data",
    options.dataDir,
  ]);
  let nines: ReceiverResult;
  try {
    const line = await receiver.waitForOutput(/"port":\d+/, 300_000);
    const { port, token } = JSON.parse(line.slice(line.indexOf("{"), line.indexOf("}") + 1)) as {
      port: number;
      token: string;
    };
    options.log("ingest: Nines' receiver");
    nines = await measure(receiver, `http://127.0.0.1:${port}/api/v1/write`, stream, options, {
      authorization: `Bearer ${token}`,
    });
  } finally {
    await receiver.stop();
  }

  const dir = mkdtempSync(path.join(tmpdir(), "slo-bench-receiver-"));
  let prometheus: ReceiverResult;
  try {
    const running = await startPrometheus({ dir, placement: options.placement, config: "global: {}\n" });
    try {
      options.log("ingest: Prometheus' receiver");
      prometheus = await measure(running.child, `${running.url}/api/v1/write`, stream, options, {});
    } finally {
      await running.child.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    stream: {
      ...streamOptions,
      rounds: options.rounds,
      warmupRounds: options.warmupRounds,
      bodiesPerRound: stream.rounds[0]?.length ?? 0,
      bytesPerRound: stream.bytesPerRound,
      concurrency: options.concurrency,
    },
    nines,
    prometheus,
  };
}

async function measure(
  child: Child,
  url: string,
  stream: Stream,
  options: { warmupRounds: number; concurrency: number },
  headers: Record<string, string>,
): Promise<ReceiverResult> {
  await send(url, stream.rounds.slice(0, options.warmupRounds).flat(), options.concurrency, headers);
  const measured = stream.rounds.slice(options.warmupRounds);
  const cpuBefore = readCpuSeconds(child.pid);
  const started = performance.now();
  await send(url, measured.flat(), options.concurrency, headers);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = readCpuSeconds(child.pid) - cpuBefore;
  const samples = measured.length * stream.samplesPerRound;
  return {
    samples,
    seconds,
    samplesPerSecond: samples / seconds,
    cpuSeconds,
    coreShare: cpuSeconds / seconds,
    samplesPerCpuSecond: samples / cpuSeconds,
    rssBytes: readMemory(child.pid).rssBytes,
  };
}

/** `concurrency` senders taking the next body in order, each waiting for its answer. */
async function send(url: string, bodies: Buffer[], concurrency: number, headers: Record<string, string>) {
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as Buffer;
      await postWriteRequest(url, body, headers);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
