import { formatAgo } from "../format.js";
import { useNow } from "../use-now.js";

/** "12 s ago", counting on its own, so a table row around it need not re-render every second. */
export function TimeAgo({ at, never = "never" }: { at: number | null; never?: string }) {
  const now = useNow();
  return <>{at === null ? never : formatAgo(at, now)}</>;
}
