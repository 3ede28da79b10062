import { Code, EmptyState, Stack, Text } from "@mantine/core";
import { MONITOR_EXAMPLE as EXAMPLE } from "../../../src/probes/example.js";
import { IconActivity } from "./icons.js";
import { YamlBlock } from "./yaml-block.js";

/** No monitors yet: say how to declare one, since monitors are config as code. */
export function MonitorsEmpty() {
  return (
    <EmptyState
      data-testid="monitors-empty"
      icon={<IconActivity size={28} />}
      withIndicatorBackground
      title="No monitors yet"
      description="Monitors are declared as code. Save a file like this one, then apply it; the first checks run within one interval."
      maw={560}
      mx="auto"
      py="xl"
    >
      <Stack gap="sm" mt="md" w="100%" ta="left">
        <Text size="xs" fw={600} c="dimmed">
          monitors.yaml
        </Text>
        <YamlBlock yaml={EXAMPLE} label="Example monitors.yaml" />
        <Code block fz="xs">
          npx nines apply -f monitors.yaml
        </Code>
      </Stack>
    </EmptyState>
  );
}
