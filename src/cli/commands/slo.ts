import type { Command } from "commander";
import { connect, describeApiError } from "../connection.js";
import { CliError, type CliIo } from "../io.js";

/**
 * `nines slo gate`: the error budget policy for deploy pipelines. Exits 0 when the service may
 * release, 1 (saying which SLO and why) when a budget is spent or burns above --max-burn.
 */
export function registerSloCommands(program: Command, io: CliIo) {
  const slo = program.command("slo").description("SLO tools for pipelines");
  slo
    .command("gate")
    .description(
      "exit non-zero when an SLO of the service has spent its error budget (or burns faster than --max-burn over 1h): a release freeze",
    )
    .requiredOption("--service <name>", "the Service whose SLOs decide")
    .option("--max-burn <rate>", "also close the gate above this 1h burn rate, e.g. 2", (value: string) => {
      const rate = Number(value);
      if (!Number.isFinite(rate) || rate <= 0)
        throw new CliError(`--max-burn: expected a positive number such as 2, got "${value}"`, 2);
      return rate;
    })
    .action(async (options: { service: string; maxBurn?: number }, command: Command) => {
      const gate = await connect(command, io)
        .checkSloGate(options.service, { ...(options.maxBurn !== undefined && { maxBurn: options.maxBurn }) })
        .catch(describeApiError);
      if (gate.pass) {
        io.stdout(
          `open: ${gate.service} may release (${gate.checked.length} SLO${gate.checked.length === 1 ? "" : "s"} within budget: ${gate.checked.join(", ")})\n`,
        );
        return;
      }
      const lines = gate.reasons.map((reason) => `  ${reason.slo} (${reason.objective}): ${reason.reason}`);
      throw new CliError(`closed: ${gate.service} should not release\n${lines.join("\n")}`, 1);
    });
}
