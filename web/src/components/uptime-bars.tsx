import { Box, Group, SegmentedControl, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import { useCallback, useState } from "react";
import { client, isMissingRoute, type UptimeBucket, usePolling } from "../api.js";
import { formatDuration, formatUptime } from "../format.js";
import { statusCssColor, uptimeStatus } from "../status.js";

const DAY_MS = 86_400_000;
const REFRESH_MS = 60_000;
const NO_DATA = "var(--mantine-color-default-border)";

/** One bar per day, coloured by that day's uptime, with the day's numbers on hover. */
export function UptimeBars({ name }: { name: string }) {
  const [days, setDays] = useState("30");
  const fetchUptime = useCallback(() => {
    const to = Date.now();
    const today = new Date(to);
    today.setHours(0, 0, 0, 0);
    return client.getUptime(name, { from: today.getTime() - (Number(days) - 1) * DAY_MS, to, step: "1d" });
  }, [name, days]);
  const { data, error } = usePolling(fetchUptime, REFRESH_MS);

  return (
    <Stack gap={8} data-testid="uptime-bars">
      <Group justify="space-between" gap="xs">
        <Group gap="xs" align="baseline">
          <Text size="xs" fw={600} c="dimmed">
            Uptime per day
          </Text>
          {data && (
            <Text size="xs" fw={600} data-testid="uptime-range">
              {formatUptime(data.uptime)} over {days} days
            </Text>
          )}
        </Group>
        <SegmentedControl
          size="xs"
          value={days}
          onChange={setDays}
          aria-label="Days shown"
          data={[
            { value: "30", label: "30 days" },
            { value: "90", label: "90 days" },
          ]}
        />
      </Group>
      {isMissingRoute(error) ? (
        <Text size="xs" c="dimmed">
          This server does not report uptime per day yet.
        </Text>
      ) : error && !data ? (
        <Text size="xs" c="red">
          Could not load uptime: {error.detail || error.title}
        </Text>
      ) : !data ? (
        <Skeleton height={40} />
      ) : (
        <Bars buckets={data.buckets} />
      )}
    </Stack>
  );
}

function Bars({ buckets }: { buckets: UptimeBucket[] }) {
  const bad = buckets.filter((bucket) => uptimeStatus(bucket.uptime) === "down").length;
  const sum = (pick: (bucket: UptimeBucket) => number) => buckets.reduce((total, bucket) => total + pick(bucket), 0);
  const measured = buckets.filter((bucket) => bucket.uptime !== null);
  const worst = measured.reduce<UptimeBucket | undefined>(
    (low, bucket) => (low === undefined || bucket.uptime! < low.uptime! ? bucket : low),
    undefined,
  );
  return (
    <Box>
      <Group
        gap={2}
        wrap="nowrap"
        h={40}
        role="img"
        aria-label={`${buckets.length} days, ${bad} with an outage below 99%`}
        data-testid="uptime-bar-list"
      >
        {buckets.map((bucket) => (
          <Bar key={bucket.start} bucket={bucket} />
        ))}
      </Group>
      <Group justify="space-between" mt={4}>
        <Text size="xs" c="dimmed">
          {buckets[0] ? formatDay(buckets[0].start) : ""}
        </Text>
        <Legend />
        <Text size="xs" c="dimmed">
          today
        </Text>
      </Group>
      <Group gap="lg" mt="sm" wrap="wrap">
        <Stat label="Checks" value={sum((bucket) => bucket.checks).toLocaleString()} />
        <Stat label="Failed" value={sum((bucket) => bucket.failures).toLocaleString()} />
        <Stat label="Degraded" value={sum((bucket) => bucket.degraded).toLocaleString()} />
        <Stat label="Days measured" value={`${measured.length} of ${buckets.length}`} />
        {worst && worst.uptime !== null && worst.uptime < 1 && (
          <Stat label="Worst day" value={`${formatDay(worst.start)}, ${formatUptime(worst.uptime)}`} />
        )}
      </Group>
    </Box>
  );
}

function Bar({ bucket }: { bucket: UptimeBucket }) {
  const status = uptimeStatus(bucket.uptime);
  const label =
    bucket.uptime === null
      ? `${formatDay(bucket.start)}: no checks`
      : `${formatDay(bucket.start)}: ${formatUptime(bucket.uptime)} up, ${bucket.checks.toLocaleString()} checks, ${bucket.failures.toLocaleString()} failed${bucket.degraded ? `, ${bucket.degraded.toLocaleString()} degraded` : ""}${bucket.latency ? `, p95 ${formatDuration(bucket.latency.p95)}` : ""}`;
  return (
    <Tooltip label={label} openDelay={0} transitionProps={{ duration: 0 }} withArrow>
      <Box
        data-testid="uptime-bar"
        data-status={status ?? "none"}
        h="100%"
        style={{
          flex: "1 1 0",
          minWidth: 2,
          borderRadius: 2,
          background: status ? statusCssColor(status) : NO_DATA,
          opacity: status === "up" ? 0.85 : 1,
        }}
      />
    </Tooltip>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Box>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} style={{ fontVariantNumeric: "tabular-nums" }}>
        {value}
      </Text>
    </Box>
  );
}

function Legend() {
  const items = [
    { status: "up", text: "≥ 99.9%" },
    { status: "degraded", text: "≥ 99%" },
    { status: "down", text: "< 99%" },
  ] as const;
  // The colour is not the only signal: each day's tooltip and the chart's label say the numbers.
  return (
    <Group gap="sm" wrap="nowrap">
      {items.map((item) => (
        <Group key={item.status} gap={4} wrap="nowrap">
          <Box w={8} h={8} style={{ borderRadius: 2, background: statusCssColor(item.status) }} />
          <Text size="xs" c="dimmed">
            {item.text}
          </Text>
        </Group>
      ))}
      <Group gap={4} wrap="nowrap">
        <Box w={8} h={8} style={{ borderRadius: 2, background: NO_DATA }} />
        <Text size="xs" c="dimmed">
          no checks
        </Text>
      </Group>
    </Group>
  );
}

function formatDay(at: number): string {
  return new Date(at).toLocaleDateString(undefined, { weekday: "short", month: "short", day: "numeric" });
}
