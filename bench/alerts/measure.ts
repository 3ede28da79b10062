import { type Placement, readCpuSeconds, readMemory } from "../probes/process.js";
import { startSink } from "./sink.js";
import { batchesOf, buildAlerts, type SendResult, type StreamAlert, type StreamShape, sendBatches } from "./stream.js";
import type { RunningTool, ToolOptions } from "./tools.js";

/**
 * One tool through the whole stream: a warm-up stream of other groups (waited for until every one
 * was notified), then the new alerts, whose groups' first notifications give the latency, then
 * resends of the same alerts as Prometheus repeats them every evaluation while they fire.
 */
export interface Throughput {
  alerts: number;
  requests: number;
  seconds: number;
  alertsPerSecond: number;
  cpuSeconds: number;
  /** Of one core: near 1, the server was the bottleneck. */
  coreShare: number;
  alertsPerCpuSecond: number;
  refused: Record<string, number>;
}

export interface Latency {
  /** Groups with a firing notification before the deadline, of those sent. */
  notified: number;
  groups: number;
  /** Groups whose first notification held every alert of the group. */
  complete: number;
  /** Firing notifications received in all (one per group is right: group_interval is 5 minutes). */
  notifications: number;
  /** From the group's first alert's send plus group_wait until its notification arrived, ms. */
  fromSent: Quantiles;
  /** The same from the answer to the request carrying that first alert. */
  fromAccepted: Quantiles;
}

export interface Quantiles {
  p50: number;
  p99: number;
  max: number;
  min: number;
}

export interface ToolResult {
  tool: RunningTool["tool"];
  version: string;
  fresh: Throughput;
  resend: Throughput | null;
  latency: Latency;
  /** CPU seconds from the first new alert until every group was notified. */
  cpuUntilNotified: number;
  rssBytes: number;
  stored: Record<string, number> | null;
}

export interface MeasureOptions {
  shape: StreamShape;
  resends: number;
  senders: number;
  groupWaitSeconds: number;
  placement: Placement;
  keep: boolean;
  profileDir?: string | undefined;
  log: (message: string) => void;
}

const WARMUP_GROUPS = 100;
const NOTIFY_DEADLINE_MS = 120_000;

export async function measureTool(
  start: (options: ToolOptions) => Promise<RunningTool>,
  options: MeasureOptions,
): Promise<ToolResult> {
  const { shape, log } = options;
  const sink = await startSink();
  try {
    const tool = await start({
      placement: options.placement,
      sinkUrl: sink.url,
      groupWaitSeconds: options.groupWaitSeconds,
      keep: options.keep,
      log,
      profileDir: options.profileDir,
    });
    let stopped = false;
    try {
      const send = (batches: StreamAlert[][], startsAt?: number) =>
        sendBatches({ url: tool.alertsUrl, headers: tool.headers, batches, senders: options.senders, startsAt });

      const warmup = buildAlerts({ ...shape, groups: WARMUP_GROUPS }, "warmup");
      const warm = await send(batchesOf(warmup, shape.batch));
      if (!(await sink.waitForGroups([...warm.firstSentAt.keys()], NOTIFY_DEADLINE_MS)))
        throw new Error(`${tool.tool}: the warm-up groups were not all notified:\n${tool.child.output()}`);
      log(`${tool.tool}: warmed up (${WARMUP_GROUPS} groups notified)`);

      const alerts = buildAlerts(shape, "svc");
      const batches = batchesOf(alerts, shape.batch);
      const streamStart = Date.now();
      const cpuBefore = readCpuSeconds(tool.child.pid);
      const fresh = await send(batches);
      const cpuAfterFresh = readCpuSeconds(tool.child.pid);
      log(
        `${tool.tool}: ${fresh.alerts} new alerts in ${fresh.seconds.toFixed(2)} s (${Math.round(fresh.alerts / fresh.seconds)}/s)`,
      );
      const groups = [...fresh.firstSentAt.keys()];
      const all = await sink.waitForGroups(groups, NOTIFY_DEADLINE_MS);
      const cpuUntilNotified = readCpuSeconds(tool.child.pid) - cpuBefore;
      if (!all) log(`${tool.tool}: not every group was notified within ${NOTIFY_DEADLINE_MS / 1000} s`);
      const latency = measureLatency(sink.deliveries, fresh, options.groupWaitSeconds * 1000, shape.alertsPerGroup);
      log(
        `${tool.tool}: ${latency.notified}/${latency.groups} groups notified, p50 ${latency.fromSent.p50} ms, p99 ${latency.fromSent.p99} ms after group_wait`,
      );

      let resend: Throughput | null = null;
      if (options.resends > 0) {
        const rounds = Array.from({ length: options.resends }, () => batches).flat();
        const cpu = readCpuSeconds(tool.child.pid);
        const again = await send(rounds, streamStart);
        resend = throughput(again, readCpuSeconds(tool.child.pid) - cpu);
        log(
          `${tool.tool}: ${again.alerts} resent alerts in ${again.seconds.toFixed(2)} s (${Math.round(resend.alertsPerSecond)}/s)`,
        );
      }
      const rssBytes = readMemory(tool.child.pid).rssBytes;
      stopped = true;
      const stored = await tool.stop();
      return {
        tool: tool.tool,
        version: tool.version,
        fresh: throughput(fresh, cpuAfterFresh - cpuBefore),
        resend,
        latency,
        cpuUntilNotified,
        rssBytes,
        stored,
      };
    } finally {
      if (!stopped) await tool.stop();
    }
  } finally {
    await sink.close();
  }
}

function throughput(sent: SendResult, cpuSeconds: number): Throughput {
  return {
    alerts: sent.alerts,
    requests: sent.requests,
    seconds: round(sent.seconds, 3),
    alertsPerSecond: Math.round(sent.alerts / sent.seconds),
    cpuSeconds: round(cpuSeconds, 2),
    coreShare: round(cpuSeconds / sent.seconds, 2),
    alertsPerCpuSecond: Math.round(sent.alerts / cpuSeconds),
    refused: sent.refused,
  };
}

function measureLatency(
  deliveries: Map<string, { at: number; status: string; alerts: number }[]>,
  sent: SendResult,
  groupWaitMs: number,
  alertsPerGroup: number,
): Latency {
  const fromSent: number[] = [];
  const fromAccepted: number[] = [];
  let complete = 0;
  let notifications = 0;
  for (const [group, sentAt] of sent.firstSentAt) {
    const firing = (deliveries.get(group) ?? []).filter((delivery) => delivery.status === "firing");
    notifications += firing.length;
    const first = firing[0];
    if (!first) continue;
    if (first.alerts === alertsPerGroup) complete++;
    fromSent.push(first.at - (sentAt + groupWaitMs));
    fromAccepted.push(first.at - ((sent.firstAcceptedAt.get(group) as number) + groupWaitMs));
  }
  return {
    notified: fromSent.length,
    groups: sent.firstSentAt.size,
    complete,
    notifications,
    fromSent: quantiles(fromSent),
    fromAccepted: quantiles(fromAccepted),
  };
}

/** Nearest rank, to 0.1 ms. */
function quantiles(samples: readonly number[]): Quantiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (fraction: number) => sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
  return {
    p50: round(rank(0.5), 1),
    p99: round(rank(0.99), 1),
    max: round(sorted.at(-1) ?? Number.NaN, 1),
    min: round(sorted[0] ?? Number.NaN, 1),
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
