import { useCallback, useMemo, useState } from "react";
import { type Document, type Problem, toProblem, useWriteClient } from "./api.js";
import { requestSignIn } from "./auth.js";
import { PAUSED_KEY } from "./monitor-fields.js";

/** The stored document with `spec.paused` set: the same change as editing the YAML and applying it. */
export function withPaused(document: Document, paused: boolean): Document {
  return { ...document, spec: { ...document.spec, [PAUSED_KEY]: paused } };
}

export interface WriteFailure {
  what: string;
  problem: Problem;
}

/**
 * Pause, resume and delete, through `apply` and `delete` like the CLI. Without a token they open
 * the sign-in dialog instead; a rejected token opens it again.
 */
export function useMonitorWrites() {
  const write = useWriteClient();
  const [pending, setPending] = useState<string | undefined>();
  const [failure, setFailure] = useState<WriteFailure | undefined>();

  const run = useCallback(
    async (name: string, what: string, action: (client: NonNullable<typeof write>) => Promise<unknown>) => {
      if (!write) {
        requestSignIn();
        return false;
      }
      setPending(name);
      setFailure(undefined);
      try {
        await action(write);
        return true;
      } catch (error) {
        const problem = toProblem(error);
        if (problem.status === 401) requestSignIn();
        setFailure({ what, problem });
        return false;
      } finally {
        setPending(undefined);
      }
    },
    [write],
  );

  // Stable functions, so rows that take them as props can skip re-rendering.
  const actions = useMemo(
    () => ({
      dismiss: () => setFailure(undefined),
      setPaused: (name: string, paused: boolean) =>
        run(name, `Could not ${paused ? "pause" : "resume"} ${name}`, async (client) => {
          const document = await client.getObject("Monitor", name);
          await client.apply({ documents: [withPaused(document, paused)] });
        }),
      remove: (name: string) => run(name, `Could not delete ${name}`, (client) => client.deleteObject("Monitor", name)),
    }),
    [run],
  );
  return { pending, failure, ...actions };
}
