import { Badge, type BadgeProps } from "@mantine/core";
import { sloStatusStyle } from "../slo-view.js";

/** An SLO's status as colour, icon and word together, like the monitors' StateBadge. */
export function SloStatusBadge({
  status,
  testId,
  title,
  ...props
}: { status: string; testId?: string; title?: string } & BadgeProps) {
  const style = sloStatusStyle(status);
  return (
    <Badge
      color={style.color}
      variant={style.color === "gray" ? "default" : "light"}
      radius="sm"
      leftSection={<style.icon size={12} strokeWidth={2.5} />}
      data-testid={testId}
      data-status={status}
      title={title}
      styles={{ root: { textTransform: "none", fontWeight: 600, flexShrink: 0 }, label: { overflow: "visible" } }}
      {...props}
    >
      {style.label}
    </Badge>
  );
}
