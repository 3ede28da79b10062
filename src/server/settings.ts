import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { parseDuration } from "../core/duration.js";
import { invalid } from "../core/errors.js";
import { parseNetwork } from "../net/networks.js";
import { parseRule } from "../net/policy.js";
import type { OpenStoreOptions } from "../store/database.js";

/**
 * Server settings, parsed once at start and passed down. Each comes from (highest first) a flag,
 * an environment variable, the `--config` file, or its default; `nines server --help` lists them
 * from this one table.
 */
export interface SettingDefinition {
  key: keyof Settings;
  flag: string;
  env: string;
  description: string;
  /** How the environment variable's text becomes the setting's value; the text itself by default. */
  fromEnv?: (raw: string) => unknown;
}

const envBoolean = (raw: string) => ["1", "true", "yes", "on"].includes(raw.toLowerCase());
const envList = (raw: string) =>
  raw
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

/** A duration setting such as `7d` or `12h`, parsed to milliseconds; at least an hour. */
const retentionSetting = (defaultMs: number) =>
  z
    .string()
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms < 3_600_000) {
        ctx.addIssue({ code: "custom", message: `expected a duration of an hour or more such as "7d", got "${text}"` });
        return z.NEVER;
      }
      return ms;
    })
    .default(defaultMs);

/** Where outbound connections may go: comma-separated (flag, env) or a YAML list of rules. */
const outboundRules = z
  .union([z.string(), z.array(z.string())])
  .transform((value, ctx) => {
    const entries = (typeof value === "string" ? value.split(",") : value).map((entry) => entry.trim()).filter(Boolean);
    for (const entry of entries) {
      const rule = parseRule(entry);
      if ("error" in rule) ctx.addIssue({ code: "custom", message: rule.error });
    }
    return entries;
  })
  .default([]);

/** CIDR ranges or addresses: comma-separated (flag, env) or a YAML list. */
const networkList = z
  .union([z.string(), z.array(z.string())])
  .transform((value, ctx) => {
    const entries = (typeof value === "string" ? value.split(",") : value).map((entry) => entry.trim()).filter(Boolean);
    for (const entry of entries) {
      const network = parseNetwork(entry);
      if ("error" in network) ctx.addIssue({ code: "custom", message: network.error });
    }
    return entries;
  })
  .default([]);

export const settingsSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65_535).default(9999),
  host: z.string().min(1).default("127.0.0.1"),
  dataDir: z.string().min(1).default("data"),
  /** Where objects may read files from (`caFile`, `file:` secret references); default `<dataDir>/files`. */
  filesDir: z.string().min(1).optional(),
  /** Base64 of 32 bytes (a comma-separated list while rotating, newest first); else `secretKeyFile`. */
  secretKey: z.string().min(1).optional(),
  /** Default `<dataDir>/secret.key`, made on the first start when no key is set. */
  secretKeyFile: z.string().min(1).optional(),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "expected a postgres:// or postgresql:// URL" })
    .optional(),
  /** PostgreSQL schema of Nines' tables (created when missing), so several deployments can share a database. */
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: "expected a schema name of lower-case letters, digits and _" })
    .optional(),
  configFiles: z.array(z.string()).default([]),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  demo: z.coerce.boolean().default(false),
  probeConcurrency: z.coerce.number().int().min(1).max(10_000).default(64),
  shutdownTimeoutMs: z.coerce.number().int().min(0).default(15_000),
  /** Milliseconds (written as a duration: `7d`). */
  rawRetention: retentionSetting(7 * 86_400_000),
  /** Milliseconds (written as a duration: `400d`). */
  rollupRetention: retentionSetting(400 * 86_400_000),
  probeAllow: outboundRules,
  probeDeny: outboundRules,
  notifyAllow: outboundRules,
  notifyDeny: outboundRules,
  /** Reads (not secrets) without a token; `demo` turns it on too. */
  anonymousRead: z.coerce.boolean().default(false),
  /**
   * Off by default: monitor names and URLs are in its labels, the same the viewer routes guard,
   * and Prometheus sends a token with `authorization: { credentials_file: ... }`.
   */
  metricsPublic: z.coerce.boolean().default(false),
  /** Host names the server answers to; default the listen address and the localhost names. */
  allowedHosts: z.array(z.string().min(1)).min(1).optional(),
  /** Networks whose alert senders (Prometheus, PagerDuty-style tools) may post alerts without a token. */
  alertIngestAllow: networkList,
  /** Milliseconds (written as a duration: `5m`): how long an alert without `endsAt` fires unless resent. */
  alertResolveTimeout: z
    .string()
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms < 1000) {
        ctx.addIssue({
          code: "custom",
          message: `expected a duration of a second or more such as "5m", got "${text}"`,
        });
        return z.NEVER;
      }
      return ms;
    })
    .default(5 * 60_000),
  /** Nines' address as people reach it, for links in notifications; default the listen address. */
  externalUrl: z
    .string()
    .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
      error: "expected an http:// or https:// URL such as https://nines.example.com",
    })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
});

