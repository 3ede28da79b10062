import { Group, Text, UnstyledButton } from "@mantine/core";
import { linkTo } from "../router.js";

/** "Nines" with its mark: a filled square holding a 9, the same as the favicon. */
export function Wordmark() {
  return (
    <UnstyledButton component="a" {...linkTo("/monitors")} aria-label="Nines, go to monitors">
      <Group gap={8} wrap="nowrap">
        <svg width="22" height="22" viewBox="0 0 16 16" aria-hidden="true">
          <rect width="16" height="16" rx="4" fill="var(--mantine-primary-color-filled)" />
          <text
            x="8"
            y="12.4"
            fontSize="12"
            fontWeight="700"
            fill="white"
            textAnchor="middle"
            fontFamily="Arial, sans-serif"
          >
            9
          </text>
        </svg>
        <Text fw={700} size="md" style={{ letterSpacing: "-0.01em" }}>
          Nines
        </Text>
      </Group>
    </UnstyledButton>
  );
}
