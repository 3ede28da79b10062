import "../styles/mantine-pages.css";
import { Button, Code, Group, Modal, PasswordInput, Stack, Text } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { createClient } from "../../../src/client/index.js";
import { toProblem } from "../api.js";
import { dismissSignIn, setToken, useSignInWanted } from "../auth.js";

/**
 * Asks for an API token, checks it against the server (any role may read `/api/v1/info`), and
 * keeps it in this browser. Opened from the header, by a write without a token, or by a read
 * the server refuses without one.
 */
export function SignInDialog() {
  const opened = useSignInWanted();
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [checking, setChecking] = useState(false);

  function close() {
    setValue("");
    setError(undefined);
    dismissSignIn();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const token = value.trim();
    if (!token) return setError("Paste the token that `nines token create` printed.");
    setChecking(true);
    setError(undefined);
    try {
      await createClient({ baseUrl: "", token }).info();
      setToken(token);
      setValue("");
    } catch (failure) {
      const problem = toProblem(failure);
      setError(problem.status === 401 ? "The server does not know this token (revoked or mistyped?)." : problem.detail);
    } finally {
      setChecking(false);
    }
  }

  return (
    <Modal opened={opened} onClose={close} title="Sign in with an API token" size="md" data-testid="sign-in-dialog">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            Reading this server needs an API token of role viewer, unless it runs in demo mode; creating, editing,
            pausing and deleting monitors needs one of role editor. Create one on the server's machine:
          </Text>
          <Code block fz="xs">
            npx nines token create --name me --role editor
          </Code>
          <PasswordInput
            label="API token"
            placeholder="nines_…"
            autoComplete="off"
            data-autofocus
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
            error={error}
            errorProps={{ role: "alert" }}
            data-testid="token-input"
          />
          <Text size="xs" c="dimmed">
            The token stays in this browser's local storage and is sent only to this server. Sign out to remove it.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={checking} data-testid="sign-in-submit">
              Sign in
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
