import { Box, Group, Text, useComputedColorScheme, useMantineTheme } from "@mantine/core";
import { useEffect, useMemo, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { CheckResultView } from "../api.js";
import { formatDuration, formatTime } from "../format.js";

/** Latency over time as a uPlot line, failed checks as red points, with a readout under the cursor. */
export function LatencyChart({
  results,
  now,
  height = 160,
}: {
  results: CheckResultView[];
  now: number;
  height?: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme("light");
  const ordered = useMemo(() => [...results].sort((a, b) => a.startedAt - b.startedAt), [results]);
  const data = useMemo(() => toSeries(ordered), [ordered]);
  const latest = useRef(data);
  latest.current = data;
  const [hovered, setHovered] = useState<number | null>(null);

  useEffect(() => {
    const element = container.current!;
    const dark = scheme === "dark";
    const axis = dark ? theme.colors.dark[1] : theme.colors.gray[6];
    const grid = dark ? theme.colors.dark[5] : theme.colors.gray[2];
    const line = dark ? theme.colors.indigo[4] : theme.colors.indigo[6];
    const red = dark ? theme.colors.red[5] : theme.colors.red[7];
    const font = `11px ${theme.fontFamily}`;
    const options: uPlot.Options = {
      width: element.clientWidth,
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: { y: { range: (_plot, _min, max) => [0, Math.max(10, max * 1.15)] } },
      axes: [
        {
          stroke: axis,
          font,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 28,
          values: (_plot, ticks) => ticks.map(formatClock),
        },
        {
          stroke: axis,
          font,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 60,
          values: (_plot, ticks) => ticks.map(formatTick),
        },
      ],
      series: [
        {},
        { label: "Latency", stroke: line, width: 1.5, fill: `${line}1a`, points: { show: false } },
        {
          label: "Failed",
          stroke: red,
          width: 0,
          paths: () => null,
          points: { show: true, size: 7, fill: red, stroke: red },
        },
      ],
      hooks: { setCursor: [(self) => setHovered(self.cursor.idx ?? null)] },
    };
    const chart = new uPlot(options, latest.current, element);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [scheme, theme, height]);

  useEffect(() => plot.current?.setData(data), [data]);

  const point = hovered === null ? undefined : ordered[hovered];
  const durations = ordered.map((result) => result.durationMs).sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)];
  const failed = ordered.filter((result) => result.status === "down").length;
  const summary =
    median === undefined
      ? "No results yet"
      : `Median ${formatDuration(median)}, highest ${formatDuration(durations.at(-1)!)}, ${failed} of ${ordered.length} checks failed`;

  return (
    <Box>
      <Group justify="space-between" mb={4} gap="xs">
        <Text size="xs" fw={600} c="dimmed">
          Latency, last {ordered.length} checks
        </Text>
        <Text size="xs" c="dimmed" aria-live="off" style={{ fontVariantNumeric: "tabular-nums" }}>
          {point
            ? `${formatTime(point.startedAt, now)} · ${formatDuration(point.durationMs)} · ${point.status}${point.statusCode ? ` ${point.statusCode}` : ""}`
            : summary}
        </Text>
      </Group>
      <div ref={container} role="img" aria-label={`Latency chart. ${summary}.`} style={{ width: "100%", height }} />
    </Box>
  );
}

/** Round axis labels: "250 ms", "2 s", "1.5 s". */
function formatTick(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(2)} s`;
}

/** 24-hour clock ticks, like the results table; uPlot's default is 12-hour with a date line. */
function formatClock(seconds: number): string {
  return new Date(seconds * 1000).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hour12: false });
}

function toSeries(ordered: CheckResultView[]): uPlot.AlignedData {
  return [
    ordered.map((result) => result.startedAt / 1000),
    ordered.map((result) => result.durationMs),
    ordered.map((result) => (result.status === "down" ? result.durationMs : null)),
  ];
}
