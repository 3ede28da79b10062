import { useCallback, useState } from "react";
import { type Client, type Problem, toProblem, useWriteClient } from "./api.js";
import { requestSignIn } from "./auth.js";

export interface WriteFailure {
  what: string;
  problem: Problem;
}

/**
 * One write of a responder (acknowledge, expire, retry, add an override): without a token it opens
 * the sign-in dialog instead, and a rejected token opens it again. `pending` names the write under
 * way, so its button can spin; `failure` says what failed, in the page's words.
 */
export function useWrite() {
  const write = useWriteClient();
  const [pending, setPending] = useState<string | undefined>();
  const [failure, setFailure] = useState<WriteFailure | undefined>();

  const run = useCallback(
    async (key: string, what: string, action: (client: Client) => Promise<unknown>): Promise<boolean> => {
      if (!write) {
        requestSignIn();
        return false;
      }
      setPending(key);
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
  const dismiss = useCallback(() => setFailure(undefined), []);
  return { run, pending, failure, dismiss, signedIn: write !== undefined };
}
