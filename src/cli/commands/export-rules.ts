import type { Command } from "commander";
import type { NinesDocument } from "../../config/document.js";
import { loadFiles } from "../../config/load.js";
import { formatIssue } from "../../core/errors.js";
import { KINDS } from "../../kinds.js";
import { buildPrometheusRules, formatPrometheusRules } from "../../slo/prometheus-rules.js";
import { connect, describeApiError } from "../connection.js";
import { CliError, type CliIo } from "../io.js";

/**
 * `nines export prometheus-rules`: the SLOs' recording and burn-rate alerting rules as a Prometheus
 * rule file, from files (-f) or from what the server stores. A subcommand of `export`, which keeps
 * its own `export [kind]`.
 */
export function registerExportRulesCommand(program: Command, io: CliIo) {
  const exportCommand = program.commands.find((command) => command.name() === "export");
  if (!exportCommand) throw new Error("register the export command before its prometheus-rules subcommand");
  exportCommand
    .command("prometheus-rules")
    .description(
      "print Prometheus recording rules and multiwindow burn-rate alerts for the SLOs whose SLI is a ratio of Prometheus counters",
    )
    .option("-f, --file <paths...>", "read the SLOs from these files or directories instead of the server")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action(async (options: { file?: string[] }, command: Command) => {
      const documents = options.file ? loadOrFail(options.file, io) : await readStored(command, io);
      const rules = buildPrometheusRules(documents);
      for (const { slo, reason } of rules.skipped) io.stderr(`skipped SLO ${slo}: ${reason}\n`);
      if (rules.groups.length === 0)
        throw new CliError(
          documents.some((document) => document.kind === "SLO")
            ? "no SLO has an SLI that is a ratio of Prometheus counters; nothing to export"
            : "no SLO found",
        );
      io.stdout(formatPrometheusRules(rules));
    });
}

function loadOrFail(paths: string[], io: CliIo): NinesDocument[] {
  const { documents, issues } = loadFiles(paths, { env: io.env, kinds: KINDS });
  if (issues.length) {
    io.stderr(issues.map((issue) => `${formatIssue(issue)}\n`).join(""));
    throw new CliError(`${issues.length} problem${issues.length === 1 ? "" : "s"} found; nothing was exported`);
  }
  return documents.map((loaded) => loaded.document);
}

async function readStored(command: Command, io: CliIo): Promise<NinesDocument[]> {
  const { items } = await connect(command, io).listObjects().catch(describeApiError);
  return items as NinesDocument[];
}
