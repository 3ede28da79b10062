import { Button, Group, Select, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useWrite } from "../use-write.js";
import { ProblemAlert } from "./problem-alert.js";

/** `2026-03-04T09:00` in the viewer's zone, as a datetime-local input shows it. */
export function toLocalInput(at: number): string {
  const date = new Date(at);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Puts someone on call for a time range, over every layer: POST /api/v1/schedules/:name/overrides. */
export function OverrideForm({
  schedule,
  users,
  now,
  onAdded,
}: {
  schedule: string;
  users: string[];
  now: number;
  onAdded: () => void;
}) {
  const hour = 3_600_000;
  const [user, setUser] = useState<string | null>(null);
  const [start, setStart] = useState(() => toLocalInput(Math.ceil(now / hour) * hour));
  const [end, setEnd] = useState(() => toLocalInput(Math.ceil(now / hour) * hour + 8 * hour));
  const [note, setNote] = useState("");
  const { run, pending, failure, dismiss } = useWrite();
  const startAt = Date.parse(start);
  const endAt = Date.parse(end);
  const rangeError =
    Number.isFinite(startAt) && Number.isFinite(endAt) && endAt <= startAt ? "ends before it starts" : undefined;
  const valid = user !== null && Number.isFinite(startAt) && Number.isFinite(endAt) && !rangeError;

  async function submit() {
    if (!valid || user === null) return;
    const ok = await run("override", "Could not add the override", (client) =>
      client.addOverride(schedule, {
        user,
        start: new Date(startAt).toISOString(),
        end: new Date(endAt).toISOString(),
        ...(note.trim() && { note: note.trim() }),
      }),
    );
    if (ok) {
      setNote("");
      onAdded();
    }
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      data-testid="override-form"
      aria-label="Add override"
    >
      <Stack gap="xs">
        {failure && <ProblemAlert problem={failure.problem} title={failure.what} onClose={dismiss} />}
        <Group align="flex-end" gap="xs" wrap="wrap">
          <Select
            label="Who"
            data={users}
            value={user}
            onChange={setUser}
            placeholder="a User"
            searchable
            size="xs"
            w={180}
            data-testid="override-user"
          />
          <TextInput
            label="From"
            type="datetime-local"
            value={start}
            onChange={(event) => setStart(event.currentTarget.value)}
            size="xs"
            data-testid="override-start"
          />
          <TextInput
            label="Until"
            type="datetime-local"
            value={end}
            onChange={(event) => setEnd(event.currentTarget.value)}
            error={rangeError}
            size="xs"
            data-testid="override-end"
          />
          <TextInput
            label="Note"
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            placeholder="covering for a day off"
            size="xs"
            w={220}
          />
          <Button
            type="submit"
            size="xs"
            disabled={!valid}
            loading={pending === "override"}
            data-testid="override-submit"
          >
            Add override
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
