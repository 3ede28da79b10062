import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import type { ObjectiveView, SloDetailView, WindowView } from "../api.js";
import {
  describeExhaustion,
  findBreachedTier,
  formatBurnRate,
  formatCount,
  formatMinutes,
  formatSli,
  formatTarget,
  NO_DATA,
  orderBurnWindows,
  severityColor,
} from "../slo-view.js";
import { BudgetBar } from "./budget-bar.js";
import { SloStatusBadge } from "./slo-status-badge.js";

const OP_SIGN = { lt: "<", lte: "≤", gt: ">", gte: "≥" } as const;

/** One objective: its target, SLI, budget in time and in events, and its burn rate over 5m ... 3d. */
export function SloObjective({
  objective,
  window,
  tiers,
  now,
  title,
}: {
  objective: ObjectiveView;
  window: WindowView;
  tiers: SloDetailView["alertTiers"];
  now: number;
  title?: string;
}) {
  const { budget } = objective;
  const threshold = objective.op === null ? "" : ` of values ${OP_SIGN[objective.op]} ${objective.value}`;
  const exhaustion = describeExhaustion(objective, now);
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="slo-objective" data-objective={objective.index}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="sm" wrap="nowrap">
            <SloStatusBadge status={objective.status} />
            <Title order={2} size="h5">
              {title ?? objective.name}
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            Target {formatTarget(objective.target)}
            {threshold} over {window.duration}
            {objective.compositeWeight === null ? "" : `, weight ${objective.compositeWeight}`}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
          <Fact label={`SLI over ${window.duration}`} testId="objective-sli">
            {formatSli(objective.sli.window, objective.target)}
          </Fact>
          <Fact label="SLI, last 5 minutes">{formatSli(objective.sli.now, objective.target)}</Fact>
          <Fact label="Error budget left">
            <BudgetBar objective={objective} width={120} />
          </Fact>
          <Fact label="Budget as time" testId="objective-budget-minutes">
            {budget.remainingMinutes === null
              ? `${NO_DATA} (${formatMinutes(budget.totalMinutes)} in all)`
              : `${formatMinutes(budget.remainingMinutes)} of ${formatMinutes(budget.totalMinutes)}`}
          </Fact>
          <Fact label={`Budget in ${budget.unit}`} testId="objective-budget-events">
            {`${formatCount(budget.consumed)} of ${formatCount(budget.total)} spent`}
          </Fact>
          <Fact label={`Good ${budget.unit}`}>
            {formatCount(objective.good)} of {formatCount(objective.total)}
          </Fact>
          <Fact label="Budget runs out">{exhaustion ?? "not at the current burn"}</Fact>
        </SimpleGrid>
        <BurnTable objective={objective} tiers={tiers} />
      </Stack>
    </Paper>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} component="div" data-testid={testId} style={{ fontVariantNumeric: "tabular-nums" }}>
        {children}
      </Text>
    </div>
  );
}

/**
 * Burn rate per window: 1x spends the budget exactly over the window. A cell above an alert
 * tier's threshold is in that tier's colour and says which tier in its title.
 */
function BurnTable({ objective, tiers }: { objective: ObjectiveView; tiers: SloDetailView["alertTiers"] }) {
  const windows = orderBurnWindows(objective.burnRates);
  return (
    <Table.ScrollContainer minWidth={480} type="native">
      <Table
        withTableBorder
        withColumnBorders
        verticalSpacing={4}
        fz="sm"
        aria-label={`Burn rate of ${objective.name} per window`}
        data-testid="burn-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th fz="xs" fw={600} c="dimmed">
              Burn rate
            </Table.Th>
            {windows.map((window) => (
              <Table.Th key={window} fz="xs" fw={600} c="dimmed" ta="right">
                {window}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td fz="xs" c="dimmed">
              × allowed
            </Table.Td>
            {windows.map((window) => {
              const rate = objective.burnRates[window];
              const tier = findBreachedTier(window, rate, tiers);
              return (
                <Table.Td
                  key={window}
                  ta="right"
                  data-window={window}
                  data-breached={tier?.name}
                  title={tier ? `above ${tier.name}'s ${formatBurnRate(tier.threshold)}` : undefined}
                  c={
                    rate === null
                      ? "dimmed"
                      : tier
                        ? `var(--mantine-color-${severityColor(tier.severity)}-text)`
                        : undefined
                  }
                  fw={tier ? 700 : undefined}
                  style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}
                >
                  {tier ? "▲ " : ""}
                  {formatBurnRate(rate)}
                </Table.Td>
              );
            })}
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
