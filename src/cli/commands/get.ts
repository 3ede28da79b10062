import type { Command } from "commander";
import { stringify } from "yaml";
import type { Client } from "../../client/index.js";
import type { Document, MonitorView } from "../../client/types.js";
import { toYaml } from "../../config/export.js";
import { formatDuration } from "../../core/duration.js";
import { KINDS } from "../../kinds.js";
import { connect, describeApiError } from "../connection.js";
import { type CliIo, formatAge, formatTable } from "../io.js";
import { formatSloTable } from "../slo-report.js";
import { outputOption, requireKnownKind } from "./config.js";
import { PAGE_ARGUMENTS, printPages } from "./page.js";

type Output = "table" | "yaml" | "json";

export function registerGetCommand(program: Command, io: CliIo) {
  program
    .command("get")
    .description(
      "list objects of a kind, or show one (monitors also show state and uptime, SLOs their budget); `get pages` lists pages",
    )
    .argument("<kind>", "a kind, plural or alias: monitors, slos, services ...; or pages")
    .argument("[name]", "one object's name (a page's id)")
    .addOption(outputOption())
    .action(async (kindName: string, name: string | undefined, options: { output: Output }, command: Command) => {
      if (PAGE_ARGUMENTS.includes(kindName.toLowerCase()))
        return printPages(connect(command, io), io, name, options.output);
      const kind = requireKnownKind(kindName);
      const client = connect(command, io);
      const documents = name
        ? [await client.getObject(kind, name).catch(describeApiError)]
        : (await client.listObjects(kind).catch(describeApiError)).items;
      if (options.output === "yaml") {
        io.stdout(toYaml(documents as Parameters<typeof toYaml>[0], KINDS.names()));
      } else if (options.output === "json") {
        io.stdout(`${JSON.stringify(name ? documents[0] : { items: documents }, null, 2)}\n`);
      } else if (kind === "Monitor") {
        io.stdout(await formatMonitors(client, name));
      } else if (kind === "SLO") {
        io.stdout(await formatSlos(client, name));
      } else if (documents.length === 0) {
        io.stdout(`No ${kind} objects.\n`);
      } else {
        io.stdout(formatTable(["NAME", "DISPLAY NAME", "DESCRIPTION"], documents.map(describeRow)));
      }
    });
}

function describeRow(document: Document): string[] {
  const description = typeof document.spec.description === "string" ? document.spec.description : "";
  return [
    document.metadata.name,
    document.metadata.displayName ?? "",
    description.length > 60 ? `${description.slice(0, 59)}…` : description,
  ];
}

async function formatMonitors(client: Client, name: string | undefined): Promise<string> {
  const monitors: MonitorView[] = name
    ? [await client.getMonitor(name).catch(describeApiError)]
    : await listAllMonitors(client);
  if (monitors.length === 0) return "No monitors. Declare one in YAML and run `nines apply -f FILE`.\n";
  const now = Date.now();
  const table = formatTable(
    ["NAME", "STATE", "TYPE", "TARGET", "INTERVAL", "UPTIME 24H", "LAST CHECK", "LAST ERROR"],
    monitors.map((monitor) => [
      monitor.name,
      monitor.state.toUpperCase(),
      monitor.type,
      monitor.target,
      formatDuration(monitor.intervalMs),
      monitor.uptime24h === null ? "—" : `${(monitor.uptime24h * 100).toFixed(2)}%`,
      formatAge(monitor.lastCheckAt, now),
      monitor.state === "down" ? (monitor.lastError ?? "") : "",
    ]),
  );
  if (!name) return table;
  const monitor = monitors[0] as MonitorView;
  return `${table}\n${stringify({ recent: monitor.recent.slice(0, 10).map((result) => ({ at: new Date(result.startedAt).toISOString(), ...result, startedAt: undefined })) })}`;
}

async function formatSlos(client: Client, name: string | undefined): Promise<string> {
  const slos = name
    ? [await client.getSlo(name).catch(describeApiError)]
    : (await client.listSlos().catch(describeApiError)).items;
  const table = formatSloTable(slos);
  return name ? `${table}\nBurn rates, budget and alerts: nines describe slo ${name}\n` : table;
}

async function listAllMonitors(client: Client): Promise<MonitorView[]> {
  const all: MonitorView[] = [];
  for (let offset = 0; ; ) {
    const page = await client.listMonitors({ limit: 500, offset }).catch(describeApiError);
    all.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return all;
  }
}
