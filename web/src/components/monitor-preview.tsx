import { Group, Paper, Stack, Text } from "@mantine/core";
import type { Plan } from "../api.js";
import { IconUp } from "./icons.js";
import { PlanChanges } from "./plan-changes.js";
import { YamlBlock } from "./yaml-block.js";

/**
 * Beside the form: the document Save applies, as the YAML file it would be, and once validated,
 * what applying it changes.
 */
export function MonitorPreview({
  name,
  yaml,
  plan,
  editing,
}: {
  name: string;
  yaml: string;
  plan: Plan | undefined;
  editing: boolean;
}) {
  const file = `${name || "monitor"}.yaml`;
  const pending = plan ? plan.summary.create + plan.summary.change : 0;
  return (
    <Stack gap="sm">
      <Paper withBorder p="sm" radius="sm">
        <Stack gap={6}>
          <Group justify="space-between">
            <Text size="xs" fw={600} c="dimmed">
              {file}
            </Text>
            <Text size="xs" c="dimmed">
              what Save applies
            </Text>
          </Group>
          <div data-testid="monitor-yaml-preview">
            <YamlBlock yaml={yaml} label="The monitor as YAML" />
          </div>
          <Text size="xs" c="dimmed">
            The same file works from the command line: <code>npx nines apply -f {file}</code>
          </Text>
        </Stack>
      </Paper>
      {plan && (
        <Paper withBorder p="sm" radius="sm">
          <Stack gap={6}>
            <Group gap={6}>
              <IconUp size={14} color="var(--mantine-color-green-text)" />
              <Text size="xs" fw={600}>
                Valid.{" "}
                {pending === 0 ? "Nothing to change." : editing ? "Save applies these changes:" : "Save creates it."}
              </Text>
            </Group>
            <PlanChanges plan={plan} />
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
