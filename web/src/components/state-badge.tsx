import { Badge, type BadgeProps } from "@mantine/core";
import { type StatusStyle, statusStyle } from "../status.js";

/**
 * A state as colour, icon and word together, from the one palette in status.ts; `styleOf` picks
 * another set of states' look (an SLO's statuses) on the same badge.
 */
export function StateBadge({
  state,
  testId,
  title,
  styleOf = statusStyle,
  ...props
}: { state: string; testId?: string; title?: string; styleOf?: (state: string) => StatusStyle } & BadgeProps) {
  const style = styleOf(state);
  return (
    <Badge
      color={style.color}
      // Grey states (pending, paused) are neutral: an outlined chip reads calmer than a dark grey block.
      variant={style.color === "gray" ? "default" : "light"}
      radius="sm"
      leftSection={<style.icon size={12} strokeWidth={2.5} />}
      data-testid={testId}
      title={title}
      data-state={state}
      // A visible label keeps its width inside auto-sized table cells, where Mantine's ellipsis collapses it.
      styles={{ root: { textTransform: "none", fontWeight: 600, flexShrink: 0 }, label: { overflow: "visible" } }}
      {...props}
    >
      {style.label}
    </Badge>
  );
}
