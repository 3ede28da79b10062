import { Box, Group, type MantineColor, Text, useComputedColorScheme, useMantineTheme } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { ChartColumns } from "../slo-view.js";

export interface ChartLine {
  label: string;
  color: MantineColor;
  /** Dashed for reference lines (a target, an even spend) so they don't read as data. */
  dashed?: boolean;
  width?: number;
}

/**
 * Lines over time with uPlot, in the page's colour scheme, with a legend that doubles as the
 * cursor's readout (like the monitor page's phase chart). The columns are uPlot's: seconds, then
 * one array per line.
 */
export function TimeChart({
  title,
  columns,
  lines,
  yRange,
  formatValue,
  summary,
  height = 180,
  testId,
}: {
  title: string;
  columns: ChartColumns;
  lines: ChartLine[];
  yRange: [number, number];
  formatValue: (value: number) => string;
  /** What the chart shows, in words: its readout at rest and its label for screen readers. */
  summary: string;
  height?: number;
  testId?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme("light");
  const latest = useRef({ columns, yRange, formatValue });
  latest.current = { columns, yRange, formatValue };
  const [hovered, setHovered] = useState<number | null>(null);
  const shape = lines.map((line) => `${line.label}:${line.color}:${line.dashed ?? false}`).join("|");

  // biome-ignore lint/correctness/useExhaustiveDependencies: `shape` stands for `lines`; data goes through setData.
  useEffect(() => {
    const element = container.current!;
    const dark = scheme === "dark";
    const axis = dark ? theme.colors.dark[1] : theme.colors.gray[6];
    const grid = dark ? theme.colors.dark[5] : theme.colors.gray[2];
    const font = `11px ${theme.fontFamily}`;
    const color = (name: MantineColor) => theme.colors[name]?.[dark ? 4 : 7] ?? name;
    const options: uPlot.Options = {
      width: element.clientWidth,
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: { y: { range: () => latest.current.yRange } },
      axes: [
        {
          stroke: axis,
          font,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 28,
          values: (_plot, ticks) => ticks.map((tick) => formatTick(tick, (ticks[1] ?? tick) - (ticks[0] ?? 0))),
        },
        {
          stroke: axis,
          font,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 64,
          values: (_plot, ticks) => ticks.map((tick) => latest.current.formatValue(tick)),
        },
      ],
      series: [
        {},
        ...lines.map((line) => ({
          label: line.label,
          stroke: color(line.color),
          width: line.width ?? (line.dashed ? 1 : 1.5),
          dash: line.dashed ? [5, 4] : undefined,
          // uPlot's default marks the points while they are few (a new SLO's first hours), where a
          // line alone would be invisible; reference lines never need them.
          ...(line.dashed ? { points: { show: false } } : {}),
          spanGaps: false,
        })),
      ],
      hooks: { setCursor: [(self) => setHovered(self.cursor.idx ?? null)] },
    };
    const chart = new uPlot(options, latest.current.columns as uPlot.AlignedData, element);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [scheme, theme, height, shape]);

  useEffect(() => plot.current?.setData(columns as uPlot.AlignedData), [columns]);

  const at = hovered === null ? undefined : columns[0][hovered];
  return (
    <Box data-testid={testId}>
      <Group justify="space-between" mb={6} gap="xs" wrap="wrap">
        <Text size="xs" fw={600} c="dimmed">
          {title}
        </Text>
        <Text size="xs" c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }}>
          {at === undefined ? summary : new Date(at * 1000).toLocaleString(undefined, { hour12: false })}
        </Text>
      </Group>
      <div ref={container} role="img" aria-label={`${title}. ${summary}.`} style={{ height }} />
      <Group gap="md" mt={6} wrap="wrap" aria-label={`${title}: legend`}>
        {lines.map((line, index) => {
          const value = hovered === null ? undefined : columns[index + 1]?.[hovered];
          return (
            <Group key={line.label} gap={5} wrap="nowrap">
              <Box
                w={14}
                h={0}
                style={{
                  borderTop: `2px ${line.dashed ? "dashed" : "solid"} var(--mantine-color-${line.color}-${scheme === "dark" ? 4 : 7})`,
                }}
              />
              <Text size="xs" c="dimmed">
                {line.label}
              </Text>
              {hovered !== null && (
                <Text size="xs" fw={500} style={{ fontVariantNumeric: "tabular-nums" }}>
                  {value === null || value === undefined ? "no data" : formatValue(value)}
                </Text>
              )}
            </Group>
          );
        })}
      </Group>
    </Box>
  );
}

/** Days for charts spanning days ("Aug 20"), a 24-hour clock within a day. */
function formatTick(seconds: number, spacing: number): string {
  const date = new Date(seconds * 1000);
  if (spacing >= 86_400) return date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hour12: false });
}
