import { Badge, Button, Table, Text } from "@mantine/core";
import { formatMatchers, shortId } from "../alert-view.js";
import type { GettableSilence, SilenceStateView } from "../api.js";
import { formatAgo, formatTime } from "../format.js";
import { IconPaused, IconPending, IconUp } from "./icons.js";

const STATE: Record<SilenceStateView, { label: string; color: string; icon: typeof IconUp }> = {
  active: { label: "Active", color: "blue", icon: IconPaused },
  pending: { label: "Pending", color: "gray", icon: IconPending },
  expired: { label: "Expired", color: "gray", icon: IconUp },
};

const ORDER: Record<SilenceStateView, number> = { active: 0, pending: 1, expired: 2 };

/** Silences, active first, then pending, then expired; active and pending ones can be expired. */
export function SilenceTable({
  silences,
  now,
  expiring,
  onExpire,
}: {
  silences: GettableSilence[];
  now: number;
  expiring: string | undefined;
  onExpire: (silence: GettableSilence) => void;
}) {
  if (silences.length === 0)
    return (
      <Text size="sm" c="dimmed" py="sm" data-testid="silences-empty">
        No silences. Silence a group from the Alerts tab, or keep recurring ones as code (kind RecurringSilence).
      </Text>
    );
  const sorted = [...silences].sort(
    (a, b) => ORDER[a.status.state] - ORDER[b.status.state] || Date.parse(b.endsAt) - Date.parse(a.endsAt),
  );
  return (
    <Table.ScrollContainer minWidth={760} type="native">
      <Table withTableBorder verticalSpacing={4} horizontalSpacing="sm" fz="sm" aria-label="Silences">
        <Table.Thead>
          <Table.Tr>
            {["State", "Matchers", "Starts", "Ends", "By", "Comment", ""].map((heading) => (
              <Table.Th key={heading} fz="xs" fw={600} c="dimmed">
                {heading}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((silence) => {
            const state = STATE[silence.status.state] ?? STATE.expired;
            const ends = Date.parse(silence.endsAt);
            return (
              <Table.Tr
                key={silence.id}
                data-testid="silence-row"
                data-state={silence.status.state}
                data-id={silence.id}
              >
                <Table.Td>
                  <Badge
                    size="sm"
                    radius="sm"
                    color={state.color}
                    variant={silence.status.state === "active" ? "light" : "default"}
                    leftSection={<state.icon size={12} />}
                    styles={{ root: { textTransform: "none" } }}
                    title={silence.id}
                  >
                    {state.label}
                  </Badge>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {shortId(silence.id)}
                  </Text>
                </Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {formatMatchers(silence.matchers)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{formatTime(Date.parse(silence.startsAt), now)}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  {formatTime(ends, now)}
                  <Text size="xs" c="dimmed">
                    {ends > now ? `in ${formatAgo(now, ends).replace(" ago", "")}` : formatAgo(ends, now)}
                  </Text>
                </Table.Td>
                <Table.Td>{silence.createdBy}</Table.Td>
                <Table.Td>{silence.comment}</Table.Td>
                <Table.Td ta="right">
                  {silence.status.state !== "expired" && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      color="red"
                      loading={expiring === silence.id}
                      onClick={() => onExpire(silence)}
                      data-testid="expire-silence"
                    >
                      Expire
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
