import { Group, Progress, Text } from "@mantine/core";
import type { ObjectiveView } from "../api.js";
import { budgetBarPercent, budgetColor, formatBudgetShare, formatMinutes, NO_DATA } from "../slo-view.js";

/**
 * The error budget left as a bar coloured by risk, with the number beside it (colour is never the
 * only signal) and the minutes in its title.
 */
export function BudgetBar({ objective, width = 96 }: { objective: ObjectiveView; width?: number }) {
  const { budget } = objective;
  const ratio = budget.remainingRatio;
  const minutes =
    budget.remainingMinutes === null
      ? `${formatMinutes(budget.totalMinutes)} of budget, no events yet`
      : `${formatMinutes(budget.remainingMinutes)} of ${formatMinutes(budget.totalMinutes)} left`;
  return (
    <Group gap={8} wrap="nowrap" title={minutes} data-testid="budget-bar" data-remaining={ratio ?? ""}>
      <Progress
        value={budgetBarPercent(ratio)}
        color={budgetColor(objective)}
        size="sm"
        w={width}
        aria-label={`Error budget left: ${ratio === null ? NO_DATA : formatBudgetShare(ratio)}`}
        style={{ flexShrink: 0 }}
      />
      <Text
        span
        size="sm"
        c={ratio === null ? "dimmed" : undefined}
        style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}
      >
        {ratio === null ? NO_DATA : formatBudgetShare(ratio)}
      </Text>
    </Group>
  );
}
