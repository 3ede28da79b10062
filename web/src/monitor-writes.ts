import { useMemo } from "react";
import type { Document } from "./api.js";
import { PAUSED_KEY } from "./monitor-fields.js";
import { useWrite } from "./use-write.js";

/** The stored document with `spec.paused` set: the same change as editing the YAML and applying it. */
export function withPaused(document: Document, paused: boolean): Document {
  return { ...document, spec: { ...document.spec, [PAUSED_KEY]: paused } };
}

/**
 * Pause, resume and delete, through `apply` and `delete` like the CLI, as writes of `useWrite`:
 * without a token they open the sign-in dialog instead; a rejected token opens it again.
 */
export function useMonitorWrites() {
  const { run, pending, failure, dismiss } = useWrite();

  // Stable functions, so rows that take them as props can skip re-rendering.
  const actions = useMemo(
    () => ({
      dismiss,
      setPaused: (name: string, paused: boolean) =>
        run(name, `Could not ${paused ? "pause" : "resume"} ${name}`, async (client) => {
          const document = await client.getObject("Monitor", name);
          await client.apply({ documents: [withPaused(document, paused)] });
        }),
      remove: (name: string) => run(name, `Could not delete ${name}`, (client) => client.deleteObject("Monitor", name)),
    }),
    [run, dismiss],
  );
  return { pending, failure, ...actions };
}
