import { Group, Loader, Text } from "@mantine/core";
import { formatAgo } from "../format.js";
import { useNow } from "../use-now.js";

/** "updated 3 s ago", so an operator can tell live data from a page that stopped refreshing. */
export function UpdatedAgo({ updatedAt, failing }: { updatedAt: number | undefined; failing?: boolean }) {
  const now = useNow();
  return (
    <Group gap={6} wrap="nowrap" data-testid="updated-ago">
      {updatedAt === undefined && !failing && <Loader size={10} type="oval" aria-hidden="true" />}
      <Text size="xs" c={failing ? "red" : "dimmed"} aria-live="off">
        {updatedAt === undefined ? (failing ? "not loaded" : "loading…") : `updated ${formatAgo(updatedAt, now)}`}
      </Text>
    </Group>
  );
}
