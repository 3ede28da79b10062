import { Anchor, Text } from "@mantine/core";
import { requestSignIn, useToken } from "../auth.js";
import { IconLock } from "./icons.js";

/** Says that reads are open to anyone (`--anonymous-read`, which the demo turns on). */
export function ReadAccessNotice() {
  const token = useToken();
  return (
    <Text size="xs" c="dimmed" mb="sm" data-testid="anonymous-read-notice">
      <IconLock size={12} style={{ verticalAlign: "-2px", marginRight: 4 }} />
      Anyone who can reach this server can read it (demo mode)
      {token ? "." : "; "}
      {!token && (
        <Anchor component="button" type="button" size="xs" onClick={requestSignIn}>
          sign in to edit
        </Anchor>
      )}
    </Text>
  );
}
