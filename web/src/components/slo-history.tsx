import { Grid, Paper, Skeleton, Text } from "@mantine/core";
import { useCallback, useMemo } from "react";
import type { ObjectiveView, SloHistoryView, WindowView } from "../api.js";
import { client, isMissingRoute, usePolling } from "../api.js";
import {
  chooseHistoryRange,
  formatBudgetShare,
  formatSli,
  formatTarget,
  sliRange,
  toBudgetColumns,
  toSliColumns,
} from "../slo-view.js";
import { type ChartLine, TimeChart } from "./time-chart.js";

const REFRESH_MS = 60_000;

/**
 * The two charts of an objective over the SLO's window: the budget burning down (against the
 * even-spend line of a calendar window) and the SLI against its target.
 */
export function SloHistory({
  name,
  objective,
  group,
  window,
  now,
}: {
  name: string;
  objective: ObjectiveView;
  group: Record<string, string> | undefined;
  window: WindowView;
  now: number;
}) {
  // The range moves with the hour, not with every render, so polling doesn't start over each second.
  const hour = Math.floor(now / 3_600_000);
  const groupKey = group ? JSON.stringify(group) : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `hour` and `groupKey` stand for `now` and `group`.
  const fetchHistory = useCallback(
    () =>
      client.getSloHistory(name, {
        objective: objective.index,
        group,
        ...chooseHistoryRange(window, hour * 3_600_000 + 3_600_000),
      }),
    [name, objective.index, groupKey, window.start, window.minutes, hour],
  );
  const { data, error } = usePolling(fetchHistory, REFRESH_MS);

  if (error && !data)
    return (
      <Text size="sm" c={isMissingRoute(error) ? "dimmed" : "red"}>
        {isMissingRoute(error)
          ? "This server keeps no SLO history yet."
          : `Could not load the history: ${error.detail || error.title}`}
      </Text>
    );
  if (!data)
    return (
      <Grid gap="md">
        {[0, 1].map((key) => (
          <Grid.Col key={key} span={{ base: 12, lg: 6 }}>
            <Skeleton height={236} />
          </Grid.Col>
        ))}
      </Grid>
    );
  return <HistoryCharts history={data} objective={objective} window={window} />;
}

function HistoryCharts({
  history,
  objective,
  window,
}: {
  history: SloHistoryView;
  objective: ObjectiveView;
  window: WindowView;
}) {
  const budget = useMemo(() => toBudgetColumns(history.points), [history]);
  const sli = useMemo(() => toSliColumns(history.points, objective.target), [history, objective.target]);
  const budgetLines: ChartLine[] = [{ label: "Budget left", color: "indigo", width: 2 }];
  if (budget.length > 2) budgetLines.push({ label: "Even spend", color: "gray", dashed: true });
  const values = budget
    .slice(1)
    .flat()
    .filter((value): value is number => value !== null);
  const budgetRange: [number, number] = [Math.min(0, ...values), Math.max(100, ...values)];
  const latest = history.points.at(-1);
  const percent = (value: number) => `${+value.toFixed(value >= 99 || value <= -99 ? 2 : 1)}%`;
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Paper withBorder p="sm" radius="sm" h="100%">
          <TimeChart
            title={`Error budget left over the ${window.duration} window`}
            testId="budget-chart"
            columns={budget}
            lines={budgetLines}
            yRange={budgetRange}
            formatValue={percent}
            summary={
              history.points.length === 0
                ? "No data in this range"
                : `${formatBudgetShare(latest?.budgetRemaining ?? null)} left now`
            }
          />
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Paper withBorder p="sm" radius="sm" h="100%">
          <TimeChart
            title="SLI"
            testId="sli-chart"
            columns={sli}
            lines={[
              { label: `Per ${formatStep(history.stepMs)}`, color: "teal" },
              { label: `Over ${window.duration}`, color: "indigo", width: 2 },
              { label: `Target ${formatTarget(objective.target)}`, color: "red", dashed: true },
            ]}
            yRange={sliRange(sli, objective.target)}
            formatValue={(value) => `${+value.toFixed(3)}%`}
            summary={`${formatSli(objective.sli.window, objective.target)} over ${window.duration}, target ${formatTarget(objective.target)}`}
          />
        </Paper>
      </Grid.Col>
    </Grid>
  );
}

/** "5m", "1h", "1d": the bucket the server answered with. */
function formatStep(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.round(ms / 60_000)}m`;
}
