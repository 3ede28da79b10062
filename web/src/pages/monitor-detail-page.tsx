import { Alert, Anchor, Breadcrumbs, Grid, Group, Paper, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { type ReactNode, useCallback } from "react";
import { client, usePolling } from "../api.js";
import { IconAlert } from "../components/icons.js";
import { LatencyChart } from "../components/latency-chart.js";
import { ObjectYaml } from "../components/object-yaml.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { ResultsTable } from "../components/results-table.js";
import { StateBadge } from "../components/state-badge.js";
import { UpdatedAgo } from "../components/updated-ago.js";
import { formatAgo, formatInterval, formatUptime } from "../format.js";
import { linkTo } from "../router.js";
import { useNow } from "../use-now.js";

const REFRESH_MS = 5000;
const RESULTS = 100;

export function MonitorDetailPage({ name }: { name: string }) {
  const fetchMonitor = useCallback(async () => {
    // The results endpoint holds more history than `recent`; a server without it still shows `recent`.
    const [monitor, results] = await Promise.all([
      client.getMonitor(name),
      client.listResults(name, { limit: RESULTS }).catch(() => undefined),
    ]);
    return { monitor, results: results?.items ?? monitor.recent };
  }, [name]);
  const { data, error, updatedAt } = usePolling(fetchMonitor, REFRESH_MS);
  const now = useNow();
  const monitor = data?.monitor;

  return (
    <Stack gap="md" maw={1280}>
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
        <UpdatedAgo updatedAt={updatedAt} now={now} failing={error !== undefined} />
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
          <Grid gap="sm">
            <Fact span={2} label="State">
              {monitor.state} for {formatAgo(monitor.since, now).replace(/ ago$/, "")}
            </Fact>
            <Fact span={4} label="Target" mono title={monitor.target}>
              {monitor.target}
            </Fact>
            <Fact span={2} label="Check">
              {monitor.type} every {formatInterval(monitor.intervalMs)}
            </Fact>
            <Fact span={2} label="Uptime 24h">
              {formatUptime(monitor.uptime24h)}
            </Fact>
            <Fact span={2} label="Last check">
              {monitor.lastCheckAt === null ? "never" : formatAgo(monitor.lastCheckAt, now)}
            </Fact>
          </Grid>
          {monitor.lastError && <LastError error={monitor.lastError} />}
          <Paper withBorder p="sm" radius="sm">
            <LatencyChart results={data.results} now={now} />
          </Paper>
          <Tabs defaultValue="results" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="results">Recent results</Tabs.Tab>
              <Tabs.Tab value="yaml">YAML</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="results" pt="sm">
              <ResultsTable results={data.results} now={now} />
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

function LastError({ error }: { error: string }) {
  return (
    <Alert color="red" variant="light" py={8} icon={<IconAlert size={16} />} data-testid="last-error">
      <Text size="sm">
        <Text span fw={600} size="sm">
          Last error:{" "}
        </Text>
        {error}
      </Text>
    </Alert>
  );
}

function Fact({
  label,
  children,
  mono,
  title,
  span,
}: {
  label: string;
  children: ReactNode;
  mono?: boolean;
  title?: string;
  span: number;
}) {
  return (
    <Grid.Col span={{ base: 6, md: span }}>
      <Paper withBorder px="sm" py={8} radius="sm" h="100%">
        <Text size="xs" c="dimmed" fw={500}>
          {label}
        </Text>
        <Text size="sm" fw={500} truncate="end" ff={mono ? "monospace" : undefined} title={title}>
          {children}
        </Text>
      </Paper>
    </Grid.Col>
  );
}
