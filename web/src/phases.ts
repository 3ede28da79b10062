import type { MantineColor } from "@mantine/core";
import type { PhaseTimings } from "./api.js";

/**
 * The phases of a check, in the order they happen, each with one colour used by the chart, its
 * legend and the results table. Cool hues, so no phase is mistaken for a state (green, amber, red).
 */
export interface Phase {
  key: keyof PhaseTimings;
  label: string;
  color: MantineColor;
}

export const PHASES: readonly Phase[] = [
  { key: "dns", label: "DNS", color: "cyan" },
  { key: "connect", label: "Connect", color: "indigo" },
  { key: "tls", label: "TLS", color: "violet" },
  { key: "firstByte", label: "First byte", color: "grape" },
  { key: "transfer", label: "Transfer", color: "gray" },
];

export const phaseCssColor = (phase: Phase) => `var(--mantine-color-${phase.color}-5)`;
