import { ActionIcon, Code, CopyButton, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconCopy, IconUp } from "./icons.js";

/** Where a heartbeat monitor's job reports in, ready to paste into a crontab. */
export function HeartbeatUrl({ path }: { path: string }) {
  const url = new URL(path, window.location.origin).toString();
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="heartbeat-url">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="xs" fw={600} c="dimmed">
            Ping URL
          </Text>
          <Text size="xs" c="dimmed">
            The job calls it when it finishes; the monitor is down when a ping is late.
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Code fz="sm" style={{ flex: 1, overflowX: "auto", whiteSpace: "nowrap" }}>
            {url}
          </Code>
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? "Copied" : "Copy URL"} withArrow>
                <ActionIcon
                  variant="default"
                  size="md"
                  onClick={copy}
                  aria-label={copied ? "URL copied" : "Copy ping URL"}
                  data-testid="heartbeat-copy"
                >
                  {copied ? <IconUp size={14} /> : <IconCopy size={14} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="xs" c="dimmed" ff="monospace">
          your-job.sh && curl -fsS -m 10 --retry 3 {url}
        </Text>
      </Stack>
    </Paper>
  );
}