export type Settings = z.infer<typeof settingsSchema>;

export const SETTINGS: readonly SettingDefinition[] = [
  { key: "port", flag: "--port <number>", env: "NINES_PORT", description: "HTTP port (0 picks a free one)" },
  {
    key: "host",
    flag: "--host <address>",
    env: "NINES_HOST",
    description: "address to listen on (0.0.0.0 for every interface)",
  },
  { key: "dataDir", flag: "--data <dir>", env: "NINES_DATA", description: "directory of the embedded SQLite database" },
  {
    key: "filesDir",
    flag: "--files-dir <dir>",
    env: "NINES_FILES_DIR",
    description:
      "the only directory objects may read files from (caFile, file: secret references); default <data>/files",
  },
  {
    key: "secretKey",
    flag: "--secret-key <base64>",
    env: "NINES_SECRET_KEY",
    description:
      "key that encrypts Secret values: base64 of 32 bytes, or a comma-separated list (newest first) during a rotation; prefer the environment to the flag",
  },
  {
    key: "secretKeyFile",
    flag: "--secret-key-file <path>",
    env: "NINES_SECRET_KEY_FILE",
    description:
      "file of the keys when NINES_SECRET_KEY is not set; made (0600) on the first start; default <data>/secret.key",
  },
  {
    key: "databaseUrl",
    flag: "--database-url <url>",
    env: "DATABASE_URL",
    description: "PostgreSQL URL; when set, used instead of SQLite",
  },
  {
    key: "databaseSchema",
    flag: "--database-schema <name>",
    env: "NINES_DATABASE_SCHEMA",
    description: "PostgreSQL schema for Nines' tables, created when missing (default: the URL's search_path, public)",
  },
  {
    key: "configFiles",
    flag: "-f, --file <path...>",
    env: "NINES_FILES",
    description: "YAML files or directories to apply at start (env: comma-separated)",
    fromEnv: envList,
  },
  {
    key: "logLevel",
    flag: "--log-level <level>",
    env: "NINES_LOG_LEVEL",
    description: "fatal, error, warn, info, debug or trace",
  },
  {
    key: "demo",
    flag: "--demo",
    env: "NINES_DEMO",
    description: "serve the built-in demo service under /demo for the demo monitors; implies --anonymous-read",
    fromEnv: envBoolean,
  },
  {
    key: "anonymousRead",
    flag: "--anonymous-read",
    env: "NINES_ANONYMOUS_READ",
    description: "let anyone who can reach the server read it without a token (not secrets); writes still need one",
    fromEnv: envBoolean,
  },
  {
    key: "metricsPublic",
    flag: "--metrics-public",
    env: "NINES_METRICS_PUBLIC",
    description: "serve /metrics without a token (otherwise it needs a viewer token)",
    fromEnv: envBoolean,
  },
  {
    key: "allowedHosts",
    flag: "--allowed-hosts <host...>",
    env: "NINES_ALLOWED_HOSTS",
    description:
      "host names clients reach the server by (.example.com for a domain, * for any; env: comma-separated); default the listen address and localhost",
    fromEnv: envList,
  },
  {
    key: "probeConcurrency",
    flag: "--probe-concurrency <number>",
    env: "NINES_PROBE_CONCURRENCY",
    description: "checks that may run at once",
  },
  {
    key: "shutdownTimeoutMs",
    flag: "--shutdown-timeout <ms>",
    env: "NINES_SHUTDOWN_TIMEOUT",
    description: "how long SIGTERM waits for in-flight work",
  },
  {
    key: "rawRetention",
    flag: "--raw-retention <duration>",
    env: "NINES_RAW_RETENTION",
    description: "how long raw probe results are kept; after that only hourly rollups remain (default 7d)",
  },
  {
    key: "rollupRetention",
    flag: "--rollup-retention <duration>",
    env: "NINES_ROLLUP_RETENTION",
    description: "how long hourly rollups of probe results are kept (default 400d)",
  },
  {
    key: "probeAllow",
    flag: "--probe-allow <rules>",
    env: "NINES_PROBE_ALLOW",
    description:
      "comma-separated CIDRs, addresses or host names (*.domain for subdomains) probes may reach besides public, private and loopback addresses, e.g. link-local devices",
  },
  {
    key: "probeDeny",
    flag: "--probe-deny <rules>",
    env: "NINES_PROBE_DENY",
    description: "comma-separated CIDRs, addresses or host names probes must not reach; wins over --probe-allow",
  },
  {
    key: "notifyAllow",
    flag: "--notify-allow <rules>",
    env: "NINES_NOTIFY_ALLOW",
    description:
      "comma-separated CIDRs, addresses or host names notifications and webhooks may reach besides public addresses (e.g. an internal chat server)",
  },
  {
    key: "notifyDeny",
    flag: "--notify-deny <rules>",
    env: "NINES_NOTIFY_DENY",
    description: "comma-separated CIDRs, addresses or host names notifications must not reach",
  },
  {
    key: "alertIngestAllow",
    flag: "--alert-ingest-allow <networks>",
    env: "NINES_ALERT_INGEST_ALLOW",
    description:
      "comma-separated CIDRs or addresses whose senders may post alerts (/api/v2/alerts, /api/v1/ingest/*) without a token; off by default",
  },
  {
    key: "alertResolveTimeout",
    flag: "--alert-resolve-timeout <duration>",
    env: "NINES_ALERT_RESOLVE_TIMEOUT",
    description:
      "how long an alert sent without endsAt fires unless sent again (Alertmanager's resolve_timeout; default 5m)",
  },
  {
    key: "externalUrl",
    flag: "--external-url <url>",
    env: "NINES_EXTERNAL_URL",
    description: "the address people reach Nines at, for the links in notifications (default the listen address)",
  },
];

