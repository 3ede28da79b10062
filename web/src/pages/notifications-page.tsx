import "../styles/mantine-pages.css";
import {
  Badge,
  Button,
  Code,
  Group,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { type ReactNode, useCallback } from "react";
import {
  client,
  type NotificationStateView,
  type NotificationView,
  type Polled,
  refreshAfterWrite,
  usePolling,
} from "../api.js";
import { IconAlert, IconInbox, IconPending, IconUp } from "../components/icons.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { UpdatedAgo } from "../components/updated-ago.js";
import { formatAgo, formatTime } from "../format.js";
import type { NotificationsTab } from "../notifications-view.js";
import { navigate } from "../router.js";
import { useNow } from "../use-now.js";
import { useWrite } from "../use-write.js";

const REFRESH_MS = 5_000;
const LIMIT = 50;

const STATE = {
  pending: { label: "Pending", color: "gray", icon: IconPending },
  delivered: { label: "Delivered", color: "green", icon: IconUp },
  dead: { label: "Dead", color: "red", icon: IconAlert },
} as const;

const STATES = ["pending", "delivered", "dead"] as const;
const readState = (value: string | undefined) => STATES.find((state) => state === value);

/** The outbox with a state filter, dead letters with their error and a Retry button, and the inbox. */
export function NotificationsPage({ tab, state }: { tab: NotificationsTab; state?: string | undefined }) {
  return (
    <Stack gap="sm" maw={1600}>
      <Title order={1} size="h3">
        Notifications
      </Title>
      <Tabs value={tab} onChange={(value) => navigate(`/notifications?tab=${value ?? "outbox"}`)}>
        <Tabs.List>
          <Tabs.Tab value="outbox">Outbox</Tabs.Tab>
          <Tabs.Tab value="dead">Dead letters</Tabs.Tab>
          <Tabs.Tab value="inbox">Inbox</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="outbox" pt="sm">
          {tab === "outbox" && <Outbox state={readState(state)} />}
        </Tabs.Panel>
        <Tabs.Panel value="dead" pt="sm">
          {tab === "dead" && <Outbox state="dead" deadLetters />}
        </Tabs.Panel>
        <Tabs.Panel value="inbox" pt="sm">
          {tab === "inbox" && <Inbox />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Outbox({ state, deadLetters = false }: { state: NotificationStateView | undefined; deadLetters?: boolean }) {
  const fetchPage = useCallback(() => client.listNotifications({ state, limit: LIMIT }), [state]);
  const polled = usePolling(fetchPage, REFRESH_MS);
  const { run, pending, failure, dismiss } = useWrite();
  const now = useNow(5_000);
  const retry = (notification: NotificationView) =>
    void run(`retry-${notification.id}`, `Could not retry notification ${notification.id}`, (write) =>
      write.retryNotification(notification.id),
    ).then((ok) => ok && refreshAfterWrite(polled.refresh));
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        {deadLetters ? (
          <Text size="sm" c="dimmed">
            Notifications that failed every attempt or were refused for good. Retry sends the same message again.
          </Text>
        ) : (
          <SegmentedControl
            size="xs"
            value={state ?? "all"}
            onChange={(value) =>
              navigate(`/notifications?tab=outbox${value === "all" ? "" : `&state=${value}`}`, { replace: true })
            }
            data={[{ value: "all", label: "All" }, ...STATES.map((value) => ({ value, label: STATE[value].label }))]}
            aria-label="State"
          />
        )}
        <Group gap="sm">
          {polled.data && (
            <Text size="xs" c="dimmed">
              {Math.min(polled.data.items.length, polled.data.total)} of {polled.data.total}
            </Text>
          )}
          <UpdatedAgo updatedAt={polled.updatedAt} failing={polled.error !== undefined} />
        </Group>
      </Group>
      {failure && <ProblemAlert problem={failure.problem} title={failure.what} onClose={dismiss} />}
      <Loaded polled={polled}>
        {(page) =>
          page.items.length === 0 ? (
            <Text size="sm" c="dimmed" py="sm" data-testid="notifications-empty">
              {deadLetters ? "No dead letters." : "Nothing in the outbox."}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={900} type="native">
              <Table withTableBorder verticalSpacing={4} horizontalSpacing="sm" fz="sm" data-testid="notifications">
                <Table.Thead>
                  <Table.Tr>
                    {[
                      "State",
                      "Subject",
                      "Channel",
                      "Destination",
                      "Attempts",
                      "Created",
                      deadLetters ? "Error" : "Delivered",
                      "",
                    ].map((heading) => (
                      <Table.Th key={heading} fz="xs" fw={600} c="dimmed">
                        {heading}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((notification) => {
                    const style = STATE[notification.state] ?? STATE.pending;
                    return (
                      <Table.Tr key={notification.id} data-testid="notification-row" data-state={notification.state}>
                        <Table.Td>
                          <Badge
                            size="sm"
                            radius="sm"
                            color={style.color}
                            variant={notification.state === "pending" ? "default" : "light"}
                            leftSection={<style.icon size={12} />}
                            styles={{ root: { textTransform: "none" } }}
                          >
                            {style.label}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          {notification.subject}
                          <Text size="xs" c="dimmed" ff="monospace" truncate maw={360}>
                            {notification.source}
                          </Text>
                        </Table.Td>
                        <Table.Td>{notification.channelType}</Table.Td>
                        <Table.Td ff="monospace" fz="xs">
                          {notification.destination}
                        </Table.Td>
                        <Table.Td>{notification.attempts}</Table.Td>
                        <Table.Td style={{ whiteSpace: "nowrap" }}>{formatTime(notification.createdAt, now)}</Table.Td>
                        <Table.Td>
                          {notification.state === "dead" || deadLetters ? (
                            <Text size="xs" c="red" data-testid="notification-error">
                              {notification.lastError ?? "—"}
                            </Text>
                          ) : notification.deliveredAt !== null ? (
                            formatAgo(notification.deliveredAt, now)
                          ) : (
                            <Text size="xs" c="dimmed">
                              {notification.lastError
                                ? `retry ${formatAgo(now, notification.nextAttemptAt).replace(" ago", "")}: ${notification.lastError}`
                                : "queued"}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td ta="right">
                          {notification.state === "dead" && (
                            <Button
                              size="compact-xs"
                              variant="default"
                              loading={pending === `retry-${notification.id}`}
                              onClick={() => retry(notification)}
                              data-testid="retry-notification"
                            >
                              Retry
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
    </Stack>
  );
}

function Inbox() {
  const fetchInbox = useCallback(() => client.listInbox({ limit: LIMIT }), []);
  const polled = usePolling(fetchInbox, REFRESH_MS);
  const now = useNow(5_000);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Messages sent to channels of type <Code>inbox</Code>, kept in Nines, newest first.
        </Text>
        <UpdatedAgo updatedAt={polled.updatedAt} failing={polled.error !== undefined} />
      </Group>
      <Loaded polled={polled}>
        {(page) =>
          page.items.length === 0 ? (
            <Group gap="xs" c="dimmed" py="sm" data-testid="inbox-empty">
              <IconInbox size={16} />
              <Text size="sm">The inbox is empty.</Text>
            </Group>
          ) : (
            page.items.map((message) => (
              <Paper key={message.id} withBorder radius="sm" p="xs" data-testid="inbox-message">
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" fw={600}>
                    {message.subject}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                    {message.inbox} · {formatTime(message.receivedAt, now)}
                  </Text>
                </Group>
                <Text size="xs" ff="monospace" mt={4} style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
                  {message.text}
                </Text>
              </Paper>
            ))
          )
        }
      </Loaded>
    </Stack>
  );
}

/** The polled answer once there is one; the problem and a skeleton meanwhile. */
function Loaded<T>({ polled, children }: { polled: Polled<T>; children: (data: T) => ReactNode }) {
  return (
    <>
      {polled.error && <ProblemAlert problem={polled.error} retrying={`Retrying every ${REFRESH_MS / 1000} s.`} />}
      {polled.data === undefined ? !polled.error && <Skeleton height={120} radius="sm" /> : children(polled.data)}
    </>
  );
}
