import { Badge, Button, Group, Paper, Table, Text } from "@mantine/core";
import { alertCondition, describeSuppression, formatGroupLabels } from "../alert-view.js";
import type { AlertGroupView, GettableAlert } from "../api.js";
import { formatAgo, formatTime } from "../format.js";
import { IconBell, IconHistory, IconPaused, IconUp } from "./icons.js";
import { LabelChips } from "./label-chips.js";

const CONDITION = {
  firing: { label: "Firing", color: "red", icon: IconBell },
  suppressed: { label: "Suppressed", color: "gray", icon: IconPaused },
  resolved: { label: "Resolved", color: "green", icon: IconUp },
} as const;

/** One Alertmanager group: its labels and receiver, a Silence action, and each alert in it. */
export function AlertGroupCard({
  group,
  now,
  highlighted,
  onSilence,
  onHistory,
}: {
  group: AlertGroupView;
  now: number;
  highlighted: boolean;
  onSilence: (group: AlertGroupView) => void;
  onHistory: (alert: GettableAlert) => void;
}) {
  const groupLabels = formatGroupLabels(group.labels);
  const conditions = group.alerts.map((alert) => alertCondition(alert, now));
  const firing = conditions.filter((condition) => condition === "firing").length;
  const suppressed = conditions.filter((condition) => condition === "suppressed").length;
  return (
    <Paper
      withBorder
      radius="sm"
      p="xs"
      data-testid="alert-group"
      data-group={groupLabels}
      style={highlighted ? { borderColor: "var(--mantine-color-indigo-filled)" } : undefined}
    >
      <Group justify="space-between" wrap="wrap" gap="xs" mb={6}>
        <Group gap="xs" wrap="wrap">
          <Text fw={600} size="sm" ff="monospace">
            {groupLabels}
          </Text>
          <Text size="xs" c="dimmed">
            to {group.receiver.name} · {group.alerts.length} alert{group.alerts.length === 1 ? "" : "s"}
            {firing > 0 ? ` · ${firing} firing` : ""}
            {suppressed > 0 ? ` · ${suppressed} suppressed` : ""}
          </Text>
        </Group>
        <Button
          size="compact-xs"
          variant="default"
          leftSection={<IconPaused size={12} />}
          onClick={() => onSilence(group)}
          data-testid="silence-group"
        >
          Silence
        </Button>
      </Group>
      <Table verticalSpacing={4} horizontalSpacing="xs" fz="sm" aria-label={`Alerts of ${groupLabels}`}>
        <Table.Tbody>
          {group.alerts.map((alert, index) => (
            <AlertRow
              key={alert.fingerprint}
              alert={alert}
              condition={conditions[index]!}
              omit={Object.keys(group.labels)}
              now={now}
              onHistory={onHistory}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function AlertRow({
  alert,
  condition,
  omit,
  now,
  onHistory,
}: {
  alert: GettableAlert;
  condition: keyof typeof CONDITION;
  omit: string[];
  now: number;
  onHistory: (alert: GettableAlert) => void;
}) {
  const style = CONDITION[condition];
  const startsAt = Date.parse(alert.startsAt);
  const suppression = describeSuppression(alert);
  const summary = alert.annotations.summary ?? alert.annotations.description;
  return (
    <Table.Tr data-testid="alert-row" data-state={condition} data-fingerprint={alert.fingerprint}>
      <Table.Td w={130}>
        <Badge
          size="sm"
          radius="sm"
          color={style.color}
          variant={condition === "firing" ? "light" : "default"}
          leftSection={<style.icon size={12} />}
          styles={{ root: { textTransform: "none", flexShrink: 0 }, label: { overflow: "visible" } }}
          data-testid="alert-state"
        >
          {style.label}
        </Badge>
      </Table.Td>
      <Table.Td>
        <LabelChips labels={alert.labels} omit={omit} />
        {summary && (
          <Text size="xs" mt={2}>
            {summary}
          </Text>
        )}
        {suppression && (
          <Text size="xs" c="dimmed" mt={2} data-testid="alert-suppression">
            {suppression}
          </Text>
        )}
      </Table.Td>
      <Table.Td w={170} style={{ whiteSpace: "nowrap" }} title={alert.startsAt}>
        <Text size="xs">since {formatTime(startsAt, now)}</Text>
        <Text size="xs" c="dimmed">
          {condition === "resolved" ? `resolved ${formatAgo(Date.parse(alert.endsAt), now)}` : formatAgo(startsAt, now)}
        </Text>
      </Table.Td>
      <Table.Td w={90} ta="right">
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconHistory size={12} />}
          onClick={() => onHistory(alert)}
          aria-label={`History of ${alert.labels.alertname ?? alert.fingerprint}`}
        >
          History
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
