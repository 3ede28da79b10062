import { type Command, Option } from "commander";
import { loadSettings, resolveStoreOptions, SETTINGS, type Settings } from "../server/settings.js";
import { openStore, type Store } from "../store/database.js";

/** Options of a command that works on the database itself, named and documented as for `nines server`. */
export interface StoreCommandOptions {
  config?: string;
  data?: string;
  databaseUrl?: string;
  databaseSchema?: string;
}

const STORE_SETTINGS: ReadonlyArray<keyof Settings> = ["dataDir", "databaseUrl", "databaseSchema"];

/** Adds `--config`, `--data`, `--database-url` and `--database-schema`, with the environment variables `nines server` reads. */
export function withStoreOptions(command: Command): Command {
  command.option("--config <file>", "YAML settings file, as for nines server (env NINES_CONFIG)");
  for (const setting of SETTINGS.filter((candidate) => STORE_SETTINGS.includes(candidate.key)))
    command.addOption(new Option(setting.flag, `${setting.description} (env ${setting.env})`));
  return command;
}

/** Opens the database that `nines server` would open with the same flags, environment and file. */
export function openCommandStore(options: StoreCommandOptions, env: NodeJS.ProcessEnv): Promise<Store> {
  const flags = {
    ...(options.data !== undefined && { dataDir: options.data }),
    ...(options.databaseUrl !== undefined && { databaseUrl: options.databaseUrl }),
    ...(options.databaseSchema !== undefined && { databaseSchema: options.databaseSchema }),
  };
  return openStore(resolveStoreOptions(loadSettings({ flags, configFile: options.config, env })));
}
