import { Badge, Button, Collapse, Group, Paper, Text, Timeline } from "@mantine/core";
import { useState } from "react";
import type { PageDetailView } from "../api.js";
import { formatAgo, formatTime } from "../format.js";
import { describeLevel, describePageEvent, notifiedPeople, PAGE_STATE_STYLE } from "../page-view.js";
import { LabelChips } from "./label-chips.js";

/** One page: state, level, who was notified, Acknowledge and Resolve, and its timeline. */
export function PageCard({
  page,
  now,
  busy,
  onAcknowledge,
  onResolve,
}: {
  page: PageDetailView;
  now: number;
  busy: string | undefined;
  onAcknowledge: (page: PageDetailView) => void;
  onResolve: (page: PageDetailView) => void;
}) {
  const style = PAGE_STATE_STYLE[page.state] ?? PAGE_STATE_STYLE.triggered;
  const open = page.state !== "resolved";
  const [showTimeline, setShowTimeline] = useState(open);
  const people = notifiedPeople(page.events);
  return (
    <Paper withBorder radius="sm" p="xs" data-testid="page-card" data-state={page.state} data-page={page.id}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Badge
            size="sm"
            radius="sm"
            color={style.color}
            variant={open ? "light" : "default"}
            leftSection={<style.icon size={12} />}
            styles={{ root: { textTransform: "none" } }}
            data-testid="page-state"
          >
            {style.label}
          </Badge>
          <Text fw={600} size="sm">
            #{page.id} {page.title}
          </Text>
        </Group>
        <Group gap="xs">
          {page.state === "triggered" && (
            <Button
              size="compact-xs"
              color="yellow"
              variant="light"
              loading={busy === `ack-${page.id}`}
              onClick={() => onAcknowledge(page)}
              data-testid="acknowledge-page"
            >
              Acknowledge
            </Button>
          )}
          {open && (
            <Button
              size="compact-xs"
              variant="default"
              loading={busy === `resolve-${page.id}`}
              onClick={() => onResolve(page)}
              data-testid="resolve-page"
            >
              Resolve
            </Button>
          )}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {page.policy} · {describeLevel(page)} · opened {formatAgo(page.createdAt, now)}
        {page.nextEscalationAt !== null &&
          page.state === "triggered" &&
          ` · escalates ${page.nextEscalationAt > now ? `at ${formatTime(page.nextEscalationAt, now)}` : "now"}`}
        {page.acknowledgedBy && ` · acknowledged by ${page.acknowledgedBy}`}
        {page.resolvedBy && ` · resolved by ${page.resolvedBy}`}
      </Text>
      <Group gap="xs" mt={4} wrap="wrap">
        <Text size="xs" fw={600}>
          Notified:
        </Text>
        <Text size="xs" data-testid="page-notified">
          {people.length > 0 ? people.join(", ") : "nobody yet"}
        </Text>
      </Group>
      {Object.keys(page.labels).length > 0 && (
        <div style={{ marginTop: 4 }}>
          <LabelChips labels={page.labels} />
        </div>
      )}
      <Button
        size="compact-xs"
        variant="subtle"
        mt={4}
        onClick={() => setShowTimeline((shown) => !shown)}
        aria-expanded={showTimeline}
      >
        {showTimeline ? "Hide timeline" : `Timeline (${page.events.length})`}
      </Button>
      <Collapse expanded={showTimeline}>
        <Timeline bulletSize={12} lineWidth={2} mt="xs" active={page.events.length - 1} data-testid="page-timeline">
          {page.events.map((event) => (
            <Timeline.Item key={event.id} data-event={event.event}>
              <Group gap="xs" wrap="nowrap">
                <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }} title={new Date(event.at).toISOString()}>
                  {formatTime(event.at, now)}
                </Text>
                <Text size="xs">{describePageEvent(event)}</Text>
              </Group>
            </Timeline.Item>
          ))}
        </Timeline>
      </Collapse>
    </Paper>
  );
}
