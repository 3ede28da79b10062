import type { CheckResultView } from "../api.js";
import { formatDuration } from "../format.js";
import { statusCssColor } from "../status.js";

/**
 * The latency of the latest results as a polyline from a zero baseline (so noise is not blown up
 * into cliffs), with degraded checks marked amber and failed ones red. `results` come newest first.
 */
export function Sparkline({
  results,
  width = 96,
  height = 22,
}: {
  results: CheckResultView[];
  width?: number;
  height?: number;
}) {
  if (results.length < 2) return <span title="Not enough results for a latency trend yet">—</span>;
  const ordered = [...results].reverse();
  const max = Math.max(...ordered.map((result) => result.durationMs), 1);
  const pad = 2;
  const x = (index: number) => pad + (index * (width - 2 * pad)) / (ordered.length - 1);
  const y = (ms: number) => height - pad - (ms / max) * (height - 2 * pad);
  const points = ordered.map((result, index) => `${x(index).toFixed(1)},${y(result.durationMs).toFixed(1)}`).join(" ");
  const marked = ordered.flatMap((result, index) => (result.status === "up" ? [] : [index]));
  const failed = marked.filter((index) => ordered[index]!.status === "down").length;
  const degraded = marked.length - failed;
  const latest = ordered.at(-1)!;
  const label = `Latency of the last ${ordered.length} checks: latest ${formatDuration(latest.durationMs)}, highest ${formatDuration(max)}${degraded ? `, ${degraded} degraded` : ""}${failed ? `, ${failed} failed` : ""}`;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      style={{ display: "block", overflow: "visible" }}
    >
      <title>{label}</title>
      <polyline
        points={points}
        fill="none"
        stroke="var(--mantine-color-indigo-light-color)"
        strokeWidth={1.25}
        strokeLinejoin="round"
        strokeLinecap="round"
        opacity={0.85}
      />
      {marked.map((index) => (
        <circle
          key={index}
          cx={x(index)}
          cy={y(ordered[index]!.durationMs)}
          r={2}
          fill={statusCssColor(ordered[index]!.status)}
          data-status={ordered[index]!.status}
        />
      ))}
    </svg>
  );
}
