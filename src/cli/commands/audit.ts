import type { Command } from "commander";
import type { AuditRecord, ChainAnchor } from "../../audit/model.js";
import { listAudit, verifyAuditLog } from "../../audit/store.js";
import { openStore } from "../../store/database.js";
import { CliError, type CliIo, formatTable } from "../io.js";

interface StoreOptions {
  data?: string;
  databaseUrl?: string;
}

/**
 * The audit log, read on the database itself like `nines token`, so it can be checked with no
 * server running and without trusting one.
 */
export function registerAuditCommands(program: Command, io: CliIo) {
  const audit = program.command("audit").description("read and verify the audit log (works on the database directly)");
  const withStore = (command: Command) =>
    command
      .option("--data <dir>", "SQLite data directory (env NINES_DATA)")
      .option("--database-url <url>", "PostgreSQL URL (env DATABASE_URL)");
  const open = (options: StoreOptions) =>
    openStore({
      databaseUrl: options.databaseUrl ?? (io.env.DATABASE_URL || undefined),
      dataDir: options.data ?? io.env.NINES_DATA ?? "data",
    });

  withStore(audit.command("verify"))
    .description("check the hash chain; exits 1 naming the first bad record")
    .option("--anchor <seq:hash>", "a head printed by an earlier verify, which must still be there", parseAnchor)
    .action(async (options: StoreOptions & { anchor?: ChainAnchor }) => {
      const store = await open(options);
      try {
        const result = await verifyAuditLog(store.db, options.anchor);
        const head = result.head ? `${result.head.seq}:${result.head.hash}` : "none";
        if (!result.ok && result.problem)
          throw new CliError(
            `audit log in ${store.location} is broken: ${result.problem.reason}: ${result.problem.message}\n  (${result.count} records read, last ${head})`,
          );
        io.stdout(`Audit log intact: ${result.count} record${result.count === 1 ? "" : "s"}.\nHead: ${head}\n`);
        io.stderr(
          "Keep the head somewhere else and pass it as --anchor next time: only that reveals records removed from the end.\n",
        );
      } finally {
        await store.close();
      }
    });

  withStore(audit.command("list"))
    .description("list audit records, newest first")
    .option("--kind <kind>", "records of this kind only")
    .option("--name <name>", "records of this object or token name only")
    .option("--actor <actor>", "records of this actor only")
    .option("--limit <n>", "records to show", (value) => parseCount(value, 1), 50)
    .option("--offset <n>", "records to skip", (value) => parseCount(value, 0), 0)
    .action(
      async (
        options: StoreOptions & { kind?: string; name?: string; actor?: string; limit: number; offset: number },
      ) => {
        const store = await open(options);
        try {
          const { items, total } = await listAudit(store.db, options);
          io.stdout(
            items.length === 0
              ? "No audit records.\n"
              : formatTable(["SEQ", "AT", "ACTOR", "ACTION", "OBJECT", "VERSION", "FROM"], items.map(toRow)),
          );
          if (total > options.offset + items.length)
            io.stderr(`${items.length} of ${total}; see more with --offset ${options.offset + items.length}\n`);
        } finally {
          await store.close();
        }
      },
    );
}

function toRow(record: AuditRecord): string[] {
  const object = [record.kind, record.name].filter(Boolean).join("/");
  const versions =
    record.versionBefore === null && record.versionAfter === null
      ? ""
      : `${record.versionBefore ?? "-"}→${record.versionAfter ?? "-"}`;
  return [
    String(record.seq),
    new Date(record.at).toISOString(),
    record.actorRole ? `${record.actorName} (${record.actorRole})` : record.actorName,
    record.action,
    object,
    versions,
    record.actorAddress ?? "",
  ];
}

function parseAnchor(value: string): ChainAnchor {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new CliError(`--anchor must be SEQ:HASH as \`nines audit verify\` prints it, not "${value}"`);
  return { seq: Number(match[1]), hash: match[2] as string };
}

function parseCount(value: string, least: number): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < least)
    throw new CliError(`expected a whole number ≥ ${least}, not "${value}"`);
  return count;
}
