import { Button, Table, Text } from "@mantine/core";
import { useState } from "react";
import type { CheckResultView } from "../api.js";
import { formatDuration, formatTime } from "../format.js";
import { statusTextColor } from "../status.js";
import { PhaseBar } from "./phase-bar.js";
import { StateBadge } from "./state-badge.js";

const SHOWN = 50;

/** Check results, newest first: when, outcome, HTTP code, how long and where the time went, why it failed. */
export function ResultsTable({ results, now }: { results: CheckResultView[]; now: number }) {
  const [shown, setShown] = useState(SHOWN);
  if (results.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="md">
        No results yet: the first check runs within one interval of the monitor being applied.
      </Text>
    );
  }
  const visible = results.slice(0, shown);
  const scaleMs = Math.max(...visible.map((result) => result.durationMs), 1);
  return (
    <>
      <Table.ScrollContainer minWidth={760} type="native">
        <Table
          verticalSpacing={4}
          horizontalSpacing="sm"
          fz="sm"
          highlightOnHover
          withTableBorder
          aria-label="Recent results"
          data-testid="results-table"
        >
          <Table.Thead>
            <Table.Tr>
              {["Time", "Status", "Code", "Duration", "Phases", "Error"].map((heading) => (
                <Table.Th
                  key={heading}
                  fz="xs"
                  fw={600}
                  c="dimmed"
                  ta={heading === "Duration" || heading === "Code" ? "right" : undefined}
                >
                  {heading}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.map((result) => (
              <Table.Tr key={result.startedAt} data-testid="result-row" data-status={result.status}>
                <Table.Td w={150} style={{ whiteSpace: "nowrap" }} title={new Date(result.startedAt).toISOString()}>
                  {formatTime(result.startedAt, now)}
                </Table.Td>
                <Table.Td w={112}>
                  <StateBadge state={result.status} size="sm" />
                </Table.Td>
                <Table.Td w={64} ta="right" ff="monospace" fz="xs">
                  {result.statusCode ?? "—"}
                </Table.Td>
                <Table.Td w={96} ta="right">
                  {formatDuration(result.durationMs)}
                </Table.Td>
                <Table.Td w={148}>{result.timings && <PhaseBar timings={result.timings} scaleMs={scaleMs} />}</Table.Td>
                <Table.Td style={{ maxWidth: 480 }}>
                  {result.error ? (
                    <Text
                      size="xs"
                      c={result.status === "up" ? "dimmed" : statusTextColor(result.status)}
                      truncate="end"
                      title={result.error}
                    >
                      {result.error}
                    </Text>
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {results.length > shown && (
        <Button variant="subtle" size="xs" mt={4} onClick={() => setShown((count) => count + SHOWN * 4)}>
          Show {Math.min(SHOWN * 4, results.length - shown)} more of {results.length}
        </Button>
      )}
    </>
  );
}
