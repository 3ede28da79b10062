import { Badge, Code, Group, Stack, Table, Text } from "@mantine/core";
import type { Plan } from "../api.js";

const ACTION_COLOR = { create: "green", change: "indigo", delete: "red", unchanged: "gray" } as const;

/** What applying would do, as `nines plan` prints it: the action and each changed field, before → after. */
export function PlanChanges({ plan }: { plan: Plan }) {
  return (
    <Stack gap="xs" data-testid="plan-changes">
      {plan.changes.map((change) => (
        <Stack key={`${change.kind}/${change.name}`} gap={6}>
          <Group gap="xs">
            <Badge
              size="sm"
              variant="light"
              color={ACTION_COLOR[change.action]}
              radius="sm"
              data-action={change.action}
            >
              {change.action === "unchanged" ? "no change" : change.action}
            </Badge>
            <Text size="sm" ff="monospace">
              {change.kind}/{change.name}
            </Text>
          </Group>
          {change.fields && change.fields.length > 0 && (
            <Table fz="xs" verticalSpacing={3} horizontalSpacing={6} withTableBorder aria-label="Changed fields">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th fz="xs" c="dimmed" fw={600}>
                    Field
                  </Table.Th>
                  <Table.Th fz="xs" c="dimmed" fw={600}>
                    Before
                  </Table.Th>
                  <Table.Th fz="xs" c="dimmed" fw={600}>
                    After
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {change.fields.map((field) => (
                  <Table.Tr key={field.path} data-testid="plan-field" data-path={field.path}>
                    <Table.Td ff="monospace">{field.path}</Table.Td>
                    <Table.Td>
                      <Value value={field.before} />
                    </Table.Td>
                    <Table.Td>
                      <Value value={field.after} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      ))}
    </Stack>
  );
}

function Value({ value }: { value: unknown }) {
  if (value === undefined)
    return (
      <Text span size="xs" c="dimmed">
        (unset)
      </Text>
    );
  return <Code fz="xs">{JSON.stringify(value)}</Code>;
}
