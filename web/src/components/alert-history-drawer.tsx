import { Drawer, Loader, Stack, Text, Timeline } from "@mantine/core";
import { useCallback } from "react";
import { client, type GettableAlert, isMissingRoute, usePolling } from "../api.js";
import { formatTime } from "../format.js";
import { useNow } from "../use-now.js";
import { LabelChips } from "./label-chips.js";
import { ProblemAlert } from "./problem-alert.js";

/** What happened to one alert, oldest first: fired, grouped, silenced, notified, acknowledged, resolved. */
export function AlertHistoryDrawer({ alert, onClose }: { alert: GettableAlert | undefined; onClose: () => void }) {
  return (
    <Drawer
      opened={alert !== undefined}
      onClose={onClose}
      position="right"
      size="md"
      title={alert ? `History of ${alert.labels.alertname ?? alert.fingerprint}` : "History"}
      data-testid="alert-history"
    >
      {alert && <AlertHistory alert={alert} />}
    </Drawer>
  );
}

function AlertHistory({ alert }: { alert: GettableAlert }) {
  const fetchHistory = useCallback(() => client.getAlert(alert.fingerprint), [alert.fingerprint]);
  const { data, error } = usePolling(fetchHistory, 10_000);
  const now = useNow(10_000);
  // The server answers newest first; a timeline reads oldest first.
  const history = data ? [...data.history].sort((a, b) => a.at - b.at) : undefined;
  return (
    <Stack gap="sm">
      <LabelChips labels={alert.labels} />
      <Text size="xs" c="dimmed" ff="monospace">
        fingerprint {alert.fingerprint}
      </Text>
      {error &&
        (isMissingRoute(error) ? (
          <Text size="sm" c="dimmed">
            This server keeps no alert history yet.
          </Text>
        ) : (
          <ProblemAlert problem={error} />
        ))}
      {!history && !error && <Loader size="sm" aria-label="Loading history" />}
      {history && history.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing recorded yet.
        </Text>
      )}
      {history && history.length > 0 && (
        <Timeline bulletSize={14} lineWidth={2} active={history.length - 1} data-testid="alert-history-events">
          {history.map((entry, index) => (
            <Timeline.Item
              // biome-ignore lint/suspicious/noArrayIndexKey: history entries are append-only and never reordered
              key={index}
              title={
                <Text size="sm" fw={600}>
                  {entry.event}
                </Text>
              }
              data-event={entry.event}
            >
              <Text size="xs" c="dimmed" title={new Date(entry.at).toISOString()}>
                {formatTime(entry.at, now)}
              </Text>
              {Object.keys(entry.detail).length > 0 && (
                <Text size="xs" ff="monospace" style={{ wordBreak: "break-word" }}>
                  {describeDetail(entry.detail)}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}

/** `receiver=ops, silence=5d3f…`: an entry's detail in one line, whatever its fields. */
function describeDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
}
