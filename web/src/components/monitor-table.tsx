import { Table, VisuallyHidden } from "@mantine/core";
import { type ComponentProps, memo } from "react";
import type { MonitorView } from "../api.js";
import { formatAgo, formatInterval, formatUptime } from "../format.js";
import { linkTo } from "../router.js";
import { statusTextColor } from "../status.js";
import { MonitorRowActions } from "./monitor-row-actions.js";
import "./monitor-table.css";
import { Sparkline } from "./sparkline.js";
import { StateBadge } from "./state-badge.js";
import { TimeAgo } from "./time-ago.js";

export interface MonitorTableProps {
  monitors: MonitorView[];
  /** The monitor whose write is in flight. */
  pending: string | undefined;
  onPause: (name: string, paused: boolean) => void;
}

/**
 * One row per monitor, dense enough for a wall of them; the name links to its page. The header is
 * Mantine's; the rows are plain cells styled alike (monitor-table.css), because fifty rows of
 * component-per-cell took longer to render than the server took to answer.
 */
export function MonitorTable({ monitors, pending, onPause }: MonitorTableProps) {
  return (
    <Table.ScrollContainer minWidth={1120} type="native">
      <Table
        layout="fixed"
        verticalSpacing={6}
        horizontalSpacing="xs"
        fz="sm"
        withTableBorder
        aria-label="Monitors"
        data-testid="monitor-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Th w={124}>State</Th>
            <Th w="14%">Name</Th>
            <Th w={72}>Type</Th>
            <Th w="19%">Target</Th>
            <Th w={60} ta="right">
              Interval
            </Th>
            <Th w={88} ta="right">
              Uptime 24h
            </Th>
            <Th w={88} ta="right">
              Uptime 30d
            </Th>
            <Th w={108}>Latency</Th>
            <Th w={84} ta="right">
              Last check
            </Th>
            <Th>Last error</Th>
            <Th w={40}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Th>
          </Table.Tr>
        </Table.Thead>
        <tbody>
          {monitors.map((monitor) => (
            <MonitorRow
              key={monitor.name}
              monitor={monitor}
              version={JSON.stringify(monitor)}
              busy={pending === monitor.name}
              onPause={onPause}
            />
          ))}
        </tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Th(props: ComponentProps<typeof Table.Th>) {
  return <Table.Th fz="xs" fw={600} c="dimmed" style={{ whiteSpace: "nowrap" }} {...props} />;
}

interface RowProps {
  monitor: MonitorView;
  /** The monitor as JSON: each poll brings new objects, and only a changed monitor re-renders its row. */
  version: string;
  busy: boolean;
  onPause: MonitorTableProps["onPause"];
}

const MonitorRow = memo(
  function MonitorRow({ monitor, busy, onPause }: RowProps) {
    const quiet = monitor.state === "paused";
    const path = `/monitors/${encodeURIComponent(monitor.name)}`;
    const failing = monitor.state === "down" || monitor.state === "degraded";
    return (
      <tr className="monitor-row" data-testid={`monitor-row-${monitor.name}`} data-state={monitor.state}>
        <td>
          <StateBadge
            state={monitor.state}
            testId={`monitor-state-${monitor.name}`}
            title={`${monitor.state} since ${formatAgo(monitor.since, Date.now())}`}
          />
        </td>
        <td>
          <a {...linkTo(path)} className={`monitor-name truncate${quiet ? " dimmed" : ""}`}>
            {monitor.displayName ?? monitor.name}
          </a>
          {monitor.displayName && <span className="truncate dimmed mono xs">{monitor.name}</span>}
        </td>
        <td className="dimmed mono xs">{monitor.type}</td>
        <td>
          <span className={`truncate mono xs${quiet ? " dimmed" : ""}`} title={monitor.target}>
            {monitor.target}
          </span>
        </td>
        <td className="end">{monitor.intervalMs ? formatInterval(monitor.intervalMs) : "—"}</td>
        <td className={`end${monitor.uptime24h === null ? " dimmed" : ""}`}>{formatUptime(monitor.uptime24h)}</td>
        <td className={`end${monitor.uptime30d === null ? " dimmed" : ""}`}>{formatUptime(monitor.uptime30d)}</td>
        <td>
          <Sparkline results={monitor.recent} />
        </td>
        <td className="end dimmed nowrap">
          <TimeAgo at={monitor.lastCheckAt} />
        </td>
        <td>
          {monitor.lastError ? (
            <span
              className={`truncate xs${failing ? "" : " dimmed"}`}
              style={failing ? { color: statusTextColor(monitor.state) } : undefined}
              title={monitor.lastError}
            >
              {monitor.lastError}
            </span>
          ) : (
            <span className="dimmed xs">—</span>
          )}
        </td>
        <td className="actions">
          <MonitorRowActions monitor={monitor} busy={busy} onPause={onPause} />
        </td>
      </tr>
    );
  },
  (before, after) => before.version === after.version && before.busy === after.busy && before.onPause === after.onPause,
);
