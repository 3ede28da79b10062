import { Box, Group } from "@mantine/core";
import type { PhaseTimings } from "../api.js";
import { formatDuration } from "../format.js";
import { PHASES, phaseCssColor } from "../phases.js";

/** One check's phases as a thin stacked bar, scaled against `scaleMs` so rows compare at a glance. */
export function PhaseBar({
  timings,
  scaleMs,
  width = 120,
}: {
  timings: PhaseTimings;
  scaleMs: number;
  width?: number;
}) {
  const parts = PHASES.filter((phase) => (timings[phase.key] ?? 0) > 0);
  const label = parts.map((phase) => `${phase.label} ${formatDuration(timings[phase.key]!)}`).join(", ");
  return (
    <Group gap={0} wrap="nowrap" w={width} h={8} title={label} aria-label={label} role="img">
      {parts.map((phase) => (
        <Box
          key={phase.key}
          h="100%"
          w={`${Math.max(1.5, (timings[phase.key]! / Math.max(scaleMs, 1)) * 100)}%`}
          style={{ background: phaseCssColor(phase), flexShrink: 0 }}
        />
      ))}
    </Group>
  );
}
