import { Anchor, Button, Group, Pagination, Skeleton, Stack, Text, Title } from "@mantine/core";
import { lazy, Suspense, useCallback } from "react";
import { client, refreshAfterWrite, usePolling } from "../api.js";
import { ExportYamlButton } from "../components/export-yaml-button.js";
import { IconPlus } from "../components/icons.js";
import { MonitorFilters } from "../components/monitor-filters.js";
import { MonitorTable } from "../components/monitor-table.js";
import { MonitorsEmpty } from "../components/monitors-empty.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { UpdatedAgo } from "../components/updated-ago.js";
import { type MonitorQuery, monitorsHref } from "../monitor-query.js";
import { useMonitorWrites } from "../monitor-writes.js";
import { linkTo, navigate } from "../router.js";

// Only demo servers show it, and it carries a slider and a number input the list does without.
const DemoCard = lazy(() => import("../components/demo-card.js").then((module) => ({ default: module.DemoCard })));

const PAGE_SIZE = 50;
const REFRESH_MS = 5000;

/** The monitor list: one page of 50 from the server, filtered and searched there, never the whole table. */
export function MonitorsPage({ query, demo }: { query: MonitorQuery; demo: boolean }) {
  const { search, state, type, page } = query;
  const offset = (page - 1) * PAGE_SIZE;
  const fetchPage = useCallback(
    () =>
      client.listMonitors({
        limit: PAGE_SIZE,
        offset,
        search: search || undefined,
        state: state || undefined,
        type: type || undefined,
      }),
    [offset, search, state, type],
  );
  const { data, error, updatedAt, refresh } = usePolling(fetchPage, REFRESH_MS);
  const writes = useMonitorWrites();
  const pages = data ? Math.ceil(data.total / data.limit) : 0;
  const filtered = Boolean(search || state || type);
  const change = (next: Partial<MonitorQuery>, options?: { replace?: boolean }) =>
    navigate(monitorsHref({ ...query, ...next }), options);
  const { setPaused } = writes;
  // Stable, so the memoised rows do not all re-render when the page does.
  const pause = useCallback(
    async (name: string, paused: boolean) => {
      if (await setPaused(name, paused)) refreshAfterWrite(refresh);
    },
    [setPaused, refresh],
  );

  return (
    <Stack gap="sm" maw={1600}>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="sm" align="baseline">
          <Title order={1} size="h3">
            Monitors
          </Title>
          {data && (
            <Text size="sm" c="dimmed" data-testid="monitor-total">
              {filtered ? `${data.total.toLocaleString()} matching` : `${data.total.toLocaleString()} total`}
            </Text>
          )}
        </Group>
        <Group gap="sm">
          <UpdatedAgo updatedAt={updatedAt} failing={error !== undefined} />
          <ExportYamlButton kind="Monitor" />
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            {...linkTo("/monitors/new")}
            component="a"
            data-testid="new-monitor"
          >
            New monitor
          </Button>
        </Group>
      </Group>

      {demo && (
        <Suspense fallback={null}>
          <DemoCard />
        </Suspense>
      )}
      <MonitorFilters query={query} counts={data?.counts} onChange={change} />
      {error && (
        <ProblemAlert
          problem={error}
          retrying={`Retrying every ${REFRESH_MS / 1000} s${updatedAt ? "; the table shows the last good answer." : "."}`}
        />
      )}
      {writes.failure && (
        <ProblemAlert problem={writes.failure.problem} title={writes.failure.what} onClose={writes.dismiss} />
      )}

      {data === undefined ? (
        !error && <TableSkeleton />
      ) : data.total === 0 && !filtered ? (
        <MonitorsEmpty />
      ) : data.total === 0 ? (
        <Text size="sm" c="dimmed" py="md" data-testid="no-matches">
          No monitors match.{" "}
          <Anchor size="sm" {...linkTo("/monitors")}>
            Clear the filters
          </Anchor>
          .
        </Text>
      ) : data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Page {page} is past the end: there are {data.total} monitors on {pages} pages.{" "}
          <Anchor {...linkTo(monitorsHref({ ...query, page: 1 }))}>Go to the first page</Anchor>.
        </Text>
      ) : (
        <>
          <MonitorTable monitors={data.items} pending={writes.pending} onPause={pause} />
          <Group justify="space-between">
            <Text size="xs" c="dimmed" data-testid="monitor-range">
              {(offset + 1).toLocaleString()}–{(offset + data.items.length).toLocaleString()} of{" "}
              {data.total.toLocaleString()}
            </Text>
            {data.total > data.limit && (
              <Pagination
                size="sm"
                total={pages}
                value={page}
                onChange={(next) => change({ page: next })}
                getItemProps={(number) => ({ "aria-label": `Page ${number}` })}
                getControlProps={(control) => ({ "aria-label": `${control} page` })}
              />
            )}
          </Group>
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
