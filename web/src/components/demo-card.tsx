import "../styles/mantine-pages.css";
import { Badge, Group, NumberInput, Paper, Slider, Stack, Text } from "@mantine/core";
import { useCallback, useEffect, useId, useState } from "react";
import { client, type DemoControl, type Problem, toProblem } from "../api.js";
import { IconFlask } from "./icons.js";

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "failed"; problem: Problem };

/**
 * Knobs of the built-in demo service (the target of the demo monitors), so a visitor can break it
 * and watch the monitors notice. Only shown when the server runs with --demo.
 */
export function DemoCard() {
  const [stored, setStored] = useState<DemoControl | undefined>();
  const [failurePercent, setFailurePercent] = useState(0);
  const [latencyMs, setLatencyMs] = useState(0);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const id = useId();

  const show = useCallback((control: DemoControl) => {
    setStored(control);
    // Tenths of a percent: the shop's default (0.2%) is below one.
    setFailurePercent(Math.round(control.failureRate * 1000) / 10);
    setLatencyMs(control.latencyMs);
  }, []);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    async function load() {
      try {
        const control = await client.getDemo();
        if (!stopped) show(control);
      } catch {
        // The page's own error banner explains an unreachable server; just try again.
        if (!stopped) timer = setTimeout(load, 5000);
      }
    }
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [show]);

  async function write(change: Partial<DemoControl>) {
    if (!stored || Object.entries(change).every(([key, value]) => stored[key as keyof DemoControl] === value)) return;
    setSave({ kind: "saving" });
    try {
      show(await client.setDemo(change));
      setSave({ kind: "saved" });
    } catch (error) {
      setSave({ kind: "failed", problem: toProblem(error) });
    }
  }

  const loaded = stored !== undefined;
  return (
    <Paper
      component="section"
      aria-labelledby={`${id}-title`}
      withBorder
      p="sm"
      radius="sm"
      data-testid="demo-card"
      style={{ borderStyle: "dashed" }}
    >
      <Group justify="space-between" align="flex-start" gap="lg" wrap="wrap">
        <Stack gap={2} maw={360}>
          <Group gap={6}>
            <IconFlask size={16} />
            <Text fw={600} size="sm" id={`${id}-title`}>
              Demo service
            </Text>
            <Badge size="xs" variant="outline" color="grape">
              demo target
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            Controls the built-in service that the demo monitors check, not a real system. Make it fail or slow down and
            watch the monitors react.
          </Text>
        </Stack>
        <Group gap="xl" align="flex-end" wrap="wrap" style={{ flex: "1 1 360px" }} justify="flex-end">
          <Stack gap={4} style={{ flex: "1 1 220px" }} maw={320}>
            <Group justify="space-between">
              <Text size="xs" fw={500} id={`${id}-rate`}>
                Failure rate
              </Text>
              <Text size="xs" c="dimmed" data-testid="demo-failure-rate">
                {loaded ? `${failurePercent}% of requests fail` : "loading…"}
              </Text>
            </Group>
            <Slider
              aria-labelledby={`${id}-rate`}
              thumbLabel="Failure rate of the demo service, in percent"
              value={failurePercent}
              onChange={setFailurePercent}
              onChangeEnd={(value) => void write({ failureRate: value / 100 })}
              min={0}
              max={100}
              step={0.1}
              label={(value) => `${value}%`}
              disabled={!loaded}
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
            hideControls
            min={0}
            max={30_000}
            step={50}
            value={latencyMs}
            disabled={!loaded}
            onChange={(value) => setLatencyMs(typeof value === "number" ? value : 0)}
            onBlur={() => void write({ latencyMs })}
            onKeyDown={(event) => event.key === "Enter" && void write({ latencyMs })}
          />
          <Text size="xs" c={save.kind === "failed" ? "red" : "dimmed"} w={64} aria-live="polite">
            {save.kind === "saving"
              ? "saving…"
              : save.kind === "saved"
                ? "saved"
                : save.kind === "failed"
                  ? "not saved"
                  : ""}
          </Text>
        </Group>
      </Group>
      {save.kind === "failed" && (
        <Text size="xs" c="red" mt={6} role="alert">
          {save.problem.title}: {save.problem.detail}
        </Text>
      )}
    </Paper>
  );
}
