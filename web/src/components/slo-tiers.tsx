import { Badge, Table, Text } from "@mantine/core";
import type { SloDetailView } from "../api.js";
import { formatBurnRate, severityColor } from "../slo-view.js";

const OP_SIGN = { lt: "<", lte: "≤", gt: ">", gte: "≥" } as const;

/** The burn-rate conditions the SLO is alerted on: both windows above the rate, for a while, fires. */
export function SloTiers({ tiers }: { tiers: SloDetailView["alertTiers"] }) {
  if (tiers.length === 0)
    return (
      <Text size="sm" c="dimmed" py="sm">
        No burn-rate alerts: this SLO sets <code>burnRateAlerts: []</code>.
      </Text>
    );
  return (
    <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="Alert tiers" data-testid="slo-tiers">
      <Table.Thead>
        <Table.Tr>
          {["Tier", "Severity", "Windows", "Fires above", "Now"].map((heading) => (
            <Table.Th key={heading} fz="xs" fw={600} c="dimmed">
              {heading}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tiers.map((tier) => (
          <Table.Tr key={tier.name} data-firing={tier.firing}>
            <Table.Td ff="monospace" fz="xs">
              {tier.name}
            </Table.Td>
            <Table.Td>{tier.severity}</Table.Td>
            <Table.Td>{tier.windows.join(" and ")}</Table.Td>
            <Table.Td style={{ fontVariantNumeric: "tabular-nums" }}>
              {OP_SIGN[tier.op]} {formatBurnRate(tier.threshold)}
            </Table.Td>
            <Table.Td>
              {tier.firing ? (
                <Badge size="sm" radius="sm" variant="light" color={severityColor(tier.severity)}>
                  Firing
                </Badge>
              ) : (
                <Text span size="xs" c="dimmed">
                  quiet
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
