import { Box, Group, Text, useComputedColorScheme, useMantineTheme } from "@mantine/core";
import { useEffect, useMemo, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { CheckResultView } from "../api.js";
import { formatDuration, formatTime } from "../format.js";
import { PHASES, phaseCssColor } from "../phases.js";
import { statusStyle } from "../status.js";

/**
 * Response time over the recent results, stacked by phase (DNS, connect, TLS, first byte,
 * transfer), with degraded and failed checks marked in their state's colour. The legend doubles as
 * the cursor's readout: it shows the phases of the hovered check, or their medians.
 */
export function PhaseChart({
  results,
  now,
  height = 200,
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
    const shade = dark ? 6 : 5;
    const axis = dark ? theme.colors.dark[1] : theme.colors.gray[6];
    const grid = dark ? theme.colors.dark[5] : theme.colors.gray[2];
    const total = dark ? theme.colors.gray[4] : theme.colors.gray[7];
    const marker = (state: string) => theme.colors[statusStyle(state).color]![dark ? 5 : 6]!;
    const font = `11px ${theme.fontFamily}`;
    const phaseSeries: uPlot.Series[] = PHASES.map((phase) => {
      const color = theme.colors[phase.color]![shade]!;
      return {
        label: phase.label,
        stroke: color,
        fill: `${color}${dark ? "8c" : "a6"}`,
        width: 0,
        points: { show: false },
      };
    });
    const points = (state: string): uPlot.Series => ({
      label: statusStyle(state).label,
      stroke: marker(state),
      width: 0,
      paths: () => null,
      points: { show: true, size: 7, fill: marker(state), stroke: dark ? theme.colors.dark[7] : theme.white, width: 1 },
    });
    const options: uPlot.Options = {
      width: element.clientWidth,
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { y: { range: (_plot, _min, max) => [0, Math.max(10, max * 1.12)] } },
      axes: [
        {
          stroke: axis,
          font,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 28,
          // Whole seconds at least: finer ticks would print the same second twice.
          incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400],
          // Checks every few seconds span minutes: then the ticks need seconds to differ.
          values: (_plot, ticks) => ticks.map((tick) => formatClock(tick, (ticks[1] ?? tick) - (ticks[0] ?? 0) < 60)),
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
        ...phaseSeries,
        { label: "Total", stroke: total, width: 1, points: { show: false } },
        points("degraded"),
        points("down"),
      ],
      // Each phase fills down to the one below it, so the bands stack to the total.
      bands: PHASES.slice(1).map((_phase, index) => ({ series: [index + 2, index + 1] as [number, number] })),
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
  const medians = useMemo(() => medianPhases(ordered), [ordered]);
  const shown = point ? (point.timings ?? {}) : medians;
  const summary = describe(ordered);

  return (
    <Box data-testid="phase-chart">
      <Group justify="space-between" mb={6} gap="xs" wrap="wrap">
        <Text size="xs" fw={600} c="dimmed">
          Response time by phase, last {ordered.length} checks
        </Text>
        <Text size="xs" c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }} data-testid="phase-readout">
          {point
            ? `${formatTime(point.startedAt, now)} · ${statusStyle(point.status).label} · ${formatDuration(point.durationMs)}${point.statusCode ? ` · ${point.statusCode}` : ""}`
            : summary}
        </Text>
      </Group>
      <div ref={container} role="img" aria-label={`Response time chart by phase. ${summary}.`} style={{ height }} />
      <Group gap="md" mt={6} wrap="wrap" aria-label="Phases" data-testid="phase-legend">
        {PHASES.map((phase) => (
          <Group key={phase.key} gap={5} wrap="nowrap">
            <Box w={10} h={10} style={{ borderRadius: 2, background: phaseCssColor(phase) }} />
            <Text size="xs" c="dimmed">
              {phase.label}
            </Text>
            <Text size="xs" fw={500} style={{ fontVariantNumeric: "tabular-nums" }}>
              {shown[phase.key] === undefined ? "—" : formatDuration(shown[phase.key]!)}
            </Text>
          </Group>
        ))}
        <Text size="xs" c="dimmed">
          {point ? "at cursor" : "median"}
        </Text>
      </Group>
    </Box>
  );
}

function toSeries(ordered: CheckResultView[]): uPlot.AlignedData {
  const stacked = PHASES.map(() => [] as (number | null)[]);
  for (const result of ordered) {
    let sum = 0;
    for (const [index, phase] of PHASES.entries()) {
      sum += result.timings?.[phase.key] ?? 0;
      stacked[index]!.push(result.timings ? round(sum) : null);
    }
  }
  const mark = (status: string) => ordered.map((result) => (result.status === status ? result.durationMs : null));
  return [
    ordered.map((result) => result.startedAt / 1000),
    ...stacked,
    ordered.map((result) => result.durationMs),
    mark("degraded"),
    mark("down"),
  ];
}

function medianPhases(ordered: CheckResultView[]): Partial<Record<string, number>> {
  const medians: Partial<Record<string, number>> = {};
  for (const phase of PHASES) {
    const values = ordered
      .map((result) => result.timings?.[phase.key])
      .filter((value): value is number => value !== undefined)
      .sort((a, b) => a - b);
    if (values.length) medians[phase.key] = values[Math.floor(values.length / 2)]!;
  }
  return medians;
}

function describe(ordered: CheckResultView[]): string {
  if (ordered.length === 0) return "No results yet";
  const durations = ordered.map((result) => result.durationMs).sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)]!;
  const degraded = ordered.filter((result) => result.status === "degraded").length;
  const failed = ordered.filter((result) => result.status === "down").length;
  return `Median ${formatDuration(median)}, highest ${formatDuration(durations.at(-1)!)}, ${degraded} degraded, ${failed} failed`;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Round axis labels: "250 ms", "2 s", "1.5 s". */
function formatTick(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(2)} s`;
}

/** 24-hour clock ticks, like the results table; uPlot's default is 12-hour with a date line. */
function formatClock(seconds: number, withSeconds: boolean): string {
  return new Date(seconds * 1000).toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    ...(withSeconds ? { second: "2-digit" } : {}),
    hour12: false,
  });
}
