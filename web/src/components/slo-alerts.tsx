import { Badge, Table, Text } from "@mantine/core";
import type { SloAlertView } from "../api.js";
import { formatAgo, formatTime } from "../format.js";
import { formatSpan, severityColor } from "../slo-view.js";
import { IconBell, IconUp } from "./icons.js";

/** The SLO's burn alerts, newest first: when, which tier, how long it fired. */
export function SloAlerts({ alerts, now }: { alerts: SloAlertView[]; now: number }) {
  if (alerts.length === 0)
    return (
      <Text size="sm" c="dimmed" py="sm" data-testid="slo-alerts-empty">
        No burn alert has fired for this SLO.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table
        withTableBorder
        verticalSpacing={4}
        horizontalSpacing="sm"
        fz="sm"
        aria-label="Burn alerts"
        data-testid="slo-alerts"
      >
        <Table.Thead>
          <Table.Tr>
            {["Started", "State", "Tier", "Severity", "Objective", "Lasted"].map((heading) => (
              <Table.Th key={heading} fz="xs" fw={600} c="dimmed">
                {heading}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {alerts.map((alert) => {
            const firing = alert.state === "firing";
            return (
              <Table.Tr key={alert.id} data-testid="slo-alert" data-state={alert.state}>
                <Table.Td style={{ whiteSpace: "nowrap" }} title={new Date(alert.startsAt).toISOString()}>
                  {formatTime(alert.startsAt, now)}{" "}
                  <Text span size="xs" c="dimmed">
                    {formatAgo(alert.startsAt, now)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge
                    size="sm"
                    radius="sm"
                    variant={firing ? "light" : "default"}
                    color={firing ? severityColor(alert.severity) : "gray"}
                    leftSection={firing ? <IconBell size={12} /> : <IconUp size={12} />}
                    styles={{ root: { textTransform: "none" } }}
                  >
                    {firing ? "Firing" : "Resolved"}
                  </Badge>
                </Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {alert.name}
                </Table.Td>
                <Table.Td>{alert.severity}</Table.Td>
                <Table.Td>{alert.objective}</Table.Td>
                <Table.Td style={{ fontVariantNumeric: "tabular-nums" }}>
                  {firing
                    ? `${formatSpan(now - alert.startsAt)} so far`
                    : formatSpan((alert.endsAt ?? now) - alert.startsAt)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
