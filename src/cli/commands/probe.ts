import { type Command, CommanderError, Option } from "commander";
import { describeRawIssue } from "../../config/zod-issues.js";
import { type Connector, createConnector } from "../../net/connector.js";
import { findCheck } from "../../probes/checks/index.js";
import { type MonitorSpec, monitorSpec } from "../../probes/model.js";
import { assertNoReferences } from "../../secrets/references.js";
import { settingsSchema } from "../../server/settings.js";
import { CliError, type CliIo } from "../io.js";
import { formatProbeReport } from "../probe-report.js";

type ProbeType = "http" | "tcp" | "dns" | "tls";

interface ProbeOptions {
  type?: ProbeType;
  method?: string;
  header?: string[];
  body?: string;
  follow: boolean;
  insecure?: boolean;
  tls?: boolean;
  expectStatus?: string;
  send?: string;
  expect?: string;
  recordType?: string;
  resolver?: string;
  servername?: string;
  timeout: string;
  output: "text" | "json";
}

/** Options that shape one type's check; given with another type they are a mistake worth saying. */
const OPTIONS_OF: Record<string, ProbeType[]> = {
  method: ["http"],
  header: ["http"],
  body: ["http"],
  follow: ["http"],
  expectStatus: ["http"],
  insecure: ["http", "tcp"],
  tls: ["tcp"],
  send: ["tcp"],
  expect: ["tcp"],
  recordType: ["dns"],
  resolver: ["dns"],
  servername: ["tls"],
};

/** Which option or argument a spec field came from, for error messages. */
const FLAG_OF: Record<string, string> = {
  url: "URL",
  host: "TARGET",
  port: "TARGET",
  name: "TARGET",
  method: "--method",
  headers: "--header",
  body: "--body",
  expectedStatus: "--expect-status",
  timeout: "--timeout",
  send: "--send",
  expect: "--expect",
  recordType: "--record-type",
  resolver: "--resolver",
  servername: "--servername",
};

export function registerProbeCommand(program: Command, io: CliIo) {
  program
    .command("probe")
    .description("run one check now, without a server, and print its result with phase timings")
    .argument("<target>", "a URL (http), host:port (tcp), a name (--type dns) or host[:port] (--type tls)")
    .addOption(
      new Option("-t, --type <type>", "the check type (default: a URL is http, host:port is tcp)").choices([
        "http",
        "tcp",
        "dns",
        "tls",
      ]),
    )
    .option("-X, --method <method>", "http: the request method (default GET)")
    .option("-H, --header <header>", 'http: a request header "Name: value", repeatable', collect)
    .option("-d, --body <text>", "http: the request body")
    .option("--no-follow", "http: report a redirect instead of following it")
    .option("--expect-status <codes>", "http: status codes that count as up, e.g. 200,300-399 or 2xx")
    .option("-k, --insecure", "http and tcp: accept any TLS certificate")
    .option("--tls", "tcp: speak TLS over the connection")
    .option("--send <payload>", "tcp: a payload to send, with \\r\\n escapes")
    .option("--expect <pattern>", "tcp: text (or /regex/) the reply must contain")
    .option("--record-type <type>", "dns: A, AAAA, CNAME, MX, TXT, NS or SRV (default A)")
    .option("--resolver <ip[:port]>", "dns: the DNS server to ask (default: the system's)")
    .option("--servername <name>", "tls: the name to send as SNI and match (default: the host)")
    .option("--timeout <duration>", "how long the check may take", "10s")
    .addOption(new Option("-o, --output <format>", "text or json").choices(["text", "json"]).default("text"))
    .addHelpText(
      "after",
      "\nThe server's probe policy applies: metadata and link-local addresses are refused; NINES_PROBE_ALLOW and\nNINES_PROBE_DENY (comma-separated CIDRs or host names) widen or narrow it, as for `nines server`.\n",
    )
    .action(async (target: string, options: ProbeOptions, command: Command) => {
      const spec = assertNoReferences(buildSpec(target, options, command));
      const check = findCheck(spec);
      if (!check) throw new CliError(`no check for type "${spec.type}"`);
      const outcome = await check.run(spec, {
        signal: new AbortController().signal,
        now: Date.now,
        connector: createProbeConnector(io.env),
      });
      const report = { type: spec.type, target: check.describeTarget(spec), ...outcome };
      io.stdout(
        options.output === "json" ? `${JSON.stringify(report, null, 2)}\n` : formatProbeReport(report, Date.now()),
      );
      // Not up: exit 1 for scripts, with nothing more to say than the report above.
      if (outcome.status !== "up") throw new CommanderError(1, "nines.probe.notUp", "");
    });
}

