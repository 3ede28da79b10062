import type { Command } from "commander";
import { createToken, listTokens, revokeToken } from "../../auth/tokens.js";
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
    .action(async (options: StoreCommandOptions & { name: string }) => {
      const store = await open(options);
      try {
        const { token: secret } = await createToken(store.db, options.name, Date.now());
        await recordCliAudit(store, io, { action: "token.create", kind: "Token", name: options.name });
        io.stdout(`${secret}\n`);
        io.stderr(
          `Token "${options.name}" created in ${store.location}. Keep it secret; use it as NINES_TOKEN or Authorization: Bearer.\n`,
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
                ["NAME", "PREFIX", "CREATED", "LAST USED"],
                tokens.map((t) => [
                  t.name,
                  `${t.prefix}…`,
                  new Date(t.createdAt).toISOString(),
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
