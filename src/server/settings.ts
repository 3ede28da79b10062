import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { parseDuration } from "../core/duration.js";
import { invalid } from "../core/errors.js";

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
}

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
  configFiles: z.array(z.string()).default([]),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  demo: z.coerce.boolean().default(false),
  probeConcurrency: z.coerce.number().int().min(1).max(10_000).default(64),
  shutdownTimeoutMs: z.coerce.number().int().min(0).default(15_000),
  /** Milliseconds (written as a duration: `7d`). */
  rawRetention: retentionSetting(7 * 86_400_000),
  /** Milliseconds (written as a duration: `400d`). */
  rollupRetention: retentionSetting(400 * 86_400_000),
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
    key: "configFiles",
    flag: "-f, --file <path...>",
    env: "NINES_FILES",
    description: "YAML files or directories to apply at start (env: comma-separated)",
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
    description: "serve the built-in demo service under /demo for the demo monitors",
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

/** The NINES_* variables that are set, as settings keys. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const raw = env[setting.env];
    if (raw === undefined || raw === "") continue;
    if (setting.key === "configFiles")
      values[setting.key] = raw
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
    else if (setting.key === "demo") values[setting.key] = ["1", "true", "yes", "on"].includes(raw.toLowerCase());
    else values[setting.key] = raw;
  }
  return values;
}
