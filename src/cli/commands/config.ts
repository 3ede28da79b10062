import { type Command, Option } from "commander";
import type { Plan } from "../../client/types.js";
import { type LoadedDocument, loadFiles } from "../../config/load.js";
import { checkReferences, orderForDeletion } from "../../config/object-references.js";
import { formatIssue, type Issue } from "../../core/errors.js";
import { KINDS } from "../../kinds.js";
import { connect, describeApiError } from "../connection.js";
import { CliError, type CliIo } from "../io.js";

function failOn(issues: readonly Issue[], io: CliIo, hint = ""): void {
  if (issues.length === 0) return;
  io.stderr(issues.map((issue) => `${formatIssue(issue)}\n`).join(""));
  throw new CliError(`${issues.length} problem${issues.length === 1 ? "" : "s"} found; nothing was changed${hint}`);
}

/** Loads and validates files locally, so errors name file, line and column before any server is asked. */
function loadOrFail(paths: string[], io: CliIo): LoadedDocument[] {
  const { documents, issues } = loadFiles(paths, { env: io.env, kinds: KINDS });
  failOn(issues, io);
  return documents;
}

/**
 * Offline, only the files given can hold what their documents name; with `--stored`, the server's
 * objects count too. `plan` and `apply` always resolve on the server, against what it stores.
 */
const REFERENCE_SCOPES = {
  offline: {
    missing: "is not defined in the files given",
    hint: "\n(validate resolves references among the files given: add the files that define them, or pass --stored to include the objects on the server)",
  },
  stored: { missing: "is neither in the files given nor stored on the server", hint: "" },
};

const SYMBOL = { create: "+", change: "~", delete: "-", unchanged: "=" } as const;

export function formatPlan(plan: Plan, verb: "would" | "did"): string {
  const lines: string[] = [];
  for (const change of plan.changes) {
    if (change.action === "unchanged") continue;
    lines.push(`${SYMBOL[change.action]} ${change.kind}/${change.name}`);
    for (const field of change.fields ?? []) {
      lines.push(
        `    ${field.path}: ${JSON.stringify(field.before) ?? "(unset)"} → ${JSON.stringify(field.after) ?? "(unset)"}`,
      );
    }
  }
  const { create, change, delete: deleted, unchanged } = plan.summary;
  const total = create + change + deleted;
  const counts =
    verb === "would"
      ? `${create} to create, ${change} to change, ${deleted} to delete`
      : `${create} created, ${change} changed, ${deleted} deleted`;
  const summary =
    total === 0
      ? `No changes: ${unchanged} object${unchanged === 1 ? " is" : "s are"} up to date.`
      : `${verb === "would" ? "Plan" : "Applied"}: ${counts}, ${unchanged} unchanged.`;
  return `${lines.length ? `${lines.join("\n")}\n` : ""}${summary}\n`;
}

export function registerConfigCommands(program: Command, io: CliIo) {
  program
    .command("validate")
    .description(
      "check YAML files or directories offline (references between them included); prints every problem with file:line:column",
    )
    .argument("<paths...>", "files or directories (*.yaml, *.yml)")
    .option("--stored", "also resolve references against the objects stored on the server (needs a viewer token)")
    .action(async (paths: string[], options: { stored?: boolean }, command: Command) => {
      const documents = loadOrFail(paths, io);
      const existing = options.stored ? (await connect(command, io).listObjects().catch(describeApiError)).items : [];
      const scope = REFERENCE_SCOPES[options.stored ? "stored" : "offline"];
      failOn(checkReferences(KINDS, documents, { existing, missing: scope.missing }), io, scope.hint);
      io.stdout(`${documents.length} document${documents.length === 1 ? "" : "s"} valid\n`);
    });

  for (const [name, dryRun] of [
    ["plan", true],
    ["apply", false],
  ] as const) {
    program
      .command(name)
      .description(
        dryRun
          ? "show what applying the files would create, change and delete"
          : "create or update what the files declare (idempotent)",
      )
      .requiredOption("-f, --file <paths...>", "files or directories")
      .option("--prune", "also delete stored objects of the files' kinds that the files no longer name")
      .action(async (options: { file: string[]; prune?: boolean }, command: Command) => {
        const documents = loadOrFail(options.file, io).map((loaded) => loaded.document);
        const client = connect(command, io);
        const request = { documents, prune: options.prune ?? false };
        const plan = await (dryRun ? client.plan(request) : client.apply(request)).catch(describeApiError);
        io.stdout(formatPlan(plan, dryRun ? "would" : "did"));
      });
  }

  program
    .command("export")
    .description("print every stored object (or one kind) as YAML that `nines apply` takes back")
    .argument("[kind]", "a kind, e.g. monitors")
    .action(async (kindName: string | undefined, _options: unknown, command: Command) => {
      if (kindName) requireKnownKind(kindName);
      io.stdout(await connect(command, io).exportYaml(kindName).catch(describeApiError));
    });

  program
    .command("delete")
    .description("delete one object, or every object declared in files")
    .argument("[kind]", "a kind, e.g. monitor")
    .argument("[name]", "the object's name")
    .option("-f, --file <paths...>", "delete what these files declare")
    .action(
      async (
        kindName: string | undefined,
        name: string | undefined,
        options: { file?: string[] },
        command: Command,
      ) => {
        const client = connect(command, io);
        const targets: Array<[string, string]> = options.file
          ? orderForDeletion(
              KINDS,
              loadOrFail(options.file, io).map(({ document }) => document),
            ).map((document) => [document.kind, document.metadata.name])
          : kindName && name
            ? [[requireKnownKind(kindName), name]]
            : usage("give a kind and a name (`nines delete monitor shop-health`) or -f FILES");
        for (const [kind, objectName] of targets) {
          await client.deleteObject(kind, objectName).catch(describeApiError);
          io.stdout(`- ${kind}/${objectName} deleted\n`);
        }
      },
    );
}

export function requireKnownKind(name: string): string {
  const kind = KINDS.find(name);
  if (!kind) throw new CliError(`unknown kind "${name}"; known kinds: ${KINDS.names().join(", ")}`);
  return kind.kind;
}

function usage(message: string): never {
  throw new CliError(message, 2);
}

export const outputOption = () =>
  new Option("-o, --output <format>", "table, yaml or json").choices(["table", "yaml", "json"]).default("table");