/** The server's probe policy, with the same NINES_PROBE_ALLOW and NINES_PROBE_DENY the server reads. */
function createProbeConnector(env: NodeJS.ProcessEnv): Connector {
  const parsed = settingsSchema
    .pick({ probeAllow: true, probeDeny: true })
    .safeParse({ probeAllow: env.NINES_PROBE_ALLOW ?? [], probeDeny: env.NINES_PROBE_DENY ?? [] });
  if (!parsed.success)
    throw new CliError(`invalid NINES_PROBE_ALLOW or NINES_PROBE_DENY: ${parsed.error.issues[0]?.message}`);
  return createConnector({ settings: { probe: { allow: parsed.data.probeAllow, deny: parsed.data.probeDeny } } });
}

/** Repeated options add up; a variadic option would swallow the target after it. */
const collect = (value: string, previous: string[] = []) => [...previous, value];

function buildSpec(target: string, options: ProbeOptions, command: Command): MonitorSpec {
  const type = options.type ?? inferType(target);
  for (const [option, types] of Object.entries(OPTIONS_OF)) {
    if (command.getOptionValueSource(option) === "cli" && !types.includes(type)) {
      const flag = command.options.find((candidate) => candidate.attributeName() === option)?.long ?? option;
      throw new CliError(`${flag} applies to ${types.join(" and ")} probes, not ${type}`);
    }
  }
  const fields = {
    type,
    interval: "24h",
    timeout: options.timeout,
    ...targetFields(type, target),
    ...typeFields(type, options),
  };
  const parsed = monitorSpec.safeParse(fields, { error: describeRawIssue });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? "");
  throw new CliError(`invalid ${FLAG_OF[field] ?? field}: ${issue?.message ?? "not accepted"}`);
}

function inferType(target: string): ProbeType {
  if (/^https?:\/\//i.test(target)) return "http";
  if (/^(\[[^\]]+\]|[^\s/:]+):\d+$/.test(target)) return "tcp";
  throw new CliError(
    `cannot tell what to probe from "${target}": give a URL (https://...), host:port for tcp, or --type dns NAME or --type tls HOST`,
  );
}

function targetFields(type: ProbeType, target: string): Record<string, unknown> {
  if (type === "http") return { url: target };
  if (type === "dns") return { name: target };
  // For tls, a URL's host and port will do: `nines probe --type tls https://shop.example`.
  const url = type === "tls" && /^https:\/\//i.test(target) ? new URL(target) : undefined;
  const { host, port } = url
    ? { host: url.hostname.replace(/^\[|\]$/g, ""), port: url.port || "443" }
    : splitHostPort(target);
  if (type === "tcp" && port === undefined) throw new CliError(`expected HOST:PORT for a tcp probe, got "${target}"`);
  return { host, ...(port === undefined ? {} : { port: Number(port) }) };
}

/** `db:5432`, `[::1]:5432`, or a bare name or address (an IPv6 address has colons but no port). */
function splitHostPort(text: string): { host: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d*))?$/.exec(text);
  if (bracketed) return { host: bracketed[1] as string, port: bracketed[2] };
  const parts = text.split(":");
  return parts.length === 2 ? { host: parts[0] as string, port: parts[1] } : { host: text };
}

function typeFields(type: ProbeType, options: ProbeOptions): Record<string, unknown> {
  switch (type) {
    case "http":
      return {
        method: options.method?.toUpperCase(),
        headers: options.header && parseHeaders(options.header),
        body: options.body,
        followRedirects: options.follow,
        tlsVerify: !options.insecure,
        expectedStatus: options.expectStatus && parseStatusCodes(options.expectStatus),
      };
    case "tcp":
      return { send: options.send, expect: options.expect, tls: options.tls, tlsVerify: !options.insecure };
    case "dns":
      return { recordType: options.recordType?.toUpperCase(), resolver: options.resolver };
    default:
      return { servername: options.servername };
  }
}

function parseHeaders(headers: string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const header of headers) {
    const colon = header.indexOf(":");
    if (colon <= 0) throw new CliError(`invalid --header "${header}": expected "Name: value"`);
    parsed[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  return parsed;
}

/** `200,300-399` and `2xx` as `expectedStatus` takes them: numbers and "low-high" ranges. */
function parseStatusCodes(text: string): Array<number | string> {
  return text.split(",").map((part) => {
    const code = part.trim();
    if (/^[1-5]xx$/i.test(code)) return `${code[0]}00-${code[0]}99`;
    return /^\d+$/.test(code) ? Number(code) : code;
  });
}
