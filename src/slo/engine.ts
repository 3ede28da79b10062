import type { Logger } from "pino";
import type { ObjectEvents } from "../config/events.js";
import { listObjects, type StoredObject } from "../config/objects.js";
import type { Clock } from "../core/clock.js";
import type { Store } from "../store/database.js";
import { type AlertSink, createAlerting } from "./alerting.js";
import { writeBackfill } from "./backfill.js";
import { NO_SUMS, type Sums } from "./budget.js";
import type { EmbeddedCount, EmbeddedQuery } from "./embedded-queries.js";
import { type Evaluated, evaluateSlo } from "./evaluate.js";
import type { SourcePlan, StreamPlan } from "./indicators.js";
import {
  type EventInput,
  embeddedCounts,
  eventCounts,
  type ProbeResultInput,
  probeResultCounts,
  type StreamCount,
} from "./intake.js";
import { compileSlo, type SloRuntime, streamsOf } from "./runtime.js";
import { AHEAD_MINUTES, SeriesState, windowStartMinute } from "./series-state.js";
import {
  type Cursor,
  closeHours,
  deleteCursorsExcept,
  deleteSeries,
  ensureSeries,
  labelsKey,
  listSeries,
  type MinuteCount,
  pruneSloCounts,
  readCursors,
  readHoursClosed,
  readMinutes,
  type SeriesRow,
  sumHours,
  writeCursor,
  writeMinutes,
} from "./store.js";
import { sliceOutcome } from "./timeslices.js";
import { HOUR_MS, MINUTE_MS, windowAt } from "./windows.js";

/**
 * The SLO engine (decision 0005): keeps every series' running sums, takes counts from the
 * sources, advances minute by minute, evaluates every SLO each cycle and hands burn alerts on.
 * One broken SLO carries its error and stale mark; the others go on.
 */

export const SLO_KIND_NAMES = [
  "SLO",
  "SLI",
  "DataSource",
  "AlertPolicy",
  "AlertCondition",
  "AlertNotificationTarget",
  "Service",
];
const CYCLE_MS = 10_000;
/** Minutes are kept a day, for late counts and restarts; hours as long as a window needs. */
const MINUTES_KEPT = 25 * 60;
const HOURS_KEPT = 400 * 24;

export interface MinuteValue {
  labels: Record<string, string>;
  minute: number;
  good: number;
  total: number;
}

/** Reads complete minutes [from, to] of a Prometheus-backed stream (the app wires the query API). */
export type PrometheusReader = (
  source: Extract<SourcePlan, { type: "Prometheus" }>,
  groupBy: string[],
  fromMinute: number,
  toMinute: number,
) => Promise<MinuteValue[]>;

export interface SloEngineOptions {
  store: Store;
  events: ObjectEvents;
  clock: Clock;
  logger: Logger;
  readPrometheus?: PrometheusReader;
  /** Told when the set of remote_write queries changes. */
  onEmbeddedQueries?: (queries: EmbeddedQuery[]) => void;
  alertSink?: AlertSink;
}

interface Entry {
  slo: string;
  stream: string;
  key: string;
  labels: Record<string, string>;
  fingerprint: string;
  row: SeriesRow | null;
  state: SeriesState;
  /** Timeslices: the last slice handed to the slice stream. */
  lastSlice: number;
}

interface SloEntry {
  runtime: SloRuntime;
  entries: Map<string, Entry>;
  evaluated: Evaluated | null;
  stale: boolean;
  sourceError: string | null;
}

const entryKey = (stream: string, key: string) => `${stream}\u0000${key}`;

