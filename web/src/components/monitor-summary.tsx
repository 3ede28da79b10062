import { Group, Text } from "@mantine/core";
import { STATUS, type Status } from "../status.js";

/** "12 up · 1 down · 2 pending": each count in its state's colour and icon, zero counts muted. */
export function MonitorSummary({ counts }: { counts: Partial<Record<string, number>> }) {
  const states = (Object.keys(STATUS) as Status[]).filter(
    (state) => counts[state] !== undefined || ["up", "down", "pending"].includes(state),
  );
  return (
    <Group gap="md" wrap="wrap" aria-label="Monitor states" role="group">
      {states.map((state) => {
        const style = STATUS[state];
        const count = counts[state] ?? 0;
        return (
          <Group
            key={state}
            gap={4}
            wrap="nowrap"
            data-testid={`summary-${state}`}
            c={count ? `var(--mantine-color-${style.color}-text)` : "dimmed"}
          >
            <style.icon size={14} strokeWidth={2.5} />
            <Text size="sm" fw={count ? 600 : 400} c={count ? undefined : "dimmed"}>
              {count} {style.label.toLowerCase()}
            </Text>
          </Group>
        );
      })}
    </Group>
  );
}
