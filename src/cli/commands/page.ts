import type { Command } from "commander";
import { stringify } from "yaml";
import type { Client, PageView } from "../../client/index.js";
import { connect, describeApiError } from "../connection.js";
import { CliError, type CliIo, formatAge, formatTable } from "../io.js";

/** `nines ack PAGE_ID`, `nines resolve PAGE_ID`, and the pages of `nines get pages`. */

export const PAGE_ARGUMENTS = ["pages", "page"];

function parsePageId(text: string): number {
  if (!/^\d{1,15}$/.test(text))
    throw new CliError(`expected a page id (a number, see \`nines get pages\`), got "${text}"`, 2);
  return Number(text);
}

const levelOf = (page: PageView) => (page.level < 0 ? "—" : String(page.level + 1));

export function formatPageTable(pages: readonly PageView[], now: number): string {
  if (pages.length === 0) return "No pages.\n";
  return formatTable(
    ["ID", "STATE", "TITLE", "LEVEL", "AGE", "ACKNOWLEDGED BY"],
    pages.map((page) => [
      String(page.id),
      page.state.toUpperCase(),
      page.title.length > 60 ? `${page.title.slice(0, 59)}…` : page.title,
      levelOf(page),
      formatAge(page.createdAt, now).replace(/ ago$/, ""),
      page.acknowledgedBy ?? "",
    ]),
  );
}

/** `nines get pages [ID]`: the table (every page, newest first), or one page with its history. */
export async function printPages(
  client: Client,
  io: CliIo,
  id: string | undefined,
  output: "table" | "yaml" | "json",
): Promise<void> {
  if (id !== undefined) {
    const page = await client.getPage(parsePageId(id)).catch(describeApiError);
    if (output === "json") return io.stdout(`${JSON.stringify(page, null, 2)}\n`);
    if (output === "yaml") return io.stdout(stringify(page));
    const events = page.events.map((event) => ({
      at: new Date(event.at).toISOString(),
      event: event.event,
      ...(event.userName && { user: event.userName }),
      ...event.detail,
    }));
    return io.stdout(`${formatPageTable([page], Date.now())}\n${stringify({ events })}`);
  }
  const pages: PageView[] = [];
  for (let offset = 0; ; ) {
    const batch = await client.listPages({ limit: 500, offset }).catch(describeApiError);
    pages.push(...batch.items);
    offset += batch.items.length;
    if (batch.items.length === 0 || offset >= batch.total) break;
  }
  if (output === "json") return io.stdout(`${JSON.stringify({ items: pages }, null, 2)}\n`);
  if (output === "yaml") return io.stdout(stringify({ items: pages }));
  io.stdout(formatPageTable(pages, Date.now()));
}

export function registerPageCommands(program: Command, io: CliIo) {
  program
    .command("ack")
    .description("acknowledge a page: its escalation stops (needs a responder token)")
    .argument("<page-id>", "the page's id, as `nines get pages` lists it")
    .action(async (id: string, _options: unknown, command: Command) => {
      const page = await connect(command, io).acknowledgePage(parsePageId(id)).catch(describeApiError);
      io.stdout(`page ${page.id} ${page.state} (by ${page.acknowledgedBy ?? "?"}): ${page.title}\n`);
    });
  program
    .command("resolve")
    .description("resolve a page; everyone it paged is told (needs a responder token)")
    .argument("<page-id>", "the page's id, as `nines get pages` lists it")
    .action(async (id: string, _options: unknown, command: Command) => {
      const page = await connect(command, io).resolvePage(parsePageId(id)).catch(describeApiError);
      io.stdout(`page ${page.id} ${page.state} (by ${page.resolvedBy ?? "?"}): ${page.title}\n`);
    });
}
