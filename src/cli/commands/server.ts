import { type Command, Option } from "commander";
import { startServer } from "../../server/main.js";
import { loadSettings, SETTINGS } from "../../server/settings.js";
import type { CliIo } from "../io.js";

export function registerServerCommand(program: Command, io: CliIo) {
  const command = program
    .command("server")
    .description("run Nines: the API, the UI and every engine in one process")
    .option("--config <file>", "YAML settings file with the keys below in camelCase (env NINES_CONFIG)");
  for (const setting of SETTINGS) {
    command.addOption(new Option(setting.flag, `${setting.description} (env ${setting.env})`));
  }
  command.addHelpText(
    "after",
    "\nPrecedence: flag, then environment variable, then --config file, then the default.\n--demo implies --anonymous-read: anyone who can reach the demo can read it.\nExamples:\n  nines server --demo -f examples/demo\n  DATABASE_URL=postgres://nines@db/nines nines server --host 0.0.0.0\n",
  );

  command.action(async (options: Record<string, unknown>) => {
    // Commander names option values after the flag (--data → data); settings have their own keys.
    const flags: Record<string, unknown> = {};
    for (const setting of SETTINGS) {
      const value = options[new Option(setting.flag).attributeName()];
      if (value !== undefined) flags[setting.key] = value;
    }
    const settings = loadSettings({ flags, configFile: options.config as string | undefined, env: io.env });
    const server = await startServer(settings);
    const demo = settings.demo
      ? `\n  Break the demo shop:   curl -X PUT ${server.url}/demo/control -H 'content-type: application/json' -d '{"failureRate":0.5}'`
      : "";
    const open =
      settings.anonymousRead || settings.demo
        ? "\n  Anyone who can reach it can read it without a token; writes need one (nines token create --role editor)."
        : "\n  Reads and writes need a token: nines token create --name me --role viewer|editor|admin";
    io.stderr(`\n  Nines is running at ${server.url}  (stop with Ctrl-C)${open}${demo}\n\n`);
  });
}