/** Reads the `--config` file: YAML with the same keys as the settings (camelCase). */
export function readSettingsFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw invalid(
      `cannot read the settings file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const value: unknown = parseYaml(text);
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw invalid(`${file}: expected a mapping of settings`);
  return value as Record<string, unknown>;
}

/** Layers the sources and validates the result, naming the source of a bad value. */
export function resolveSettings(layers: {
  file?: Record<string, unknown>;
  fileName?: string;
  env?: Record<string, unknown>;
  flags?: Record<string, unknown>;
}): Settings {
  const merged: Record<string, unknown> = { ...layers.file, ...layers.env, ...layers.flags };
  const result = settingsSchema.safeParse(merged);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "");
    const definition = SETTINGS.find((setting) => setting.key === key);
    const source =
      layers.flags && key in layers.flags
        ? `flag ${definition?.flag.split(" ")[0]?.replace(",", "") ?? key}`
        : layers.env && key in layers.env
          ? `environment variable ${definition?.env ?? key}`
          : layers.file && key in layers.file
            ? `${layers.fileName ?? "settings file"}: ${key}`
            : key;
    return {
      path: `/${key}`,
      message:
        issue.code === "unrecognized_keys"
          ? `unknown settings: ${issue.keys.join(", ")}`
          : `${source}: ${issue.message}`,
    };
  });
  throw invalid(`invalid settings: ${issues.map((issue) => issue.message).join("; ")}`, issues);
}

/**
 * The settings as `nines server` sees them: flags over the environment over the `--config` file
 * (or `NINES_CONFIG`) over the defaults. Every command that opens the database starts here, so it
 * finds the database the server uses.
 */
export function loadSettings(sources: {
  flags?: Record<string, unknown>;
  configFile?: string | undefined;
  env: NodeJS.ProcessEnv;
}): Settings {
  const fileName = sources.configFile ?? (sources.env.NINES_CONFIG || undefined);
  return resolveSettings({
    ...(fileName ? { file: readSettingsFile(fileName), fileName } : {}),
    env: settingsFromEnv(sources.env),
    flags: sources.flags ?? {},
  });
}

/** Where the database is: PostgreSQL when a URL is set, otherwise SQLite in the data directory. */
export function resolveStoreOptions(
  settings: Pick<Settings, "dataDir" | "databaseUrl" | "databaseSchema">,
): OpenStoreOptions {
  if (!settings.databaseUrl) return { dataDir: settings.dataDir };
  return { databaseUrl: settings.databaseUrl, ...(settings.databaseSchema && { schema: settings.databaseSchema }) };
}

/** The NINES_* variables that are set, as settings keys. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const raw = env[setting.env];
    if (raw === undefined || raw === "") continue;
    values[setting.key] = setting.fromEnv ? setting.fromEnv(raw) : raw;
  }
  return values;
}
