import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type Placement, readCpuSeconds, readMemory } from "../probes/process.js";
import { backfill } from "./backfill.js";
import { queryNumber, scrapeOwnMetrics, startPrometheus, sumOf } from "./prometheus.js";
import { GROUP_KINDS, type GroupKind, groupKindOf, rawSeries, slothGroups } from "./sloth-rules.js";
import { countsAt, MINUTE_MS } from "./workload.js";
import { encodeWriteRequest, postWriteRequest, type SeriesSamples } from "./write-request.js";

/**
 * Prometheus evaluating Sloth's rules for the same SLOs over the same series: the history
 * backfilled with promtool, then Prometheus started on it with the rules while the raw counters
 * keep arriving through its remote_write receiver every minute. After it has compacted the
 * backfilled blocks (a minute after start), two rule intervals are measured: the CPU the process
 * spent per round of every group, and each group's `prometheus_rule_group_last_duration_seconds`.
 */

export interface PrometheusRulesResult {
  slos: number;
  intervalSeconds: number;
  history: { hours: number; rawHours: number; samples: number; bytes: number; seconds: number };
  readySeconds: number;
  firstRoundSeconds: number | null;
  blocks: number;
  round: {
    /** CPU seconds of the process per round of every group, over `measured` rounds. */
    cpuSeconds: number;
    measured: number;
    groupDurationSumSeconds: number;
    byKind: Record<GroupKind, number>;
    slowestGroupSeconds: number;
  };
  missedIterations: number;
  evaluationFailures: number;
  heapInuseBytes: number;
  rssBytes: number;
  headSeries: number;
  results: { ratio30d: number; ratio3d: number; firingAlerts: number };
  /** Seconds of one round by recording rule, from /api/v1/rules; null when it didn't answer in time. */
  byRecordingRule: Record<string, number> | null;
}

