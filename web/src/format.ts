/** How the UI writes numbers and times: short, unambiguous, the same on every page. */

/** "just now", "12 s ago", "4 min ago", "3 h ago", "2 d ago". */
export function formatAgo(at: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - at) / 1000));
  if (seconds < 2) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** A check interval as written in YAML: "30s", "5m", "1h30m"; the config's own formatter. */
export { formatDuration as formatInterval } from "../../src/core/duration.js";

/** A measured duration: "87 ms", "1.24 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * A ratio as a percentage with 2 decimals, rounded down: 0.99996 is "99.99%", never "100.00%",
 * because to an SRE the difference between those is the whole point.
 */
export function formatUptime(ratio: number | null): string {
  if (ratio === null) return "—";
  return `${(Math.floor(ratio * 10_000) / 100).toFixed(2)}%`;
}

/** An instant in the viewer's zone: "14:03:27" today, "Mar 4, 14:03:27" otherwise. */
export function formatTime(at: number, now: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });
  if (new Date(now).toDateString() === date.toDateString()) return time;
  return `${date.toLocaleDateString(undefined, { month: "short", day: "numeric" })}, ${time}`;
}
