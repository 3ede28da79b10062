import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";

/**
 * The probed side: several HTTP servers on 127.0.0.1 in one process, answering 200 at once. It also
 * watches the tools from the outside: per URL it measures the time between two requests, so the
 * jitter of each tool's schedule is measured the same way for both (a tool's own view of its
 * lateness is not comparable across tools). A control server answers /stats, /reset and /forget.
 */
const { values } = parseArgs({
  options: { ports: { type: "string", default: "8" }, "interval-ms": { type: "string", default: "30000" } },
});
const portCount = Number(values.ports);
const intervalMs = Number(values["interval-ms"]);
const BODY = Buffer.from("ok\n");
// Deviations are counted in 1 ms bins up to two intervals; longer ones land in the last bin.
const bins = new Uint32Array(2 * intervalMs + 1);
const lastArrival = new Map<string, number>();
let requests = 0;
let intervals = 0;
let missedSlots = 0;

function answer(request: http.IncomingMessage, response: http.ServerResponse): void {
  const now = performance.now();
  requests++;
  const key = `${request.socket.localPort}${request.url}`;
  const last = lastArrival.get(key);
  lastArrival.set(key, now);
  if (last !== undefined) {
    const gap = now - last;
    const deviation = Math.min(bins.length - 1, Math.round(Math.abs(gap - intervalMs)));
    bins[deviation] = (bins[deviation] as number) + 1;
    intervals++;
    if (gap > 1.5 * intervalMs) missedSlots++;
  }
  response.writeHead(200, { "content-type": "text/plain", "content-length": BODY.length });
  response.end(BODY);
  request.resume();
}

function quantileMs(q: number): number | null {
  if (intervals === 0) return null;
  const rank = Math.ceil(q * intervals);
  let seen = 0;
  for (let ms = 0; ms < bins.length; ms++) {
    seen += bins[ms] as number;
    if (seen >= rank) return ms;
  }
  return bins.length - 1;
}

function reset(forget: boolean): void {
  bins.fill(0);
  requests = 0;
  intervals = 0;
  missedSlots = 0;
  if (forget) lastArrival.clear();
}

function control(request: http.IncomingMessage, response: http.ServerResponse): void {
  const path = request.url ?? "/";
  if (path === "/reset" || path === "/forget") reset(path === "/forget");
  const body =
    path === "/stats"
      ? {
          requests,
          intervals,
          missedSlots,
          jitterMs: { p50: quantileMs(0.5), p90: quantileMs(0.9), p99: quantileMs(0.99), max: quantileMs(1) },
        }
      : { ok: true };
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
  request.resume();
}

function listen(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

const ports = await Promise.all(Array.from({ length: portCount }, () => listen(answer)));
const controlPort = await listen(control);
process.stdout.write(`${JSON.stringify({ ports, control: controlPort })}\n`);
