import { runCli } from "../../src/cli/main.js";

/** Runs `nines ARGS` in-process with `env` as its whole environment; returns exit code and output. */
export async function runNines(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
  });
  return { code, stdout, stderr };
}
