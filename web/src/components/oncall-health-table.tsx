import { Table, Text } from "@mantine/core";
import type { OnCallHealthView } from "../api.js";

type ResponseTimes = OnCallHealthView["people"][number]["timeToAcknowledge"];

import { formatSpan } from "../slo-view.js";

const times = (value: ResponseTimes) =>
  value.meanMs === null ? "—" : `${formatSpan(value.meanMs)} (median ${formatSpan(value.medianMs ?? 0)})`;

/** The on-call load per person: pages per week, pages outside working hours, MTTA and MTTR. */
export function OnCallHealthTable({ health }: { health: OnCallHealthView }) {
  if (health.people.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="oncall-health-empty">
        Nobody was paged in this period.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table withTableBorder verticalSpacing={4} horizontalSpacing="sm" fz="sm" data-testid="oncall-health">
        <Table.Thead>
          <Table.Tr>
            {["Person", "Pages", "Per week", "Out of hours", "MTTA", "MTTR"].map((heading) => (
              <Table.Th key={heading} fz="xs" fw={600} c="dimmed">
                {heading}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody style={{ fontVariantNumeric: "tabular-nums" }}>
          {health.people.map((row) => (
            <Table.Tr key={row.user}>
              <Table.Td>{row.user}</Table.Td>
              <Table.Td>{row.pages}</Table.Td>
              <Table.Td>{row.pagesPerWeek.toFixed(1)}</Table.Td>
              <Table.Td>{row.outsideWorkingHours}</Table.Td>
              <Table.Td>{times(row.timeToAcknowledge)}</Table.Td>
              <Table.Td>{times(row.timeToResolve)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
