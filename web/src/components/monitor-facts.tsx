import { Grid, Paper, Text } from "@mantine/core";
import type { ReactNode } from "react";
import type { MonitorView } from "../api.js";
import { formatAgo, formatInterval, formatTime, formatUptime } from "../format.js";
import { statusStyle } from "../status.js";

/** The numbers an operator reads first: since when, what and how often, uptime, last check. */
export function MonitorFacts({ monitor, now }: { monitor: MonitorView; now: number }) {
  return (
    <Grid gap="sm" data-testid="monitor-facts">
      <Fact span={2} label={`${statusStyle(monitor.state).label} since`} title={new Date(monitor.since).toString()}>
        {formatTime(monitor.since, now)}
        <Text span size="xs" c="dimmed" fw={400}>
          {" "}
          · {formatAgo(monitor.since, now).replace(/ ago$/, "")}
        </Text>
      </Fact>
      <Fact span={4} label="Target" mono title={monitor.target}>
        {monitor.target}
      </Fact>
      <Fact span={2} label="Check">
        {monitor.type}
        {monitor.intervalMs ? ` every ${formatInterval(monitor.intervalMs)}` : ""}
      </Fact>
      <Fact span={2} label="Uptime 24h / 30d">
        {formatUptime(monitor.uptime24h)}
        <Text span size="xs" c="dimmed" fw={400}>
          {" "}
          / {formatUptime(monitor.uptime30d)}
        </Text>
      </Fact>
      <Fact span={2} label="Last check">
        {monitor.lastCheckAt === null ? "never" : formatAgo(monitor.lastCheckAt, now)}
      </Fact>
    </Grid>
  );
}

function Fact({
  label,
  children,
  mono,
  title,
  span,
}: {
  label: string;
  children: ReactNode;
  mono?: boolean;
  title?: string;
  span: number;
}) {
  return (
    <Grid.Col span={{ base: 6, md: span }}>
      <Paper withBorder px="sm" py={8} radius="sm" h="100%">
        <Text size="xs" c="dimmed" fw={500}>
          {label}
        </Text>
        <Text size="sm" fw={500} truncate="end" ff={mono ? "monospace" : undefined} title={title}>
          {children}
        </Text>
      </Paper>
    </Grid.Col>
  );
}
