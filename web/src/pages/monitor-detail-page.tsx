import "../styles/mantine-pages.css";
import { Alert, Anchor, Breadcrumbs, Grid, Group, Paper, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { useCallback } from "react";
import { client, refreshAfterWrite, usePolling } from "../api.js";
import { HeartbeatUrl } from "../components/heartbeat-url.js";
import { IconAlert } from "../components/icons.js";
import { MonitorActionsBar } from "../components/monitor-actions-bar.js";
import { MonitorFacts } from "../components/monitor-facts.js";
import { ObjectYaml } from "../components/object-yaml.js";
import { PhaseChart } from "../components/phase-chart.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { ResultsTable } from "../components/results-table.js";
import { StateBadge } from "../components/state-badge.js";
import { StateHistory } from "../components/state-history.js";
import { UpdatedAgo } from "../components/updated-ago.js";
import { UptimeBars } from "../components/uptime-bars.js";
import { linkTo } from "../router.js";
import { useNow } from "../use-now.js";

const REFRESH_MS = 5000;
const RESULTS_REFRESH_MS = 10_000;
const RESULTS = 500;

export function MonitorDetailPage({ name }: { name: string }) {
  const fetchMonitor = useCallback(() => client.getMonitor(name), [name]);
  const { data: monitor, error, updatedAt, refresh } = usePolling(fetchMonitor, REFRESH_MS);
  const fetchResults = useCallback(() => client.listResults(name, { limit: RESULTS }), [name]);
  const results = usePolling(fetchResults, RESULTS_REFRESH_MS);
  const now = useNow();
  // A server without the results endpoint still has `recent`.
  const shownResults = results.data?.items ?? (results.error ? monitor?.recent : undefined);

  return (
    <Stack gap="md" maw={1600}>
      <Breadcrumbs separatorMargin={6} fz="sm" aria-label="Breadcrumb">
        <Anchor {...linkTo("/monitors")} size="sm">
          Monitors
        </Anchor>
        <Text size="sm" ff="monospace" aria-current="page">
          {name}
        </Text>
      </Breadcrumbs>

      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="sm" align="center" wrap="nowrap">
          {monitor && <StateBadge state={monitor.state} size="lg" testId="monitor-detail-state" />}
          <div>
            <Title order={1} size="h3">
              {monitor?.displayName ?? name}
            </Title>
            {monitor?.displayName && (
              <Text size="xs" c="dimmed" ff="monospace">
                {name}
              </Text>
            )}
          </div>
        </Group>
        <Group gap="md" align="center">
          <UpdatedAgo updatedAt={updatedAt} failing={error !== undefined} />
          {monitor && <MonitorActionsBar monitor={monitor} onChanged={() => refreshAfterWrite(refresh)} />}
        </Group>
      </Group>

      {error && (
        <ProblemAlert
          problem={error}
          retrying={
            error.status === 404
              ? undefined
              : `Retrying every ${REFRESH_MS / 1000} s${monitor ? "; the page shows the last good answer." : "."}`
          }
        />
      )}

      {monitor ? (
        <>
          <MonitorFacts monitor={monitor} now={now} />
          {monitor.lastError && <LastError error={monitor.lastError} state={monitor.state} />}
          {monitor.heartbeatUrl && <HeartbeatUrl path={monitor.heartbeatUrl} />}
          {/* A pushed monitor's results are pings: they have no phases to chart. */}
          {!monitor.pushed && (
            <Paper withBorder p="sm" radius="sm">
              {shownResults ? <PhaseChart results={shownResults} now={now} /> : <Skeleton height={232} />}
            </Paper>
          )}
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Paper withBorder p="sm" radius="sm" h="100%">
                <UptimeBars name={name} />
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Paper withBorder p="sm" radius="sm" h="100%">
                <StateHistory name={name} now={now} />
              </Paper>
            </Grid.Col>
          </Grid>
          <Tabs defaultValue="results" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="results">Results</Tabs.Tab>
              <Tabs.Tab value="yaml">YAML</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="results" pt="sm">
              {shownResults ? <ResultsTable results={shownResults} now={now} /> : <Skeleton height={120} />}
            </Tabs.Panel>
            <Tabs.Panel value="yaml" pt="sm">
              <ObjectYaml kind="Monitor" name={name} />
            </Tabs.Panel>
          </Tabs>
        </>
      ) : (
        !error && <Skeleton height={240} radius="sm" />
      )}
    </Stack>
  );
}

function LastError({ error, state }: { error: string; state: string }) {
  const color = state === "degraded" ? "yellow" : state === "down" ? "red" : "gray";
  return (
    <Alert color={color} variant="light" py={8} icon={<IconAlert size={16} />} data-testid="last-error">
      <Text size="sm">
        <Text span fw={600} size="sm">
          {state === "down" || state === "degraded" ? "Reason: " : "Last error: "}
        </Text>
        {error}
      </Text>
    </Alert>
  );
}
