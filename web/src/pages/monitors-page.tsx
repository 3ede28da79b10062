import { Anchor, Group, Pagination, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useCallback } from "react";
import { client, usePolling } from "../api.js";
import { DemoCard } from "../components/demo-card.js";
import { ExportYamlButton } from "../components/export-yaml-button.js";
import { MonitorSummary } from "../components/monitor-summary.js";
import { MonitorTable } from "../components/monitor-table.js";
import { MonitorsEmpty } from "../components/monitors-empty.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { UpdatedAgo } from "../components/updated-ago.js";
import { linkTo, navigate } from "../router.js";
import { useNow } from "../use-now.js";

const PAGE_SIZE = 50;
const REFRESH_MS = 5000;

export function MonitorsPage({ page, demo }: { page: number; demo: boolean }) {
  const offset = (page - 1) * PAGE_SIZE;
  const fetchPage = useCallback(() => client.listMonitors({ limit: PAGE_SIZE, offset }), [offset]);
  const { data, error, updatedAt } = usePolling(fetchPage, REFRESH_MS);
  const now = useNow();
  const pages = data ? Math.ceil(data.total / data.limit) : 0;

  return (
    <Stack gap="md" maw={1600}>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="lg" align="center" wrap="wrap">
          <Title order={1} size="h3">
            Monitors
          </Title>
          {data && data.total > 0 && <MonitorSummary counts={data.counts} />}
        </Group>
        <Group gap="sm">
          <UpdatedAgo updatedAt={updatedAt} now={now} failing={error !== undefined} />
          <ExportYamlButton kind="Monitor" />
        </Group>
      </Group>

      {demo && <DemoCard />}
      {error && (
        <ProblemAlert
          problem={error}
          retrying={`Retrying every ${REFRESH_MS / 1000} s${updatedAt ? "; the table shows the last good answer." : "."}`}
        />
      )}

      {data === undefined ? (
        !error && <TableSkeleton />
      ) : data.total === 0 ? (
        <MonitorsEmpty />
      ) : data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Page {page} is past the end: there are {data.total} monitors on {pages} pages.{" "}
          <Anchor {...linkTo("/monitors")}>Go to the first page</Anchor>.
        </Text>
      ) : (
        <>
          <MonitorTable monitors={data.items} now={now} />
          {data.total > data.limit && (
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                {offset + 1}–{offset + data.items.length} of {data.total}
              </Text>
              <Pagination
                size="sm"
                total={pages}
                value={page}
                onChange={(next) => navigate(next === 1 ? "/monitors" : `/monitors?page=${next}`)}
                getItemProps={(number) => ({ "aria-label": `Page ${number}` })}
                getControlProps={(control) => ({ "aria-label": `${control} page` })}
              />
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

function TableSkeleton() {
  return (
    <Stack gap={6} aria-label="Loading monitors">
      {[0, 1, 2, 3, 4].map((row) => (
        <Skeleton key={row} height={34} radius="sm" />
      ))}
    </Stack>
  );
}
