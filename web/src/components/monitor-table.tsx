import { Anchor, Table, Text, Tooltip } from "@mantine/core";
import type { ComponentProps } from "react";
import type { MonitorView } from "../api.js";
import { formatAgo, formatInterval, formatUptime } from "../format.js";
import { linkTo } from "../router.js";
import { Sparkline } from "./sparkline.js";
import { StateBadge } from "./state-badge.js";

/** One row per monitor, dense enough for a wall of them; the name links to its page. */
export function MonitorTable({ monitors, now }: { monitors: MonitorView[]; now: number }) {
  return (
    <Table.ScrollContainer minWidth={980} type="native">
      <Table
        layout="fixed"
        verticalSpacing={6}
        horizontalSpacing="sm"
        fz="sm"
        highlightOnHover
        withTableBorder
        striped={false}
        aria-label="Monitors"
        data-testid="monitor-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Th w={100}>State</Th>
            <Th w="19%">Name</Th>
            <Th w={52}>Type</Th>
            <Th w="18%">Target</Th>
            <Th w={72} ta="right">
              Interval
            </Th>
            <Th w={96} ta="right">
              Uptime 24h
            </Th>
            <Th w={96} ta="right">
              Last check
            </Th>
            <Th w={116}>Latency</Th>
            <Th>Last error</Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {monitors.map((monitor) => (
            <MonitorRow key={monitor.name} monitor={monitor} now={now} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Th(props: ComponentProps<typeof Table.Th>) {
  return <Table.Th fz="xs" fw={600} c="dimmed" style={{ whiteSpace: "nowrap" }} {...props} />;
}

function MonitorRow({ monitor, now }: { monitor: MonitorView; now: number }) {
  return (
    <Table.Tr data-testid={`monitor-row-${monitor.name}`} data-state={monitor.state} h={46}>
      <Table.Td>
        <Tooltip label={`${monitor.state} since ${formatAgo(monitor.since, now)}`} openDelay={300}>
          <StateBadge state={monitor.state} testId={`monitor-state-${monitor.name}`} />
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <Anchor
          {...linkTo(`/monitors/${encodeURIComponent(monitor.name)}`)}
          fw={500}
          size="sm"
          c="var(--mantine-color-text)"
          truncate="end"
          display="block"
        >
          {monitor.displayName ?? monitor.name}
        </Anchor>
        {monitor.displayName && (
          <Text size="xs" c="dimmed" ff="monospace" truncate="end">
            {monitor.name}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" ff="monospace">
          {monitor.type}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" ff="monospace" truncate="end" title={monitor.target}>
          {monitor.target}
        </Text>
      </Table.Td>
      <Table.Td ta="right">{formatInterval(monitor.intervalMs)}</Table.Td>
      <Table.Td ta="right" c={monitor.uptime24h === null ? "dimmed" : undefined}>
        {formatUptime(monitor.uptime24h)}
      </Table.Td>
      <Table.Td ta="right" c="dimmed" style={{ whiteSpace: "nowrap" }}>
        {monitor.lastCheckAt === null ? "never" : formatAgo(monitor.lastCheckAt, now)}
      </Table.Td>
      <Table.Td>
        <Sparkline results={monitor.recent} />
      </Table.Td>
      <Table.Td>
        {monitor.lastError ? (
          <Text size="xs" c="red" truncate="end" title={monitor.lastError}>
            {monitor.lastError}
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
