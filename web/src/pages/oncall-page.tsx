import "../styles/mantine-pages.css";
import { Anchor, Group, Paper, Skeleton, Stack, Table, Tabs, Text, Title } from "@mantine/core";
import { useCallback } from "react";
import { client, isMissingRoute, type OnCallEntryView, refreshAfterWrite, usePolling } from "../api.js";
import { startOfWeek } from "../calendar-grid.js";
import { IconCalendar, IconOnCall } from "../components/icons.js";
import { ObjectYaml } from "../components/object-yaml.js";
import { OnCallHealthTable } from "../components/oncall-health-table.js";
import { OverrideForm } from "../components/override-form.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { ScheduleCalendar } from "../components/schedule-calendar.js";
import { UpdatedAgo } from "../components/updated-ago.js";
import { formatAgo, formatTime } from "../format.js";
import { linkTo } from "../router.js";
import { useNow } from "../use-now.js";

const REFRESH_MS = 30_000;
const WEEKS = 4;
const WEEK_MS = 7 * 86_400_000;

/** Who is on call now on every schedule; one schedule's coming weeks, overrides, feeds and YAML. */
export function OnCallPage({ schedule }: { schedule?: string | undefined }) {
  const { data, error, updatedAt } = usePolling(client.getOnCall, REFRESH_MS);
  const now = useNow(30_000);
  const picked = schedule ?? data?.items[0]?.schedule;
  return (
    <Stack gap="sm" maw={1600}>
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Title order={1} size="h3">
          On-call
        </Title>
        <UpdatedAgo updatedAt={updatedAt} failing={error !== undefined} />
      </Group>
      {error && <ProblemAlert problem={error} retrying={`Retrying every ${REFRESH_MS / 1000} s.`} />}
      {!data && !error && <Skeleton height={120} radius="sm" />}
      {data && data.items.length === 0 && (
        <Group gap="xs" c="dimmed" py="md" data-testid="oncall-empty">
          <IconOnCall size={18} />
          <Text size="sm">No schedules yet. Declare Users and a Schedule as code and apply them.</Text>
        </Group>
      )}
      {data && data.items.length > 0 && <OnCallNow entries={data.items} picked={picked} now={now} />}
      {picked && <ScheduleDetail key={picked} schedule={picked} now={now} />}
      <HealthReport now={now} />
    </Stack>
  );
}

function Person({ name }: { name: string }) {
  return (
    <Text span fw={600} size="sm">
      {name}
    </Text>
  );
}

function OnCallNow({ entries, picked, now }: { entries: OnCallEntryView[]; picked: string | undefined; now: number }) {
  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table withTableBorder verticalSpacing={4} horizontalSpacing="sm" fz="sm" data-testid="oncall-now">
        <Table.Thead>
          <Table.Tr>
            {["Schedule", "Team", "On call now", "Next"].map((heading) => (
              <Table.Th key={heading} fz="xs" fw={600} c="dimmed">
                {heading}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr
              key={entry.schedule}
              data-testid={`oncall-row-${entry.schedule}`}
              aria-selected={entry.schedule === picked}
              bg={entry.schedule === picked ? "var(--mantine-color-default-hover)" : undefined}
            >
              <Table.Td>
                <Anchor size="sm" {...linkTo(`/oncall?schedule=${encodeURIComponent(entry.schedule)}`)}>
                  {entry.schedule}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {entry.timeZone}
                </Text>
              </Table.Td>
              <Table.Td>{entry.team ?? "—"}</Table.Td>
              <Table.Td data-testid="oncall-current">
                {entry.current ? (
                  <>
                    <Person name={entry.current.user} />
                    <Text size="xs" c="dimmed">
                      until {formatTime(entry.current.end, now)}
                    </Text>
                  </>
                ) : (
                  <Text size="sm" c="red">
                    nobody
                  </Text>
                )}
              </Table.Td>
              <Table.Td data-testid="oncall-next">
                {entry.next ? (
                  <>
                    <Person name={entry.next.user} />
                    <Text size="xs" c="dimmed">
                      from {formatTime(entry.next.start, now)}
                    </Text>
                  </>
                ) : (
                  "—"
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ScheduleDetail({ schedule, now }: { schedule: string; now: number }) {
  const weekStart = startOfWeek(now);
  const fetchShifts = useCallback(
    () => client.listShifts(schedule, { from: weekStart, to: weekStart + WEEKS * WEEK_MS }),
    [schedule, weekStart],
  );
  const shifts = usePolling(fetchShifts, REFRESH_MS);
  const fetchUsers = useCallback(() => client.listObjects("User"), []);
  const users = usePolling(fetchUsers, 5 * 60_000);
  const userNames = (users.data?.items ?? []).map((document) => document.metadata.name).sort();
  const people = [...new Set((shifts.data?.items ?? []).map((shift) => shift.user))].sort();

  return (
    <Paper withBorder radius="sm" p="sm">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {schedule}
        </Title>
        <Tabs defaultValue="calendar" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="calendar">Calendar</Tabs.Tab>
            <Tabs.Tab value="yaml">YAML</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="calendar" pt="sm">
            <Stack gap="sm">
              {shifts.error && <ProblemAlert problem={shifts.error} />}
              {!shifts.data && !shifts.error && <Skeleton height={300} radius="sm" />}
              {shifts.data && (
                <ScheduleCalendar shifts={shifts.data.items} weekStart={weekStart} weeks={WEEKS} now={now} />
              )}
              <Title order={3} size="h6">
                Add override
              </Title>
              <OverrideForm
                schedule={schedule}
                users={userNames}
                now={now}
                onAdded={() => refreshAfterWrite(shifts.refresh)}
              />
              <Group gap="sm" wrap="wrap" data-testid="calendar-feeds">
                <IconCalendar size={14} />
                <Text size="xs" fw={600}>
                  iCalendar feeds:
                </Text>
                <Anchor size="xs" href={client.scheduleCalendarUrl(schedule)}>
                  {schedule}.ics
                </Anchor>
                {people.map((person) => (
                  <Anchor key={person} size="xs" href={client.userCalendarUrl(person)}>
                    {person}.ics
                  </Anchor>
                ))}
              </Group>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="yaml" pt="sm">
            <ObjectYaml kind="Schedule" name={schedule} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Paper>
  );
}

/** The last four weeks' load per person; left out on a server without the report. */
function HealthReport({ now }: { now: number }) {
  const day = Math.floor(now / 86_400_000) * 86_400_000;
  const fetchHealth = useCallback(
    () => client.getOnCallHealth({ from: day - 4 * WEEK_MS, to: day + 86_400_000 }),
    [day],
  );
  const { data, error } = usePolling(fetchHealth, 5 * 60_000);
  if (error && isMissingRoute(error)) return null;
  return (
    <Stack gap="xs">
      <Title order={2} size="h5">
        On-call health, last 4 weeks
      </Title>
      {error && <ProblemAlert problem={error} />}
      {data && <OnCallHealthTable health={data} />}
      {data && (
        <Text size="xs" c="dimmed">
          From {formatAgo(data.from, now)}; out of hours counts pages that reached someone outside their working hours.
        </Text>
      )}
    </Stack>
  );
}
