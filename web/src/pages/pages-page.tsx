import "../styles/mantine-pages.css";
import { Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { client, type PageDetailView, refreshAfterWrite, usePolling } from "../api.js";
import { IconSiren } from "../components/icons.js";
import { PageCard } from "../components/page-card.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { UpdatedAgo } from "../components/updated-ago.js";
import { useNow } from "../use-now.js";
import { useWrite } from "../use-write.js";

const REFRESH_MS = 5_000;
const RECENT = 20;

/** Open pages (triggered, acknowledged) and the most recent resolved ones, each with its events. */
async function readPages(): Promise<{ open: PageDetailView[]; recent: PageDetailView[]; openTotal: number }> {
  const [triggered, acknowledged, resolved] = await Promise.all([
    client.listPages({ state: "triggered", limit: 50 }),
    client.listPages({ state: "acknowledged", limit: 50 }),
    client.listPages({ state: "resolved", limit: RECENT }),
  ]);
  const details = (items: { id: number }[]) => Promise.all(items.map((page) => client.getPage(page.id)));
  const [open, recent] = await Promise.all([
    details([...triggered.items, ...acknowledged.items]),
    details(resolved.items),
  ]);
  return { open, recent, openTotal: triggered.total + acknowledged.total };
}

/** Pages: whom an alert group is reaching, and the buttons to acknowledge and resolve it. */
export function PagesPage() {
  const { data, error, updatedAt, refresh } = usePolling(readPages, REFRESH_MS);
  const now = useNow(5_000);
  const { run, pending, failure, dismiss } = useWrite();

  const act = (key: string, what: string, action: Parameters<typeof run>[2]) =>
    void run(key, what, action).then((ok) => ok && refreshAfterWrite(refresh));
  const cardProps = {
    now,
    busy: pending,
    onAcknowledge: (page: PageDetailView) =>
      act(`ack-${page.id}`, `Could not acknowledge page ${page.id}`, (write) => write.acknowledgePage(page.id)),
    onResolve: (page: PageDetailView) =>
      act(`resolve-${page.id}`, `Could not resolve page ${page.id}`, (write) => write.resolvePage(page.id)),
  };

  return (
    <Stack gap="sm" maw={1200}>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Group gap="sm" align="baseline">
          <Title order={1} size="h3">
            Pages
          </Title>
          {data && (
            <Text size="sm" c="dimmed" data-testid="pages-summary">
              {data.openTotal} open
            </Text>
          )}
        </Group>
        <UpdatedAgo updatedAt={updatedAt} failing={error !== undefined} />
      </Group>
      {failure && <ProblemAlert problem={failure.problem} title={failure.what} onClose={dismiss} />}
      {error && <ProblemAlert problem={error} retrying={`Retrying every ${REFRESH_MS / 1000} s.`} />}
      {!data && !error && <Skeleton height={160} radius="sm" />}
      {data && (
        <>
          <Title order={2} size="h5">
            Open
          </Title>
          {data.open.length === 0 ? (
            <Group gap="xs" c="dimmed" data-testid="pages-empty">
              <IconSiren size={16} />
              <Text size="sm">
                No open pages. A Receiver with an escalationPolicy opens one when its alert group fires.
              </Text>
            </Group>
          ) : (
            data.open.map((page) => <PageCard key={page.id} page={page} {...cardProps} />)
          )}
          {data.recent.length > 0 && (
            <>
              <Title order={2} size="h5" mt="sm">
                Recently resolved
              </Title>
              {data.recent.map((page) => (
                <PageCard key={page.id} page={page} {...cardProps} />
              ))}
            </>
          )}
        </>
      )}
    </Stack>
  );
}
