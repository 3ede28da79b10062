import type { Command } from "commander";
import { ApiError, type Client, createClient } from "../client/index.js";
import { formatIssue } from "../core/errors.js";
import { CliError, type CliIo } from "./io.js";

export const DEFAULT_SERVER = "http://localhost:9999";

/** The client for commands that talk to a server: `--server`/NINES_SERVER, `--token`/NINES_TOKEN. */
export function connect(command: Command, io: CliIo): Client {
  const options = command.optsWithGlobals<{ server?: string; token?: string }>();
  const baseUrl = options.server ?? io.env.NINES_SERVER ?? DEFAULT_SERVER;
  return createClient({ baseUrl, token: options.token ?? io.env.NINES_TOKEN });
}

/** Turns an API problem into the CLI's one-message error, listing validation issues one per line. */
export function describeApiError(error: unknown): never {
  if (error instanceof ApiError) {
    const { problem } = error;
    const issues = problem.issues?.map((issue) => `  ${formatIssue(issue)}`).join("\n");
    const hint =
      problem.status === 401
        ? "\n  (set NINES_TOKEN or pass --token; create one with `nines token create --name NAME --role ROLE`)"
        : problem.status === 403
          ? "\n  (this token's role is too small; `nines token create --role` makes one with a larger role)"
          : "";
    throw new CliError(
      `${problem.status ? `${problem.title} (${problem.status}): ` : ""}${problem.detail}${issues ? `\n${issues}` : ""}${hint}`,
    );
  }
  throw error;
}
