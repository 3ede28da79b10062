import path from "node:path";
import type { Command } from "commander";
import { addKeyToFile, addKeyToList, loadKeyring } from "../../secrets/keyring.js";
import { reencryptSecretValues } from "../../secrets/rotation.js";
import { listSecretValues } from "../../secrets/store.js";
import { openStore } from "../../store/database.js";
import { type CliIo, formatTable } from "../io.js";

interface StoreOptions {
  data?: string;
  databaseUrl?: string;
  keyFile?: string;
}

/**
 * Secrets' keys are managed on the database and key file themselves, like tokens, so a rotation
 * needs no running server and no token.
 */
export function registerSecretCommands(program: Command, io: CliIo) {
  const secret = program
    .command("secret")
    .description("list Secret keys and rotate the key that encrypts their values (works on the database directly)");
  const withStore = (command: Command) =>
    command
      .option("--data <dir>", "SQLite data directory (env NINES_DATA)")
      .option("--database-url <url>", "PostgreSQL URL (env DATABASE_URL)")
      .option("--key-file <path>", "key file (env NINES_SECRET_KEY_FILE, default <data>/secret.key)");

  const open = (options: StoreOptions) =>
    openStore({
      databaseUrl: options.databaseUrl ?? (io.env.DATABASE_URL || undefined),
      dataDir: dataDir(options),
    });
  const dataDir = (options: StoreOptions) => options.data ?? io.env.NINES_DATA ?? "data";
  const keyFile = (options: StoreOptions) =>
    options.keyFile ?? io.env.NINES_SECRET_KEY_FILE ?? path.join(dataDir(options), "secret.key");

  withStore(secret.command("list"))
    .description("list Secrets with their keys and revisions (never the values)")
    .action(async (options: StoreOptions) => {
      const store = await open(options);
      try {
        const values = await listSecretValues(store.db);
        io.stdout(
          values.length === 0
            ? "No secret values.\n"
            : formatTable(
                ["SECRET", "KEY", "REVISION"],
                values.map((value) => [value.name, value.key, String(value.revision)]),
              ),
        );
      } finally {
        await store.close();
      }
    });

  withStore(secret.command("rotate-key"))
    .description("make a new encryption key and re-encrypt every Secret value with it; older keys stay readable")
    .action(async (options: StoreOptions) => {
      const current = io.env.NINES_SECRET_KEY;
      const store = await open(options);
      try {
        if (current) {
          const { keyring, value } = addKeyToList(current);
          const { reencrypted } = await reencryptSecretValues(store.db, keyring);
          io.stdout(`${value}\n`);
          io.stderr(
            `Re-encrypted ${reencrypted} value${reencrypted === 1 ? "" : "s"} with key ${keyring.primaryId}. Set NINES_SECRET_KEY to the line above on every server and restart them; drop the older keys from it once all run with it.\n`,
          );
          return;
        }
        const file = keyFile(options);
        // Loading first makes the file when there is none yet, so its key is kept readable too.
        loadKeyring({ keyFile: file });
        const keyring = addKeyToFile(file);
        const { reencrypted } = await reencryptSecretValues(store.db, keyring);
        io.stdout(
          `Re-encrypted ${reencrypted} value${reencrypted === 1 ? "" : "s"} with new key ${keyring.primaryId} in ${file}; the older keys stay in it, readable.\n`,
        );
      } finally {
        await store.close();
      }
    });
}
