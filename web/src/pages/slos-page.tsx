import "../styles/mantine-pages.css";
import { Code, EmptyState, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { SLO_EXAMPLE } from "../../../src/slo/examples.js";
import type { SloView } from "../api.js";
import { client, usePolling } from "../api.js";
import { ExportYamlButton } from "../components/export-yaml-button.js";
import { IconTarget } from "../components/icons.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { SloTable } from "../components/slo-table.js";
import { UpdatedAgo } from "../components/updated-ago.js";
import { YamlBlock } from "../components/yaml-block.js";
import { sloStatusStyle } from "../slo-view.js";

const REFRESH_MS = 15_000;

/** Every SLO, most at risk first, with its budget and fastest burn at a glance. */
export function SlosPage() {
  const { data, error, updatedAt } = usePolling(client.listSlos, REFRESH_MS);
  const slos = data?.items;
  return (
    <Stack gap="sm" maw={1600}>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="sm" align="baseline">
          <Title order={1} size="h3">
            SLOs
          </Title>
          {slos && slos.length > 0 && (
            <Text size="sm" c="dimmed" data-testid="slo-summary">
              {summarize(slos)}
            </Text>
          )}
        </Group>
        <Group gap="sm">
          <UpdatedAgo updatedAt={updatedAt} failing={error !== undefined} />
          <ExportYamlButton kind="SLO" />
        </Group>
      </Group>
      {error && (
        <ProblemAlert
          problem={error}
          retrying={`Retrying every ${REFRESH_MS / 1000} s${updatedAt ? "; the table shows the last good answer." : "."}`}
        />
      )}
      {slos === undefined ? (
        !error && (
          <Stack gap={6} aria-label="Loading SLOs">
            {[0, 1, 2].map((row) => (
              <Skeleton key={row} height={46} radius="sm" />
            ))}
          </Stack>
        )
      ) : slos.length === 0 ? (
        <SlosEmpty />
      ) : (
        <SloTable slos={slos} />
      )}
    </Stack>
  );
}

/** "12 SLOs · 1 burning · 2 warning": the statuses that need someone, counted. */
function summarize(slos: SloView[]): string {
  const counts = new Map<string, number>();
  for (const slo of slos) if (slo.status !== "ok") counts.set(slo.status, (counts.get(slo.status) ?? 0) + 1);
  const parts = [...counts].map(([status, count]) => `${count} ${sloStatusStyle(status).label.toLowerCase()}`);
  return [`${slos.length} SLO${slos.length === 1 ? "" : "s"}`, ...parts].join(" · ");
}

/** No SLOs yet: they are OpenSLO documents, declared as code like everything else. */
function SlosEmpty() {
  return (
    <EmptyState
      data-testid="slos-empty"
      icon={<IconTarget size={28} />}
      withIndicatorBackground
      title="No SLOs yet"
      description="SLOs are OpenSLO documents declared as code. Save one like this (with its Service and SLI), then apply it; the budget and burn rates show here within a minute."
      maw={600}
      mx="auto"
      py="xl"
    >
      <Stack gap="sm" mt="md" w="100%" ta="left">
        <Text size="xs" fw={600} c="dimmed">
          slos.yaml
        </Text>
        <YamlBlock yaml={SLO_EXAMPLE} label="Example slos.yaml" />
        <Code block fz="xs">
          npx nines apply -f slos.yaml
        </Code>
      </Stack>
    </EmptyState>
  );
}
