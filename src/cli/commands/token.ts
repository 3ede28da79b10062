import { type Command, Option } from "commander";
import { expiryFrom } from "../../auth/routes.js";
import { createToken, listTokens, revokeToken } from "../../auth/tokens.js";
import { ROLES, type Role } from "../../core/access.js";
import { recordCliAudit } from "../actor.js";
import { type CliIo, formatAge, formatTable } from "../io.js";
import { openCommandStore, type StoreCommandOptions, withStoreOptions } from "../store-options.js";

/**
 * Tokens are managed on the database itself (the data directory or DATABASE_URL), so the first
 * token can be made before any exists, whether or not a server runs.
 */
export function registerTokenCommands(program: Command, io: CliIo) {
  const token = program
    .command("token")
    .description("create, list and revoke API tokens (works on the database directly)");
  const withStore = withStoreOptions;
  const open = (options: StoreCommandOptions) => openCommandStore(options, io.env);

  withStore(token.command("create"))
    .description("create a token and print it (it is shown only once)")
    .requiredOption("--name <name>", "who or what uses the token, e.g. ci or alice")
    .addOption(
      new Option("--role <role>", "viewer reads; responder also acknowledges; editor applies and deletes; admin all")
        .choices(ROLES)
        .default("viewer"),
    )
    .option("--expires <duration>", "stop working after this long, e.g. 90d (default: never)")
    .action(async (options: StoreCommandOptions & { name: string; role: Role; expires?: string }) => {
      const now = Date.now();
      const expiresAt = expiryFrom(options.expires, now);
      const store = await open(options);
      try {
        const { token: secret } = await createToken(store.db, options.name, now, { role: options.role, expiresAt });
        await recordCliAudit(store, io, {
          action: "token.create",
          kind: "Token",
          name: options.name,
          detail: { role: options.role, ...(expiresAt !== undefined && { expiresAt }) },
        });
        io.stdout(`${secret}\n`);
        const expiry = expiresAt === undefined ? "never expires" : `expires ${new Date(expiresAt).toISOString()}`;
        io.stderr(
          `Token "${options.name}" (role ${options.role}, ${expiry}) created in ${store.location}. Keep it secret; use it as NINES_TOKEN or Authorization: Bearer.\n`,
        );
      } finally {
        await store.close();
      }
    });

  withStore(token.command("list"))
    .description("list tokens (names and prefixes, never the tokens)")
    .action(async (options: StoreCommandOptions) => {
      const store = await open(options);
      try {
        const tokens = await listTokens(store.db);
        const now = Date.now();
        io.stdout(
          tokens.length === 0
            ? "No tokens.\n"
            : formatTable(
                ["NAME", "PREFIX", "ROLE", "CREATED", "EXPIRES", "LAST USED"],
                tokens.map((t) => [
                  t.name,
                  `${t.prefix}…`,
                  t.role,
                  new Date(t.createdAt).toISOString(),
                  formatExpiry(t.expiresAt, now),
                  formatAge(t.lastUsedAt, now),
                ]),
              ),
        );
      } finally {
        await store.close();
      }
    });

  withStore(token.command("revoke"))
    .description("revoke a token by name")
    .argument("<name>")
    .action(async (name: string, options: StoreCommandOptions) => {
      const store = await open(options);
      try {
        await revokeToken(store.db, name);
        await recordCliAudit(store, io, { action: "token.revoke", kind: "Token", name });
        io.stdout(`Token "${name}" revoked.\n`);
      } finally {
        await store.close();
      }
    });
}

function formatExpiry(expiresAt: number | null, now: number): string {
  if (expiresAt === null) return "never";
  const date = new Date(expiresAt).toISOString();
  return expiresAt <= now ? `expired ${date}` : date;
}
