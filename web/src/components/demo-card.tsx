import { Badge, Group, NumberInput, Paper, Slider, Stack, Text } from "@mantine/core";
import { useEffect, useId, useState } from "react";
import { client, type Problem, toProblem } from "../api.js";
import { IconFlask } from "./icons.js";

/**
 * Knobs of the built-in demo service (the target of the demo monitors), so a visitor can break it
 * and watch the monitors notice. Only shown when the server runs with --demo.
 */
export function DemoCard() {
  const [failurePercent, setFailurePercent] = useState<number | undefined>();
  const [latencyMs, setLatencyMs] = useState<number | undefined>();
  const [saving, setSaving] = useState<"idle" | "saving" | "saved">("idle");
  const [problem, setProblem] = useState<Problem | undefined>();
  const sliderLabel = useId();

  useEffect(() => {
    client.getDemo().then(
      (control) => {
        setFailurePercent(Math.round(control.failureRate * 100));
        setLatencyMs(control.latencyMs);
      },
      (error) => setProblem(toProblem(error)),
    );
  }, []);

  async function save(change: { failureRate?: number; latencyMs?: number }) {
    setSaving("saving");
    try {
      const control = await client.setDemo(change);
      setFailurePercent(Math.round(control.failureRate * 100));
      setLatencyMs(control.latencyMs);
      setProblem(undefined);
      setSaving("saved");
    } catch (error) {
      setProblem(toProblem(error));
      setSaving("idle");
    }
  }

  const loaded = failurePercent !== undefined && latencyMs !== undefined;
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="demo-card" style={{ borderStyle: "dashed" }} aria-labelledby={`${sliderLabel}-title`} component="section">
      <Group justify="space-between" align="flex-start" gap="lg" wrap="wrap">
        <Stack gap={2} maw={340}>
          <Group gap={6}>
            <IconFlask size={16} />
            <Text fw={600} size="sm" id={`${sliderLabel}-title`}>
              Demo service
            </Text>
            <Badge size="xs" variant="outline" color="grape">
              demo target
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            Controls the built-in service the demo monitors check, not a real system. Make it fail or slow down and watch
            the monitors react.
          </Text>
        </Stack>
        <Group gap="xl" align="flex-end" wrap="wrap" style={{ flex: "1 1 360px" }} justify="flex-end">
          <Stack gap={4} style={{ flex: "1 1 220px" }} maw={320}>
            <Group justify="space-between">
              <Text size="xs" fw={500} id={sliderLabel}>
                Failure rate
              </Text>
              <Text size="xs" c="dimmed" data-testid="demo-failure-rate">
                {loaded ? `${failurePercent}% of requests fail` : "…"}
              </Text>
            </Group>
            <Slider
              value={failurePercent ?? 0}
              onChange={setFailurePercent}
              onChangeEnd={(value) => void save({ failureRate: value / 100 })}
              min={0}
              max={100}
              step={1}
              label={(value) => `${value}%`}
              disabled={!loaded}
              thumbLabel="Failure rate of the demo service, in percent"
              color="red"
              size="sm"
              marks={[{ value: 0 }, { value: 25 }, { value: 50 }, { value: 75 }, { value: 100 }]}
            />
          </Stack>
          <NumberInput
            label="Added latency"
            size="xs"
            w={128}
            suffix=" ms"
            min={0}
            max={30_000}
            step={50}
            value={latencyMs ?? ""}
            disabled={!loaded}
            onChange={(value) => setLatencyMs(typeof value === "number" ? value : 0)}
            onBlur={() => latencyMs !== undefined && void save({ latencyMs })}
            onKeyDown={(event) => event.key === "Enter" && latencyMs !== undefined && void save({ latencyMs })}
          />
          <Text size="xs" c={problem ? "red" : "dimmed"} w={64} aria-live="polite">
            {problem ? "not saved" : saving === "saving" ? "saving…" : saving === "saved" ? "saved" : ""}
          </Text>
        </Group>
      </Group>
      {problem && (
        <Text size="xs" c="red" mt={6} role="alert">
          {problem.title}: {problem.detail}
        </Text>
      )}
    </Paper>
  );
}
