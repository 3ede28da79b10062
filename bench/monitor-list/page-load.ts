import { writeFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../../test/support/chromium.js";
import { type Summary, summarize } from "../stats.js";

const ROWS = '[data-testid^="monitor-row-"]';
export interface BrowserMeasurement {
  /** Milliseconds from `page.goto` to the first row of the table on screen. */
  firstRow: Summary;
  /** … to the last row of the page (the table renders at once, so about the same). */
  allRows: Summary;
  /** Milliseconds from typing the search to the table showing only its matches, the 250 ms debounce included. */
  search: Summary;
  /** Milliseconds from the page's navigation start to its DOMContentLoaded: HTML and scripts loaded and run. */
  scriptsRun: Summary;
  /** … to the end of the list API's response, as the page's resource timing saw it. */
  apiAnswered: Summary;
  /** … to the first animation frame with every row of the page in the DOM (no round trip to this process). */
  rowsInFrame: Summary;
  /** API requests the page made before its rows showed, at most over the runs: a fixed few, never one per monitor. */
  apiRequests: number;
  /** The page's live JS heap once loaded, after a garbage collection, in MB. */
  heapMb: Summary;
}

/**
 * Opens /monitors in a new browser context each time (an empty cache, as a first visit), waits
 * for the rows, reads the heap through the DevTools protocol, then types a search into the box.
 */
export async function measureBrowser(
  baseUrl: string,
  options: { repeats: number; pageRows: number; search: string; searchRows: number },
): Promise<BrowserMeasurement> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const firstRow: number[] = [];
  const allRows: number[] = [];
  const search: number[] = [];
  const heapMb: number[] = [];
  const scriptsRun: number[] = [];
  const apiAnswered: number[] = [];
  const rowsInFrame: number[] = [];
  let apiRequests = 0;
  try {
    for (let run = 0; run < options.repeats; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
      const page = await context.newPage();
      const errors: Error[] = [];
      page.on("pageerror", (error) => errors.push(error));
      const devtools = await context.newCDPSession(page);
      await page.addInitScript(watchRows, { selector: ROWS, expected: options.pageRows });
      const rows = page.locator(ROWS);

      const started = performance.now();
      await page.goto(`${baseUrl}/monitors`, { waitUntil: "commit" });
      await rows.first().waitFor();
      firstRow.push(performance.now() - started);
      await rows.nth(options.pageRows - 1).waitFor();
      allRows.push(performance.now() - started);

      const timing = await page.evaluate(() => {
        const seen = (window as { rowsInFrame?: number }).rowsInFrame;
        const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
        const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
        const list = resources.find((entry) => entry.name.includes("/api/v1/monitors?"));
        return {
          scriptsRun: navigation?.domContentLoadedEventEnd ?? Number.NaN,
          apiAnswered: list?.responseEnd ?? Number.NaN,
          rowsInFrame: seen ?? Number.NaN,
          apiRequests: resources.filter((entry) => entry.name.includes("/api/")).length,
        };
      });
      scriptsRun.push(timing.scriptsRun);
      apiAnswered.push(timing.apiAnswered);
      rowsInFrame.push(timing.rowsInFrame);
      apiRequests = Math.max(apiRequests, timing.apiRequests);

      await devtools.send("HeapProfiler.collectGarbage");
      heapMb.push((await devtools.send("Runtime.getHeapUsage")).usedSize / 1e6);

      const typed = performance.now();
      await page.getByTestId("monitor-search").fill(options.search);
      await page.waitForFunction(
        ({ selector, text, expected }) => {
          const shown = [...document.querySelectorAll(selector)];
          return shown.length === expected && shown.every((row) => row.getAttribute("data-testid")?.includes(text));
        },
        { selector: ROWS, text: options.search, expected: options.searchRows },
        { polling: "raf" },
      );
      search.push(performance.now() - typed);

      if (errors.length > 0) throw new Error(`the page threw: ${errors.map((error) => error.message).join("; ")}`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return {
    firstRow: summarize(firstRow),
    allRows: summarize(allRows),
    search: summarize(search),
    scriptsRun: summarize(scriptsRun),
    apiAnswered: summarize(apiAnswered),
    rowsInFrame: summarize(rowsInFrame),
    apiRequests,
    heapMb: summarize(heapMb),
  };
}

/** Runs in the page before its scripts: notes the first frame in which all the rows are there. */
function watchRows({ selector, expected }: { selector: string; expected: number }) {
  const check = () => {
    if (document.querySelectorAll(selector).length >= expected)
      (window as { rowsInFrame?: number }).rowsInFrame = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Where a cold page load spends the renderer's main thread, in ms of self time per trace event. */
export interface TraceSummary {
  /** Milliseconds from the first to the last event on the main thread, until all rows were shown. */
  spanMs: number;
  /** Milliseconds the main thread was busy in that span. */
  busyMs: number;
  /** The events with the most self time, largest first. */
  top: Array<{ name: string; ms: number }>;
}

/**
 * One more cold load of /monitors with a Chrome trace (devtools.timeline and V8), written to
 * `file` (it opens in chrome://tracing or the DevTools Performance panel), and summarised: self
 * time per event on the page's main thread until all the rows are on screen.
 */
export async function tracePageLoad(baseUrl: string, pageRows: number, file: string): Promise<TraceSummary> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    await browser.startTracing(page, {
      categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.execute", "blink"],
    });
    await page.goto(`${baseUrl}/monitors`, { waitUntil: "commit" });
    await page
      .locator(ROWS)
      .nth(pageRows - 1)
      .waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
    const trace = await browser.stopTracing();
    writeFileSync(file, trace);
    await context.close();
    return summarizeTrace(JSON.parse(trace.toString("utf8")) as { traceEvents: TraceEvent[] });
  } finally {
    await browser.close();
  }
}

function summarizeTrace({ traceEvents }: { traceEvents: TraceEvent[] }): TraceSummary {
  const main = traceEvents.find((event) => event.name === "thread_name" && event.args?.name === "CrRendererMain");
  const events = traceEvents
    .filter((event) => main && event.pid === main.pid && event.tid === main.tid && event.ph === "X" && event.dur)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Self time: an event's duration less that of the events nested in it.
  const self = new Map<string, number>();
  const stack: Array<{ end: number; name: string }> = [];
  let busyUs = 0;
  for (const event of events) {
    const end = event.ts + (event.dur ?? 0);
    while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= event.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - (event.dur ?? 0));
    else busyUs += event.dur ?? 0;
    self.set(event.name, (self.get(event.name) ?? 0) + (event.dur ?? 0));
    stack.push({ end, name: event.name });
  }
  const first = events[0]?.ts ?? 0;
  const last = events.reduce((latest, event) => Math.max(latest, event.ts + (event.dur ?? 0)), first);
  return {
    spanMs: (last - first) / 1000,
    busyMs: busyUs / 1000,
    top: [...self]
      .map(([name, us]) => ({ name, ms: us / 1000 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 15),
  };
}
