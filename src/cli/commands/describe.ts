import type { Command } from "commander";
import { connect, describeApiError } from "../connection.js";
import { CliError, type CliIo } from "../io.js";
import { formatSloDescription } from "../slo-report.js";
import { requireKnownKind } from "./config.js";

/** What `nines describe` can tell about each kind, beyond the YAML that `nines get -o yaml` prints. */
const DESCRIBED = ["SLO"];

export function registerDescribeCommand(program: Command, io: CliIo) {
  program
    .command("describe")
    .description("show one object in detail: an SLO's objectives, burn rates, budget, alert tiers and recent alerts")
    .argument("<kind>", "slo")
    .argument("<name>", "the object's name")
    .action(async (kindName: string, name: string, _options: unknown, command: Command) => {
      const kind = requireKnownKind(kindName);
      if (!DESCRIBED.includes(kind))
        throw new CliError(
          `nines describe knows ${DESCRIBED.join(", ")} only; \`nines get ${kindName} ${name} -o yaml\` shows any object`,
          2,
        );
      const slo = await connect(command, io).getSlo(name).catch(describeApiError);
      io.stdout(formatSloDescription(slo, Date.now()));
    });
}
