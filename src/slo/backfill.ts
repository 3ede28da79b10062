import type { Store } from "../store/database.js";
import { ensureSeries, labelsKey, type MinuteCount, type SeriesRow, writeHours, writeMinutes } from "./store.js";

export interface BackfillValue {
  labels: Record<string, string>;
  minute: number;
  good: number;
  total: number;
}

/**
 * A whole window read at once from a pulled source, written the way the engine keeps counts:
 * minutes from `recentFrom` on as minutes, older ones summed into hours (minutes that old are not
 * kept). Each group becomes its series, made on the way.
 */
export async function writeBackfill(
  store: Store,
  target: { slo: string; stream: string; fingerprint: string; now: number; recentFrom: number },
  values: readonly BackfillValue[],
  groupLabels: (labels: Record<string, string>) => Record<string, string>,
): Promise<void> {
  const rows = new Map<string, SeriesRow>();
  const minutes: MinuteCount[] = [];
  const hours = new Map<string, { seriesId: number; hour: number; good: number; total: number }>();
  for (const value of values) {
    const labels = groupLabels(value.labels);
    const key = labelsKey(labels);
    let row = rows.get(key);
    if (!row) {
      row = await ensureSeries(
        store,
        { slo: target.slo, stream: target.stream, labels },
        target.fingerprint,
        target.now,
      );
      rows.set(key, row);
    }
    if (value.minute >= target.recentFrom) {
      minutes.push({ seriesId: row.id, minute: value.minute, good: value.good, total: value.total });
      continue;
    }
    const hour = Math.floor(value.minute / 60);
    const held = hours.get(`${row.id}:${hour}`) ?? { seriesId: row.id, hour, good: 0, total: 0 };
    held.good += value.good;
    held.total += value.total;
    hours.set(`${row.id}:${hour}`, held);
  }
  await writeHours(store, [...hours.values()]);
  await writeMinutes(store, minutes, "set");
}
