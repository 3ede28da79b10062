import { Box, Group, Paper, SimpleGrid, Text, Tooltip } from "@mantine/core";
import type { ShiftView } from "../api.js";
import { assignColors, buildWeekGrid } from "../calendar-grid.js";
import { formatTime } from "../format.js";

const PALETTE = ["indigo", "teal", "grape", "orange", "cyan", "pink", "lime", "violet"] as const;
const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/**
 * The final schedule as a week grid: one row per week, one cell per day, each person's stretch a
 * coloured bar with their name written on it (colour is never the only signal); overrides striped.
 */
export function ScheduleCalendar({
  shifts,
  weekStart,
  weeks,
  now,
}: {
  shifts: ShiftView[];
  weekStart: number;
  weeks: number;
  now: number;
}) {
  const grid = buildWeekGrid(shifts, weekStart, weeks);
  const colors = assignColors(
    shifts.map((shift) => shift.user),
    PALETTE.length,
  );
  const color = (user: string) => PALETTE[colors.get(user) ?? 0];
  return (
    <Box data-testid="schedule-calendar">
      <Group gap="sm" mb={6} wrap="wrap" aria-label="Legend">
        {[...colors.keys()].map((user) => (
          <Group key={user} gap={4} wrap="nowrap">
            <Box w={10} h={10} style={{ borderRadius: 2, background: `var(--mantine-color-${color(user)}-filled)` }} />
            <Text size="xs">{user}</Text>
          </Group>
        ))}
        <Text size="xs" c="dimmed">
          Striped: an override
        </Text>
      </Group>
      <SimpleGrid cols={7} spacing={2} verticalSpacing={2}>
        {WEEKDAY_NAMES.map((name) => (
          <Text key={name} size="xs" fw={600} c="dimmed" ta="center">
            {name}
          </Text>
        ))}
        {grid.flat().map((day) => {
          const today = now >= day.start && now < day.end;
          return (
            <Paper
              key={day.start}
              withBorder
              radius={2}
              p={3}
              mih={72}
              data-testid="calendar-day"
              data-day={new Date(day.start).toISOString()}
              style={today ? { borderColor: "var(--mantine-color-indigo-filled)" } : undefined}
            >
              <Text size="xs" c={today ? undefined : "dimmed"} fw={today ? 700 : 400}>
                {new Date(day.start).toLocaleDateString(undefined, { month: "short", day: "numeric" })}
              </Text>
              <Box pos="relative" h={50}>
                {day.segments.map((segment) => (
                  <Tooltip
                    key={`${segment.user}-${segment.start}`}
                    label={`${segment.user}${segment.override ? " (override)" : ""}: ${formatTime(segment.start, now)} – ${formatTime(segment.end, now)}`}
                    withArrow
                  >
                    <Box
                      pos="absolute"
                      left={0}
                      right={0}
                      top={`${segment.from * 100}%`}
                      h={`${Math.max((segment.to - segment.from) * 100, 12)}%`}
                      data-testid="calendar-shift"
                      data-user={segment.user}
                      data-override={segment.override}
                      tabIndex={0}
                      style={{
                        borderRadius: 2,
                        overflow: "hidden",
                        background: segment.override
                          ? `repeating-linear-gradient(45deg, var(--mantine-color-${color(segment.user)}-light), var(--mantine-color-${color(segment.user)}-light) 4px, var(--mantine-color-${color(segment.user)}-light-hover) 4px, var(--mantine-color-${color(segment.user)}-light-hover) 8px)`
                          : `var(--mantine-color-${color(segment.user)}-light)`,
                        borderLeft: `3px solid var(--mantine-color-${color(segment.user)}-filled)`,
                      }}
                    >
                      <Text size="10px" lh={1.2} px={2} c={`${color(segment.user)}.8`} fw={600} truncate>
                        {segment.user}
                      </Text>
                    </Box>
                  </Tooltip>
                ))}
              </Box>
            </Paper>
          );
        })}
      </SimpleGrid>
    </Box>
  );
}
