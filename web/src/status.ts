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

/** Text in the state's colour, readable on the page's background in light and dark. */
export const statusTextColor = (state: string) => `var(--mantine-color-${statusStyle(state).color}-text)`;

/** A CSS colour for drawing (SVG strokes, canvas) in the state's colour. */
export const statusCssColor = (state: string) => `var(--mantine-color-${statusStyle(state).color}-filled)`;

/**
 * The state a share of good checks reads as, for uptime bars: three nines and better is fine, two
 * nines needs a look, below that the day had an outage. Null (no checks) has no state.
 */
export function uptimeStatus(ratio: number | null): Status | undefined {
  if (ratio === null) return undefined;
  if (ratio >= 0.999) return "up";
  if (ratio >= 0.99) return "degraded";
  return "down";
}
