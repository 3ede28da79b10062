import { Badge, Group } from "@mantine/core";
import { sortedLabels } from "../alert-view.js";
import type { LabelSetView } from "../api.js";

/** Labels as `name=value` chips, alertname first; `omit` leaves out those the group already shows. */
export function LabelChips({ labels, omit = [] }: { labels: LabelSetView; omit?: readonly string[] }) {
  const shown = sortedLabels(labels).filter(([name]) => !omit.includes(name));
  return (
    <Group gap={4} wrap="wrap" data-testid="label-chips">
      {shown.map(([name, value]) => (
        <Badge
          key={name}
          size="sm"
          radius="sm"
          variant="default"
          ff="monospace"
          styles={{ root: { textTransform: "none", fontWeight: 500 } }}
        >
          {name}={value}
        </Badge>
      ))}
    </Group>
  );
}
