import { Badge, type BadgeProps } from "@mantine/core";
import { statusStyle } from "../status.js";

/** A state as colour, icon and word together, from the one palette in status.ts. */
export function StateBadge({ state, testId, ...props }: { state: string; testId?: string } & BadgeProps) {
  const style = statusStyle(state);
  return (
    <Badge
      color={style.color}
      variant="light"
      radius="sm"
      leftSection={<style.icon size={12} strokeWidth={2.5} />}
      data-testid={testId}
      data-state={state}
      styles={{ root: { textTransform: "none", fontWeight: 600 } }}
      {...props}
    >
      {style.label}
    </Badge>
  );
}
