import { Alert, Button, Group, Text } from "@mantine/core";
import type { Problem } from "../api.js";
import { requestSignIn } from "../auth.js";
import { IconAlert, IconLock } from "./icons.js";

/** A failed request, as the server described it, and what the page does about it. */
export function ProblemAlert({
  problem,
  retrying,
  title,
  onClose,
}: {
  problem: Problem;
  retrying?: string;
  /** What failed, in the page's words; the server's title otherwise. */
  title?: string;
  onClose?: () => void;
}) {
  // No token, or one the server no longer knows: not a failure to alarm anyone with, a sign-in.
  if (problem.status === 401) {
    return (
      <Alert
        color="blue"
        variant="light"
        icon={<IconLock size={18} />}
        title="Sign in to see this"
        data-testid="sign-in-needed"
      >
        <Text size="sm">{problem.detail}</Text>
        <Button size="compact-xs" mt="xs" onClick={requestSignIn}>
          Sign in
        </Button>
      </Alert>
    );
  }
  const status = problem.status ? ` (${problem.status})` : "";
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlert size={18} />}
      title={title ? `${title}: ${problem.title}${status}` : `${problem.title}${status}`}
      role="alert"
      data-testid="problem"
      withCloseButton={onClose !== undefined}
      onClose={onClose}
      closeButtonLabel="Dismiss"
    >
      {problem.detail && <Text size="sm">{problem.detail}</Text>}
      {problem.issues?.map((issue) => (
        <Text key={`${issue.path}:${issue.message}`} size="xs" ff="monospace">
          {issue.path}: {issue.message}
        </Text>
      ))}
      {problem.status === 409 && (
        // The server refused to overwrite a newer version (or a concurrent create or delete).
        <Group gap="xs" mt={6}>
          <Text size="sm" fw={500}>
            Changed by someone else: reload to see the current version, then edit again.
          </Text>
          <Button size="compact-xs" variant="light" color="red" onClick={() => window.location.reload()}>
            Reload
          </Button>
        </Group>
      )}
      {retrying && (
        <Text size="xs" c="dimmed" mt={4}>
          {retrying}
        </Text>
      )}
    </Alert>
  );
}
