import { Button, Code, Group, Modal, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { parseDuration } from "../../../src/core/duration.js";
import { formatMatchers, parseMatchers } from "../alert-view.js";
import { useWrite } from "../use-write.js";
import { ProblemAlert } from "./problem-alert.js";

export interface SilenceDraft {
  /** Matchers as `{name="value", ...}`. */
  filter: string;
  duration?: string;
  comment?: string;
}

/**
 * Makes a silence through Alertmanager's API (POST /api/v2/silences), as amtool does: matchers, a
 * duration from now, who and why. The equivalent amtool command is shown under the form.
 */
export function SilenceForm({
  draft,
  onClose,
  onCreated,
}: {
  draft: SilenceDraft | undefined;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  return (
    <Modal opened={draft !== undefined} onClose={onClose} title="New silence" size="lg">
      {draft && <SilenceFields draft={draft} onCreated={onCreated} onCancel={onClose} />}
    </Modal>
  );
}

function SilenceFields({
  draft,
  onCreated,
  onCancel,
}: {
  draft: SilenceDraft;
  onCreated: (id: string) => void;
  onCancel: () => void;
}) {
  const [filter, setFilter] = useState(draft.filter);
  const [duration, setDuration] = useState(draft.duration ?? "2h");
  const [comment, setComment] = useState(draft.comment ?? "");
  const [createdBy, setCreatedBy] = useState(() => localStorage.getItem("nines-silence-author") ?? "");
  const { run, pending, failure, dismiss } = useWrite();

  const read = parseMatchers(filter);
  const durationMs = parseDuration(duration.trim());
  const matcherError = !read.ok ? read.error : read.matchers.length === 0 ? "expected at least one matcher" : undefined;
  const durationError =
    durationMs === undefined || durationMs <= 0 ? "expected a duration such as 30m, 2h or 1d" : undefined;
  const commentError = comment.trim() === "" ? "say why, for whoever finds this silence" : undefined;
  const valid = !matcherError && !durationError && !commentError && createdBy.trim() !== "";

  async function submit() {
    if (!read.ok || durationMs === undefined) return;
    const startsAt = Date.now();
    let id = "";
    const author = createdBy.trim();
    const ok = await run("silence", "Could not create the silence", async (client) => {
      const answer = await client.createSilence({
        matchers: read.matchers,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + durationMs).toISOString(),
        createdBy: author,
        comment: comment.trim(),
      });
      id = answer.silenceID;
    });
    if (ok) {
      localStorage.setItem("nines-silence-author", author);
      onCreated(id);
    }
  }

  const amtool = read.ok
    ? `amtool silence add --duration=${duration.trim() || "2h"} --author=${JSON.stringify(createdBy.trim() || "you")} --comment=${JSON.stringify(comment.trim())} ${read.matchers.map((matcher) => `'${formatMatchers([matcher]).slice(1, -1)}'`).join(" ")}`
    : undefined;

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) void submit();
      }}
      data-testid="silence-form"
      aria-label="New silence"
    >
      <Stack gap="sm">
        {failure && <ProblemAlert problem={failure.problem} title={failure.what} onClose={dismiss} />}
        <Textarea
          label="Matchers"
          description='Alerts matching all of these are silenced: name="value", name=~"regex", name!="value".'
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
          error={filter.trim() !== "" && matcherError}
          autosize
          minRows={2}
          ff="monospace"
          data-testid="silence-matchers"
          data-autofocus
        />
        <Group grow align="flex-start">
          <TextInput
            label="Duration"
            description="From now"
            value={duration}
            onChange={(event) => setDuration(event.currentTarget.value)}
            error={durationError}
            data-testid="silence-duration"
          />
          <TextInput
            label="Created by"
            value={createdBy}
            onChange={(event) => setCreatedBy(event.currentTarget.value)}
            placeholder="your name"
            data-testid="silence-author"
          />
        </Group>
        <Textarea
          label="Comment"
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          placeholder="Deploying the cart; expected restarts"
          autosize
          minRows={2}
          data-testid="silence-comment"
        />
        {amtool && (
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              The same from a terminal:
            </Text>
            <Code block fz="xs" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
              {amtool}
            </Code>
          </Stack>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" disabled={!valid} loading={pending === "silence"} data-testid="silence-submit">
            Create silence
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
