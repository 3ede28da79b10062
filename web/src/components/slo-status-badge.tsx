import type { BadgeProps } from "@mantine/core";
import { sloStatusStyle } from "../slo-view.js";
import { StateBadge } from "./state-badge.js";

/** An SLO's status as colour, icon and word together: the monitors' StateBadge with the SLO palette. */
export function SloStatusBadge({ status, ...props }: { status: string; testId?: string; title?: string } & BadgeProps) {
  return <StateBadge state={status} styleOf={sloStatusStyle} data-status={status} {...props} />;
}
