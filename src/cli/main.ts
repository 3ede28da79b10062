import { Command, CommanderError } from "commander";
import { formatIssue, NinesError } from "../core/errors.js";
import { VERSION } from "../server/paths.js";
import { registerAuditCommands } from "./commands/audit.js";
import { registerConfigCommands } from "./commands/config.js";
import { registerDescribeCommand } from "./commands/describe.js";
import { registerExportRulesCommand } from "./commands/export-rules.js";
import { registerGetCommand } from "./commands/get.js";
import { registerImportCommands } from "./commands/import.js";
import { registerPageCommands } from "./commands/page.js";
import { registerProbeCommand } from "./commands/probe.js";
import { registerSecretCommands } from "./commands/secret.js";
import { registerServerCommand } from "./commands/server.js";
import { registerSloCommands } from "./commands/slo.js";
import { registerTokenCommands } from "./commands/token.js";
import { CliError, type CliIo, processIo } from "./io.js";

export function buildProgram(io: CliIo): Command {
  const program = new Command("nines")
    .description("Nines: probes, SLOs, alerts, on-call, incidents and status pages, declared as code.")
    .version(VERSION)
    .option("--server <url>", "the Nines server the command talks to (env NINES_SERVER, default http://localhost:9999)")
    .option("--token <token>", "API token for writes (env NINES_TOKEN)")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerServerCommand(program, io);
  registerConfigCommands(program, io);
  registerExportRulesCommand(program, io);
  registerImportCommands(program, io);
  registerGetCommand(program, io);
  registerDescribeCommand(program, io);
  registerSloCommands(program, io);
  registerTokenCommands(program, io);
  registerSecretCommands(program, io);
  registerProbeCommand(program, io);
  registerAuditCommands(program, io);
  registerPageCommands(program, io);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      io.stderr(`nines: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof NinesError) {
      io.stderr(`nines: ${error.message}\n${error.issues.map((issue) => `  ${formatIssue(issue)}\n`).join("")}`);
      return 1;
    }
    io.stderr(`nines: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Entry point of `bin/nines.js`. Servers keep running; other commands exit with their code. */
export async function run(argv: string[]): Promise<void> {
  // A reader that went away (`nines get monitors | head -1`, a log pipe that closed) must not
  // turn every later write into an error that keeps the process from finishing or shutting down.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
  const code = await runCli(argv.slice(2));
  if (code !== 0 || argv[2] !== "server") process.exitCode = code;
}
