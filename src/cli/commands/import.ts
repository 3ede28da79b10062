import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import {
  type AlertmanagerImport,
  formatAlertmanagerImport,
  importAlertmanager,
} from "../../alerts/import-alertmanager.js";
import { formatImport, type ImportOptions, type ImportResult } from "../../slo/import-common.js";
import { importPyrra } from "../../slo/import-pyrra.js";
import { importSloth } from "../../slo/import-sloth.js";
import { parsePrometheusConnection } from "../../slo/prometheus-connection.js";
import { CliError, type CliIo } from "../io.js";

/**
 * `nines import sloth FILE` and `nines import pyrra FILE`: other tools' SLO specs as OpenSLO YAML on
 * standard output, for `nines apply -f`; `nines import alertmanager FILE`: an Alertmanager config
 * as Routes, Receivers, InhibitRules and TimeIntervals. What can't be converted is named on
 * standard error, and the exit code is 1 then, while the rest is still printed.
 */
export function registerImportCommands(program: Command, io: CliIo) {
  const command = program
    .command("import")
    .description("convert Sloth or Pyrra SLO specs, or an Alertmanager config, into Nines YAML (printed, not applied)");

  const shared = (sub: Command) =>
    sub
      .option("--datasource <name>", "read the queries through this DataSource (metricSourceRef)")
      .option(
        "--prometheus-url <url>",
        "also write the DataSource, for this Prometheus (name: --datasource or prometheus)",
      )
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  shared(
    command
      .command("sloth")
      .description("convert a Sloth spec (prometheus/v1, or a sloth.slok.dev/v1 PrometheusServiceLevel)")
      .argument("<file>", "the Sloth YAML file")
      .option("--window <duration>", "the SLOs' window (Sloth's default period is 30d)", "30d"),
  ).action((file: string, options: ImportOptions & { window: string }) =>
    print(io, file, importSloth(readInput(file), { ...dataSourceOptions(options), window: options.window })),
  );

  shared(
    command
      .command("pyrra")
      .description("convert Pyrra ServiceLevelObjectives (pyrra.dev/v1alpha1)")
      .argument("<file>", "the Pyrra YAML file")
      .option("--service <name>", "the Service of every SLO (default: the namespace)"),
  ).action((file: string, options: ImportOptions & { service?: string }) =>
    print(io, file, importPyrra(readInput(file), { ...dataSourceOptions(options), service: options.service })),
  );

  command
    .command("alertmanager")
    .description("convert an alertmanager.yml: its route tree, receivers, inhibit rules and time intervals")
    .argument("<file>", "the Alertmanager config file")
    .option("-o, --output <file>", "write the documents to this file instead of standard output")
    .option("--secret <name>", "the Secret the credentials are referred to in", "alertmanager")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action((file: string, options: { output?: string; secret: string }) =>
      printAlertmanager(io, file, importAlertmanager(readInput(file), { secretName: options.secret }), options.output),
    );
}

function printAlertmanager(io: CliIo, file: string, result: AlertmanagerImport, output: string | undefined): void {
  for (const warning of result.warnings) io.stderr(`${file}: ${warning}\n`);
  for (const reason of result.refused) io.stderr(`${file}: ${reason}\n`);
  if (result.secretKeys.length > 0) {
    const width = Math.max(...result.secretKeys.map(({ key }) => key.length));
    io.stderr(
      `${file}: the credentials are not copied; create the Secret "${result.secretName}" with these keys (values from ${file}):\n` +
        result.secretKeys.map(({ key, from }) => `  ${key.padEnd(width)}  ${from}\n`).join(""),
    );
  }
  if (result.documents.length > 0) {
    const text = formatAlertmanagerImport(result);
    if (output === undefined) io.stdout(text);
    else
      try {
        writeFileSync(output, text);
      } catch (error) {
        throw new CliError(
          `can't write ${output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
  }
  if (result.refused.length > 0)
    throw new CliError(
      `${result.refused.length} not imported${result.documents.length ? `; the ${result.documents.length} documents converted are ${output ? `in ${output}` : "printed"}` : ""}`,
    );
}

function readInput(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`can't read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function dataSourceOptions(options: ImportOptions): ImportOptions {
  if (options.prometheusUrl === undefined) return { dataSource: options.dataSource };
  const parsed = parsePrometheusConnection({ url: options.prometheusUrl });
  if (!parsed.ok) throw new CliError(`--prometheus-url: ${parsed.error}`, 2);
  return { dataSource: options.dataSource ?? "prometheus", prometheusUrl: options.prometheusUrl };
}

function print(io: CliIo, file: string, result: ImportResult): void {
  for (const warning of result.warnings) io.stderr(`${file}: ${warning}\n`);
  for (const { slo, reason } of result.refused) io.stderr(`${file}: ${slo} not imported: ${reason}\n`);
  const converted = result.documents.filter((document) => document.kind === "SLO").length;
  if (converted > 0) io.stdout(formatImport(result));
  if (result.refused.length > 0)
    throw new CliError(
      `${result.refused.length} not imported${converted ? `; the ${converted} SLO${converted === 1 ? "" : "s"} converted are printed` : ""}`,
    );
  if (converted === 0) throw new CliError(`${file} holds no SLO`);
}