export function createSloEngine(options: SloEngineOptions) {
  const { store, clock, logger } = options;
  const slos = new Map<string, SloEntry>();
  const pending = new Map<Entry, Map<number, Sums>>();
  const ahead: { entry: Entry; at: number; good: number; total: number }[] = [];
  const polls = new Map<string, Promise<void>>();
  const cursors = new Map<string, Cursor>();
  const alerting = createAlerting({ store, clock, logger, sink: options.alertSink });
  let minute = Math.floor(clock.now() / MINUTE_MS);
  let cancel: (() => void) | undefined;
  let running: Promise<void> | undefined;
  let reloadWanted = false;
  let lastPrune = 0;
  const stopListening: (() => void)[] = [];

  const currentMinute = () => Math.floor(clock.now() / MINUTE_MS);
  const periodStartOf = (slo: SloRuntime, atMinute: number) =>
    slo.window.isRolling ? 0 : Math.floor(windowAt(slo.window, atMinute * MINUTE_MS).start / MINUTE_MS);
  const planOf = (slo: SloRuntime, stream: string): StreamPlan | undefined =>
    slo.plans.ok ? slo.plans.streams.find((plan) => plan.stream === stream) : undefined;

  function entryFor(slo: SloEntry, stream: string, labels: Record<string, string>): Entry {
    const key = labelsKey(labels);
    const id = entryKey(stream, key);
    let entry = slo.entries.get(id);
    if (!entry) {
      const runtime = slo.runtime;
      const fingerprint =
        planOf(runtime, stream)?.fingerprint ??
        planOf(runtime, runtime.objectives.find((objective) => objective.slice?.stream === stream)?.stream ?? "")
          ?.fingerprint ??
        "";
      entry = {
        slo: runtime.name,
        stream,
        key,
        labels: JSON.parse(key),
        fingerprint: stream.startsWith("slices-") ? `${fingerprint}:${stream}` : fingerprint,
        row: null,
        state: new SeriesState(runtime.windows, minute, periodStartOf(runtime, minute)),
        lastSlice: -1,
      };
      slo.entries.set(id, entry);
    }
    return entry;
  }

  /**
   * Counts for a minute of an entry: into its running sums now, into the database next flush.
   * Counts for a minute the engine has not reached yet (the clock moved on and the cycle has not
   * run) wait until it has, so nothing is dropped between a minute's start and its first cycle.
   */
  function record(entry: Entry, at: number, good: number, total: number): void {
    if (at > entry.state.now + AHEAD_MINUTES) {
      ahead.push({ entry, at, good, total });
      return;
    }
    entry.state.add(at, good, total);
    let minutes = pending.get(entry);
    if (!minutes) {
      minutes = new Map();
      pending.set(entry, minutes);
    }
    const held = minutes.get(at) ?? NO_SUMS;
    minutes.set(at, { good: held.good + good, total: held.total + total });
  }

  function groupLabels(slo: SloRuntime, labels: Record<string, string> | undefined): Record<string, string> {
    return Object.fromEntries(slo.groupBy.map((name) => [name, labels?.[name] ?? ""]));
  }

  // Which SLOs read a monitor's results or an SLI's events, made at each load: a probe result
  // (10,000 monitors, every few seconds) visits the SLOs on its monitor only, not every SLO.
  let byMonitor = new Map<string, SloRuntime[]>();
  let byEventSli = new Map<string, SloRuntime[]>();
  function indexSources(): void {
    byMonitor = new Map();
    byEventSli = new Map();
    const add = (index: Map<string, SloRuntime[]>, key: string, runtime: SloRuntime) => {
      const list = index.get(key) ?? [];
      if (!list.includes(runtime)) list.push(runtime);
      index.set(key, list);
    };
    for (const { runtime } of slos.values()) {
      if (!runtime.plans.ok) continue;
      for (const plan of runtime.plans.streams) {
        if (plan.source.type === "Monitor") add(byMonitor, plan.source.monitor, runtime);
        if (plan.source.type === "Events") add(byEventSli, plan.sliName, runtime);
      }
    }
  }

  /** Counts from the pushed sources, into their series. */
  function take(counts: readonly StreamCount[]): void {
    for (const count of counts) {
      const slo = slos.get(count.slo);
      if (slo)
        record(
          entryFor(slo, count.stream, groupLabels(slo.runtime, count.labels)),
          count.minute,
          count.good,
          count.total,
        );
    }
  }

  async function flush(): Promise<void> {
    if (pending.size === 0) return;
    const batch = [...pending.entries()];
    pending.clear();
    const counts: MinuteCount[] = [];
    for (const [entry, minutes] of batch) {
      if (!entry.row)
        entry.row = await ensureSeries(
          store,
          { slo: entry.slo, stream: entry.stream, labels: entry.labels },
          entry.fingerprint,
          clock.now(),
        );
      for (const [at, sums] of minutes)
        counts.push({ seriesId: entry.row.id, minute: at, good: sums.good, total: sums.total });
    }
    await writeMinutes(store, counts, "add", Math.floor(minute / 60));
  }

  /** Rebuilds an SLO's running sums from the database: recent minutes, then whole hours. */
  async function rebuild(slo: SloEntry, rows: SeriesRow[]): Promise<void> {
    const runtime = slo.runtime;
    slo.entries.clear();
    const wanted = new Set(streamsOf(runtime));
    const mine = rows.filter((row) => row.slo === runtime.name && wanted.has(row.stream));
    const entries = mine.map((row) => {
      const entry = entryFor(slo, row.stream, row.labels);
      if (entry.fingerprint !== row.fingerprint) return undefined;
      entry.row = row;
      return entry;
    });
    const valid = entries.filter((entry): entry is Entry => entry !== undefined);
    const stale = mine.filter((row) => !valid.some((entry) => entry.row === row));
    if (stale.length)
      await deleteSeries(
        store,
        stale.map((row) => row.id),
      );
    for (const entry of [...slo.entries.values()])
      if (!entry.row) slo.entries.delete(entryKey(entry.stream, entry.key));
    if (valid.length === 0) return;
    const ids = valid.map((entry) => (entry.row as SeriesRow).id);
    const byId = new Map(valid.map((entry) => [(entry.row as SeriesRow).id, entry]));
    for (const count of await readMinutes(store, minute - 360, ids))
      byId.get(count.seriesId)?.state.add(count.minute, count.good, count.total);
    const hourNow = Math.floor(minute / 60);
    for (const [index, def] of runtime.windows.entries()) {
      if (!def.calendar && def.minutes <= 360) continue;
      const startHour = Math.floor(windowStartMinute(def, minute, periodStartOf(runtime, minute)) / 60);
      const hours = await sumHours(store, startHour, hourNow, ids);
      for (const entry of valid) {
        const stored = hours.get((entry.row as SeriesRow).id) ?? NO_SUMS;
        const recent = entry.state.ringSum(hourNow * 60, minute);
        entry.state.setSums(index, { good: stored.good + recent.good, total: stored.total + recent.total });
      }
    }
    for (const entry of valid) if (entry.stream.startsWith("slices-")) entry.lastSlice = Number.MAX_SAFE_INTEGER;
  }

  async function load(): Promise<void> {
    await flush();
    minute = currentMinute();
    const hourNow = Math.floor(minute / 60);
    const closed = await readHoursClosed(store);
    // Minutes are kept 25 hours: older hours were closed then, or never had minutes.
    const openSince = Math.max(closed ?? hourNow - 25, hourNow - 25);
    if (openSince < hourNow) await closeHours(store, openSince, hourNow, clock.now());
    const objects = await listObjects(store.db, SLO_KIND_NAMES);
    const byKind = new Map<string, StoredObject>();
    for (const object of objects) byKind.set(`${object.kind}/${object.metadata.name}`, object);
    const lookup = (kind: string, name: string) => byKind.get(`${kind}/${name}`);
    const defaultTargets = objects
      .filter((object) => object.kind === "AlertNotificationTarget")
      .map((object) => String((object.spec as { target?: unknown }).target ?? ""))
      .filter((target) => /^https?:\/\//.test(target));
    const rows = await listSeries(store);
    for (const [id, value] of await readCursors(store)) cursors.set(id, value);
    const keep = new Set<string>();
    for (const object of objects.filter((item) => item.kind === "SLO")) {
      const runtime = compileSlo(object, lookup, defaultTargets, clock.now());
      const entry: SloEntry = { runtime, entries: new Map(), evaluated: null, stale: false, sourceError: null };
      slos.set(runtime.name, entry);
      keep.add(runtime.name);
      await rebuild(entry, rows);
    }
    for (const name of [...slos.keys()]) if (!keep.has(name)) slos.delete(name);
    const orphans = rows.filter((row) => !keep.has(row.slo));
    if (orphans.length)
      await deleteSeries(
        store,
        orphans.map((row) => row.id),
      );
    await alerting.forgetExcept(keep);
    await deleteCursorsExcept(store, keep);
    for (const id of [...cursors.keys()]) if (!keep.has(id.slice(0, id.lastIndexOf("/")))) cursors.delete(id);
    // Counts held for a minute not reached yet move to the new entries of their series; a series
    // whose indicator changed starts over without them.
    for (const held of ahead.splice(0)) {
      const slo = slos.get(held.entry.slo);
      const entry = slo ? entryFor(slo, held.entry.stream, held.entry.labels) : undefined;
      if (entry && entry.fingerprint === held.entry.fingerprint) ahead.push({ ...held, entry });
    }
    indexSources();
    options.onEmbeddedQueries?.(embeddedQueries());
    evaluateAll();
  }

  function embeddedQueries(): EmbeddedQuery[] {
    const queries: EmbeddedQuery[] = [];
    for (const { runtime } of slos.values()) {
      if (!runtime.plans.ok) continue;
      for (const plan of runtime.plans.streams) {
        if (plan.source.type !== "RemoteWrite") continue;
        for (const role of ["good", "bad", "total"] as const) {
          const query = plan.source[role];
          if (query)
            queries.push({
              id: `${runtime.name}\u0000${plan.stream}\u0000${role}`,
              query,
              counter: plan.source.counter,
              groupBy: runtime.groupBy,
            });
        }
      }
    }
    return queries;
  }

  /** Leaving hours for every long window, read once per distinct hour range for all series. */
  async function advanceTo(to: number): Promise<void> {
    await flush();
    if (Math.floor(to / 60) > Math.floor(minute / 60))
      await closeHours(store, Math.floor(minute / 60), Math.floor(to / 60), clock.now());
    const ranges = new Map<string, Map<number, Sums>>();
    for (const { runtime } of slos.values()) {
      for (const def of runtime.windows) {
        if (def.calendar || def.minutes <= 360) continue;
        const from = windowStartMinute(def, minute, 0) / 60;
        const until = windowStartMinute(def, to, 0) / 60;
        if (until > from && !ranges.has(`${from}:${until}`))
          ranges.set(`${from}:${until}`, await sumHours(store, from, until));
      }
    }
    for (const slo of slos.values()) {
      const periodStart = periodStartOf(slo.runtime, to);
      for (const entry of slo.entries.values()) {
        entry.state.advance(to, periodStart, (fromHour, toHour) => {
          const id = entry.row?.id;
          return (id !== undefined && ranges.get(`${fromHour}:${toHour}`)?.get(id)) || NO_SUMS;
        });
      }
    }
    minute = to;
    for (const held of ahead.splice(0)) record(held.entry, held.at, held.good, held.total);
  }

  /** Timeslices: each closed slice of an indicator series becomes one unit of its slice series. */
  function closeSlices(slo: SloEntry): void {
    for (const objective of slo.runtime.objectives) {
      const slice = objective.slice;
      if (!slice) continue;
      for (const entry of [...slo.entries.values()]) {
        if (entry.stream !== objective.stream) continue;
        const target = entryFor(slo, slice.stream, entry.labels);
        const lastClosed = Math.floor((minute - 1) / slice.minutes) - 1;
        if (target.lastSlice === Number.MAX_SAFE_INTEGER) target.lastSlice = lastClosed;
        const first = Math.max(target.lastSlice + 1, Math.floor((minute - 300) / slice.minutes));
        for (let index = first; index <= lastClosed; index++) {
          const start = index * slice.minutes;
          const outcome = sliceOutcome(
            slice.method,
            entry.state.ringSum(start, start + slice.minutes - 1),
            slice.target,
          );
          if (outcome) record(target, start + slice.minutes - 1, outcome.good, outcome.total);
        }
        target.lastSlice = Math.max(target.lastSlice, lastClosed);
      }
    }
  }

  function evaluateAll(): void {
    const now = clock.now();
    for (const slo of slos.values()) {
      if (slo.runtime.error) {
        slo.evaluated = null;
        continue;
      }
      try {
        const keys = new Set<string>();
        for (const entry of slo.entries.values()) keys.add(entry.key);
        slo.evaluated = evaluateSlo(
          slo.runtime,
          keys,
          (stream, key) => slo.entries.get(entryKey(stream, key))?.state,
          now,
        );
      } catch (error) {
        logger.warn({ err: error, slo: slo.runtime.name }, "SLO evaluation failed");
        slo.evaluated = null;
        slo.sourceError = (error as Error).message;
      }
    }
  }

  async function pollPrometheus(slo: SloEntry): Promise<void> {
    const reader = options.readPrometheus;
    const runtime = slo.runtime;
    if (!reader || !runtime.plans.ok) return;
    for (const plan of runtime.plans.streams) {
      if (plan.source.type !== "Prometheus") continue;
      const id = `${runtime.name}/${plan.stream}`;
      const cursor = cursors.get(id);
      const last = minute - 1;
      const fresh = !cursor || cursor.fingerprint !== plan.fingerprint;
      const from = fresh
        ? Math.floor(
            windowStartMinute(
              runtime.windows[0] ?? { minutes: 0, calendar: true },
              minute,
              periodStartOf(runtime, minute),
            ) / 60,
          ) * 60
        : cursor.minute + 1;
      if (from > last) continue;
      try {
        const values = await reader(plan.source, runtime.groupBy, from, last);
        if (fresh) await backfill(slo, plan, values);
        else
          for (const value of values)
            record(
              entryFor(slo, plan.stream, groupLabels(runtime, value.labels)),
              value.minute,
              value.good,
              value.total,
            );
        const next = { fingerprint: plan.fingerprint, minute: last, error: null };
        cursors.set(id, next);
        await writeCursor(store, id, next, clock.now());
        slo.stale = false;
        slo.sourceError = null;
      } catch (error) {
        slo.stale = true;
        slo.sourceError = `${plan.source.dataSource}: ${(error as Error).message}`;
        logger.warn({ slo: runtime.name, err: error }, "SLO data source failed; the SLO shows stale numbers");
      }
    }
  }

  /** A whole window read at once: old minutes go in as hours, recent ones as minutes, then a rebuild. */
  async function backfill(slo: SloEntry, plan: StreamPlan, values: MinuteValue[]): Promise<void> {
    await flush();
    const target = {
      slo: slo.runtime.name,
      stream: plan.stream,
      fingerprint: plan.fingerprint,
      now: clock.now(),
      recentFrom: minute - MINUTES_KEPT,
    };
    await writeBackfill(store, target, values, (labels) => groupLabels(slo.runtime, labels));
    await rebuild(slo, await listSeries(store));
  }

  /**
   * Pulled sources are read beside the cycle, one read per SLO at a time: a slow or hanging data
   * source makes its own SLO stale and holds up no other.
   */
  function startPolls(): void {
    for (const slo of slos.values()) {
      if (polls.has(slo.runtime.name)) continue;
      if (!slo.runtime.plans.ok || !slo.runtime.plans.streams.some((plan) => plan.source.type === "Prometheus"))
        continue;
      const poll = pollPrometheus(slo)
        .then(async () => {
          // The SLO was compiled again while its source was read: its new entry reads what came.
          const current = slos.get(slo.runtime.name);
          if (current && current !== slo) {
            await flush();
            await rebuild(current, await listSeries(store));
          }
        })
        .catch((error) => logger.error({ err: error, slo: slo.runtime.name }, "reading an SLO's data source failed"))
        .finally(() => polls.delete(slo.runtime.name));
      polls.set(slo.runtime.name, poll);
    }
  }

  async function cycle(): Promise<void> {
    if (reloadWanted) {
      reloadWanted = false;
      await load();
    }
    const now = currentMinute();
    if (now > minute) await advanceTo(now);
    for (const slo of slos.values()) closeSlices(slo);
    startPolls();
    evaluateAll();
    await alerting.evaluate(
      [...slos.values()].map((slo) => ({ runtime: slo.runtime, evaluated: slo.evaluated, entries: slo.entries })),
    );
    await flush();
    if (clock.now() - lastPrune > HOUR_MS) {
      lastPrune = clock.now();
      await pruneSloCounts(store, minute - MINUTES_KEPT, Math.floor(minute / 60) - HOURS_KEPT);
    }
  }

  function runCycle(): Promise<void> {
    running = (running ?? Promise.resolve())
      .then(cycle)
      .catch((error) => logger.error({ err: error }, "SLO cycle failed"));
    return running;
  }

  function schedule(): void {
    cancel = clock.setTimer(
      () => {
        void runCycle().then(() => {
          if (cancel) schedule();
        });
      },
      CYCLE_MS - (clock.now() % CYCLE_MS),
    );
  }

  return {
    async start(): Promise<void> {
      for (const kind of SLO_KIND_NAMES) {
        stopListening.push(
          options.events.on(kind, () => {
            reloadWanted = true;
            void runCycle();
          }),
        );
      }
      await load();
      schedule();
    },
    async stop(): Promise<void> {
      cancel?.();
      cancel = undefined;
      for (const stop of stopListening.splice(0)) stop();
      await running;
      await Promise.all(polls.values());
      await flush();
    },
    /** Runs one cycle now (tests, and after ingest when asked); resolves when it is done. */
    runCycle,
    /** Resolves when the pulled sources' reads in flight are done (tests). */
    async settle(): Promise<void> {
      await Promise.all(polls.values());
    },
    /** The evaluated SLOs, with their runtime, for the views. */
    snapshot() {
      return [...slos.values()].map((slo) => ({
        runtime: slo.runtime,
        evaluated: slo.evaluated,
        stale: slo.stale,
        sourceError: slo.sourceError,
        entries: slo.entries,
      }));
    },
    alerting,
    /** A probe result of a Monitor, for SLOs on that monitor. */
    observeProbeResult(monitor: string, result: ProbeResultInput): void {
      const readers = byMonitor.get(monitor);
      if (readers) take(probeResultCounts(readers, monitor, result));
    },
    /** Events posted for an SLI; every SLO reading that SLI's events counts them. */
    recordEvents(sli: string, events: readonly EventInput[]): { accepted: number; slos: string[] } {
      const counts = eventCounts(byEventSli.get(sli) ?? [], sli, events, clock.now());
      take(counts);
      return { accepted: events.length, slos: [...new Set(counts.map((count) => count.slo))] };
    },
    /** Per-minute counts of the remote_write queries (`EmbeddedQuery.id`). */
    recordEmbedded(counts: readonly EmbeddedCount[]): void {
      take(embeddedCounts(new Map([...slos].map(([name, slo]) => [name, slo.runtime])), counts));
    },
    embeddedQueries,
  };
}

export type SloEngine = ReturnType<typeof createSloEngine>;
