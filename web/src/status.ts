import type { MantineColor } from "@mantine/core";
import {
  type Icon,
  IconDegraded,
  IconDown,
  IconMaintenance,
  IconPaused,
  IconPending,
  IconUp,
} from "./components/icons.js";

/**
 * The one palette of states, used by every page: colour, word and icon together, so a state never
 * relies on colour alone. Keep it in step with STYLE.md (up green, degraded amber, down red,
 * maintenance blue, paused grey).
 */
export type Status = "up" | "degraded" | "down" | "maintenance" | "paused" | "pending";

export interface StatusStyle {
  color: MantineColor;
  label: string;
  icon: Icon;
}

export const STATUS: Record<Status, StatusStyle> = {
  up: { color: "green", label: "Up", icon: IconUp },
  degraded: { color: "yellow", label: "Degraded", icon: IconDegraded },
  down: { color: "red", label: "Down", icon: IconDown },
  maintenance: { color: "blue", label: "Maintenance", icon: IconMaintenance },
  paused: { color: "gray", label: "Paused", icon: IconPaused },
  pending: { color: "gray", label: "Pending", icon: IconPending },
};

/** Unknown states (a newer server than this UI) still render, as a neutral badge with their own word. */
export function statusStyle(state: string): StatusStyle {
  return STATUS[state as Status] ?? { color: "gray", label: state, icon: IconPending };
}

/** A CSS colour for drawing (SVG strokes, canvas) in the state's colour. */
export const statusCssColor = (state: string) => `var(--mantine-color-${statusStyle(state).color}-filled)`;
