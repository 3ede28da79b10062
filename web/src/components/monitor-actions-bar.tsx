import { Button, Code, Group, Modal, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { MonitorView } from "../api.js";
import { useToken } from "../auth.js";
import { useMonitorWrites } from "../monitor-writes.js";
import { linkTo, navigate } from "../router.js";
import { IconPaused, IconPencil, IconPlay, IconTrash } from "./icons.js";
import { ProblemAlert } from "./problem-alert.js";

/** Edit, pause or resume, delete: each the same change a YAML file and `nines apply` would make. */
export function MonitorActionsBar({ monitor, onChanged }: { monitor: MonitorView; onChanged: () => void }) {
  const writes = useMonitorWrites();
  const signedIn = useToken() !== undefined;
  const [confirming, confirm] = useDisclosure(false);
  const paused = monitor.state === "paused";
  const editPath = `/monitors/${encodeURIComponent(monitor.name)}/edit`;

  async function togglePause() {
    if (await writes.setPaused(monitor.name, !paused)) onChanged();
  }
  async function remove() {
    if (await writes.remove(monitor.name)) navigate("/monitors");
    else confirm.close();
  }

  return (
    <Stack gap="xs" align="flex-end">
      <Group gap="xs" wrap="nowrap">
        <Button
          size="xs"
          variant="default"
          component="a"
          {...linkTo(editPath)}
          leftSection={<IconPencil size={14} />}
          data-testid="monitor-edit"
        >
          Edit
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={paused ? <IconPlay size={14} /> : <IconPaused size={14} />}
          loading={writes.pending === monitor.name && !confirming}
          onClick={togglePause}
          data-testid="monitor-pause"
        >
          {paused ? "Resume" : "Pause"}
        </Button>
        <Button
          size="xs"
          variant="default"
          c="red"
          leftSection={<IconTrash size={14} />}
          onClick={signedIn ? confirm.open : () => void writes.remove(monitor.name)}
          data-testid="monitor-delete"
        >
          Delete
        </Button>
      </Group>
      {writes.failure && (
        <ProblemAlert problem={writes.failure.problem} title={writes.failure.what} onClose={writes.dismiss} />
      )}
      <Modal opened={confirming} onClose={confirm.close} title={`Delete ${monitor.name}?`} size="md">
        <Stack gap="sm">
          <Text size="sm">The monitor stops and its results and state history are deleted. This cannot be undone.</Text>
          <Text size="sm" c="dimmed">
            If a file in version control declares it, remove it there too: the next <Code>nines apply</Code> of that
            file would bring it back.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={confirm.close}>
              Cancel
            </Button>
            <Button
              size="xs"
              color="red"
              leftSection={<IconTrash size={14} />}
              loading={writes.pending === monitor.name}
              onClick={remove}
              data-testid="monitor-delete-confirm"
            >
              Delete monitor
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
