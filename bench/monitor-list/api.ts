import { type Summary, summarize } from "../stats.js";

export interface ApiCase {
  label: string;
  query: string;
}

export interface ApiMeasurement extends ApiCase {
  /** Milliseconds from sending the request to the last byte of the body. */
  time: Summary;
  bytes: number;
  rows: number;
  total: number;
}

/**
 * Each request timed with fetch from this process, after one untimed request that warms the
 * connection and the database's caches for that query.
 */
export async function measureApi(baseUrl: string, cases: ApiCase[], repeats: number): Promise<ApiMeasurement[]> {
  const measurements: ApiMeasurement[] = [];
  for (const apiCase of cases) {
    const url = `${baseUrl}/api/v1/monitors?${apiCase.query}`;
    const first = await fetchPage(url);
    const times: number[] = [];
    for (let run = 0; run < repeats; run++) times.push((await fetchPage(url)).ms);
    measurements.push({ ...apiCase, time: summarize(times), bytes: first.bytes, rows: first.rows, total: first.total });
  }
  return measurements;
}

async function fetchPage(url: string): Promise<{ ms: number; bytes: number; rows: number; total: number }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 300)}`);
  const page = JSON.parse(body) as { items: unknown[]; total: number };
  return { ms, bytes: Buffer.byteLength(body), rows: page.items.length, total: page.total };
}