export async function runPrometheusRules(options: {
  slos: number;
  historyHours: number;
  intervalSeconds: number;
  placement: Placement;
  log: (message: string) => void;
  keep: boolean;
}): Promise<PrometheusRulesResult> {
  const { slos, intervalSeconds, log } = options;
  const dir = mkdtempSync(path.join(tmpdir(), "slo-bench-prometheus-"));
  try {
    const endMinute = Math.floor(Date.now() / MINUTE_MS);
    log(`prometheus: backfilling ${options.historyHours} h of ${slos} SLOs with promtool`);
    const history = await backfill({ dir, slos, hours: options.historyHours, endMinute, intervalSeconds });
    log(
      `prometheus: ${(history.samples / 1e6).toFixed(1)} M samples (${(history.bytes / 1e9).toFixed(1)} GB of OpenMetrics) in ${history.seconds.toFixed(0)} s`,
    );
    writeRules(path.join(dir, "rules.yml"), slos);
    const prometheus = await startPrometheus({
      dir,
      placement: options.placement,
      config: `global:\n  evaluation_interval: ${intervalSeconds}s\nrule_files:\n  - ${JSON.stringify(path.join(dir, "rules.yml"))}\n`,
      extraArgs: ["--storage.tsdb.retention.time=40d"],
    });
    const spawnedAt = performance.now() - prometheus.readySeconds * 1000;
    log(`prometheus: ready in ${prometheus.readySeconds.toFixed(1)} s with ${3 * slos} rule groups`);
    const pusher = pushLiveCounters(prometheus.url, slos, endMinute, history.counters);
    try {
      const firstRoundSeconds = await waitForFirstRound(prometheus.url, 3 * slos, spawnedAt, intervalSeconds);
      await waitForCompaction(path.join(dir, "tsdb"), spawnedAt);
      // Rounds are counted from the groups' iterations: on one core, 10,000 SLOs' groups may not all
      // keep their interval, and then a round takes longer than the interval.
      const iterationsBefore = sumOf(
        await scrapeOwnMetrics(prometheus.url, ["prometheus_rule_group_iterations_total"]),
        "prometheus_rule_group_iterations_total",
      );
      const cpuBefore = readCpuSeconds(prometheus.child.pid);
      await sleep(2 * intervalSeconds * 1000);
      const cpuSeconds = readCpuSeconds(prometheus.child.pid) - cpuBefore;
      const samples = await scrapeOwnMetrics(prometheus.url, ["prometheus_", "go_memstats_heap_inuse_bytes"]);
      const rounds = (sumOf(samples, "prometheus_rule_group_iterations_total") - iterationsBefore) / (3 * slos);
      const byKind = Object.fromEntries(GROUP_KINDS.map((kind) => [kind, 0])) as Record<GroupKind, number>;
      let slowest = 0;
      for (const sample of samples) {
        if (sample.name !== "prometheus_rule_group_last_duration_seconds") continue;
        const kind = groupKindOf(sample.labels.rule_group ?? "");
        if (kind) byKind[kind] += sample.value;
        slowest = Math.max(slowest, sample.value);
      }
      const results = {
        ratio30d: await queryNumber(prometheus.url, "count(slo:sli_error:ratio_rate30d)"),
        ratio3d: await queryNumber(prometheus.url, "count(slo:sli_error:ratio_rate3d)"),
        firingAlerts: await queryNumber(prometheus.url, 'count(ALERTS{alertstate="firing"})'),
      };
      const byRecordingRule = await readRuleTimes(prometheus.url);
      return {
        slos,
        intervalSeconds,
        history: {
          hours: history.hours,
          rawHours: history.rawHours,
          samples: history.samples,
          bytes: history.bytes,
          seconds: history.seconds,
        },
        readySeconds: prometheus.readySeconds,
        firstRoundSeconds,
        blocks: countBlocks(path.join(dir, "tsdb")),
        round: {
          cpuSeconds: rounds > 0 ? cpuSeconds / rounds : cpuSeconds,
          measured: rounds,
          groupDurationSumSeconds: Object.values(byKind).reduce((sum, value) => sum + value, 0),
          byKind,
          slowestGroupSeconds: slowest,
        },
        missedIterations: sumOf(samples, "prometheus_rule_group_iterations_missed_total"),
        evaluationFailures: sumOf(samples, "prometheus_rule_evaluation_failures_total"),
        heapInuseBytes: sumOf(samples, "go_memstats_heap_inuse_bytes"),
        rssBytes: readMemory(prometheus.child.pid).rssBytes,
        headSeries: sumOf(samples, "prometheus_tsdb_head_series"),
        results,
        byRecordingRule,
      };
    } finally {
      await pusher.stop();
      await prometheus.child.stop();
    }
  } finally {
    if (options.keep) log(`prometheus: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function writeRules(file: string, slos: number): void {
  const fd = openSync(file, "w");
  let buffer = "groups:\n";
  for (let index = 0; index < slos; index++) {
    buffer += slothGroups(index);
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = "";
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
}

/** The raw counters, as scrapes would add them, sent once a minute from where the backfill ended. */
function pushLiveCounters(
  url: string,
  slos: number,
  endMinute: number,
  counters: { good: Float64Array; bad: Float64Array },
) {
  let minute = endMinute;
  let stopped = false;
  let failure: Error | undefined;
  const push = async () => {
    const now = Date.now();
    for (; minute < Math.floor(now / MINUTE_MS); minute++) {
      for (let index = 0; index < slos; index++) {
        const counts = countsAt(index, minute);
        counters.good[index] = (counters.good[index] as number) + counts.total - counts.bad;
        counters.bad[index] = (counters.bad[index] as number) + counts.bad;
      }
    }
    for (let from = 0; from < slos; from += 1000) {
      const series: SeriesSamples[] = [];
      for (let index = from; index < Math.min(slos, from + 1000); index++) {
        series.push({
          labels: rawSeries(index, "200"),
          samples: [{ value: counters.good[index] as number, timestamp: now }],
        });
        series.push({
          labels: rawSeries(index, "500"),
          samples: [{ value: counters.bad[index] as number, timestamp: now }],
        });
      }
      await postWriteRequest(`${url}/api/v1/write`, encodeWriteRequest(series));
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await push().catch((error: Error) => {
        failure = error;
      });
      for (let waited = 0; waited < 60 && !stopped; waited++) await sleep(1000);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      if (failure) throw failure;
    },
  };
}

/** Seconds from the spawn until every group has been evaluated once, or null past two intervals more. */
async function waitForFirstRound(url: string, groups: number, spawnedAt: number, intervalSeconds: number) {
  const deadline = performance.now() + 3 * intervalSeconds * 1000;
  while (performance.now() < deadline) {
    const samples = await scrapeOwnMetrics(url, ["prometheus_rule_group_iterations_total"]);
    const evaluated = samples.filter((sample) => sample.value >= 1).length;
    if (evaluated >= groups) return (performance.now() - spawnedAt) / 1000;
    // Each read of /metrics costs Prometheus its own core: at 30,000 groups it is tens of MB.
    await sleep(5000);
  }
  return null;
}

const isBlock = (name: string) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(name);
const countBlocks = (tsdb: string) => readdirSync(tsdb).filter(isBlock).length;

/**
 * Prometheus compacts the 2-hour blocks promtool wrote a minute after it starts; measuring after
 * that keeps compaction out of the rules' time and lets the rules read blocks as a long-running
 * Prometheus has them.
 */
async function waitForCompaction(tsdb: string, spawnedAt: number): Promise<void> {
  const deadline = spawnedAt + 240_000;
  let last = "";
  let stableSince = performance.now();
  while (performance.now() < deadline) {
    const names = readdirSync(tsdb).sort().join(",");
    if (names !== last) {
      last = names;
      stableSince = performance.now();
    }
    const busy = names.includes(".tmp");
    if (!busy && performance.now() - spawnedAt > 70_000 && performance.now() - stableSince > 8000) return;
    await sleep(1000);
  }
}

async function readRuleTimes(url: string): Promise<Record<string, number> | null> {
  try {
    const response = await fetch(`${url}/api/v1/rules?type=record`, { signal: AbortSignal.timeout(60_000) });
    const body = (await response.json()) as {
      data: { groups: { rules: { name: string; evaluationTime: number }[] }[] };
    };
    const times: Record<string, number> = {};
    for (const group of body.data.groups)
      for (const rule of group.rules) times[rule.name] = (times[rule.name] ?? 0) + rule.evaluationTime;
    return times;
  } catch {
    return null;
  }
}
