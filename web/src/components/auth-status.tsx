import { Button, Menu, Tooltip } from "@mantine/core";
import { requestSignIn, setToken, useToken } from "../auth.js";
import { IconKey, IconLock, IconLogout } from "./icons.js";

/** "read-only" until a token is given; then "signed in", with a way out. */
export function AuthStatus() {
  const token = useToken();
  if (!token) {
    return (
      <Tooltip label="Sign in with an API token to create, edit and pause monitors" openDelay={300}>
        <Button
          variant="default"
          size="compact-xs"
          leftSection={<IconLock size={12} />}
          onClick={requestSignIn}
          data-testid="auth-status"
          data-signed-in="false"
        >
          read-only
        </Button>
      </Tooltip>
    );
  }
  return (
    <Menu position="bottom-end" shadow="md" width={220}>
      <Menu.Target>
        <Button
          variant="light"
          size="compact-xs"
          leftSection={<IconKey size={12} />}
          data-testid="auth-status"
          data-signed-in="true"
        >
          signed in
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {/* The server shows the same prefix in `nines token list`, so people can tell tokens apart. */}
        <Menu.Label>Token {token.slice(0, 12)}…</Menu.Label>
        <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => setToken(undefined)}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
