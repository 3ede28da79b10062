import { Group, ScrollArea, Skeleton, Stack, Table, Text } from "@mantine/core";
import { useCallback } from "react";
import { client, isMissingRoute, usePolling } from "../api.js";
import { formatAgo, formatTime } from "../format.js";
import { StateBadge } from "./state-badge.js";

const REFRESH_MS = 15_000;
const EVENTS = 50;

/** The monitor's state changes, newest first: when, from → to, and why. */
export function StateHistory({ name, now }: { name: string; now: number }) {
  const fetchEvents = useCallback(() => client.listMonitorEvents(name, { limit: EVENTS }), [name]);
  const { data, error } = usePolling(fetchEvents, REFRESH_MS);

  return (
    <Stack gap={8} data-testid="state-history" h="100%">
      <Text size="xs" fw={600} c="dimmed">
        State changes
      </Text>
      {isMissingRoute(error) ? (
        <Text size="xs" c="dimmed">
          This server does not keep state changes yet.
        </Text>
      ) : error && !data ? (
        <Text size="xs" c="red">
          Could not load state changes: {error.detail || error.title}
        </Text>
      ) : !data ? (
        <Skeleton height={80} />
      ) : data.items.length === 0 ? (
        <Text size="xs" c="dimmed" data-testid="state-history-empty">
          No state changes yet.
        </Text>
      ) : (
        <ScrollArea.Autosize mah={190} type="auto" offsetScrollbars>
          <Table verticalSpacing={5} horizontalSpacing={6} fz="xs" aria-label="State changes">
            <Table.Tbody>
              {data.items.map((event) => (
                <Table.Tr
                  key={`${event.at}-${event.to}`}
                  data-testid="state-change"
                  data-at={event.at}
                  data-from={event.from}
                  data-to={event.to}
                >
                  <Table.Td
                    w={96}
                    c="dimmed"
                    style={{ whiteSpace: "nowrap", verticalAlign: "top" }}
                    title={new Date(event.at).toISOString()}
                  >
                    {formatAgo(event.at, now)}
                    <Text size="10px" c="dimmed">
                      {formatTime(event.at, now)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: "top" }}>
                    <Group gap={4} wrap="nowrap">
                      <StateBadge state={event.from} size="xs" variant="transparent" px={0} />
                      <Text span size="xs" c="dimmed" aria-label="to">
                        →
                      </Text>
                      <StateBadge state={event.to} size="xs" />
                    </Group>
                    {event.reason && (
                      <Text size="xs" c="dimmed" mt={2} lineClamp={2} title={event.reason}>
                        {event.reason}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}
