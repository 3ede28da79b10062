import { Table, Text, UnstyledButton } from "@mantine/core";
import type { GroupView } from "../api.js";
import { formatGroup, formatSli, pickHeadlineObjective } from "../slo-view.js";
import { BudgetBar } from "./budget-bar.js";
import { SloStatusBadge } from "./slo-status-badge.js";

/** The groups of a grouped SLO, most at risk first; choosing one shows its objectives and charts. */
export function SloGroups({
  groups,
  selected,
  onSelect,
}: {
  groups: GroupView[];
  selected: string;
  onSelect: (key: string) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={560} type="native" mah={260}>
      <Table
        withTableBorder
        highlightOnHover
        verticalSpacing={4}
        fz="sm"
        aria-label="Groups"
        data-testid="slo-groups"
        stickyHeader
      >
        <Table.Thead>
          <Table.Tr>
            {["Group", "Status", "SLI", "Budget left"].map((heading) => (
              <Table.Th key={heading} fz="xs" fw={600} c="dimmed">
                {heading}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((group) => {
            const key = formatGroup(group.labels);
            const objective = pickHeadlineObjective({ objectives: group.objectives, composite: null });
            const current = key === selected;
            return (
              <Table.Tr key={key} bg={current ? "var(--mantine-primary-color-light)" : undefined}>
                <Table.Td>
                  <UnstyledButton onClick={() => onSelect(key)} aria-pressed={current} data-testid="slo-group">
                    <Text size="xs" ff="monospace" fw={current ? 700 : 400}>
                      {key}
                    </Text>
                  </UnstyledButton>
                </Table.Td>
                <Table.Td>
                  <SloStatusBadge status={group.status} size="sm" />
                </Table.Td>
                <Table.Td style={{ fontVariantNumeric: "tabular-nums" }}>
                  {objective ? formatSli(objective.sli.window, objective.target) : "—"}
                </Table.Td>
                <Table.Td>{objective && <BudgetBar objective={objective} />}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
